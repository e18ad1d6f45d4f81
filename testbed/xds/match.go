// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package xds

import (
	"strconv"
	"strings"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
)

// matchString renders a route match: the path first ("prefix /a", "exact
// /a", "regex ^/a"), then headers and query parameters with CSS-like
// operators (name=value exact, ^= prefix, $= suffix, *= contains, ~=
// regex, a bare name for presence, ! before a negated match).
func matchString(m *routev3.RouteMatch) string {
	var parts []string
	switch {
	case m.GetPathSeparatedPrefix() != "":
		// What Envoy Gateway makes of a Gateway API PathPrefix: a prefix
		// that matches whole path segments only.
		parts = append(parts, "prefix "+m.GetPathSeparatedPrefix())
	case m.GetPrefix() != "":
		parts = append(parts, "prefix "+m.GetPrefix())
	case m.GetPath() != "":
		parts = append(parts, "exact "+m.GetPath())
	case m.GetSafeRegex() != nil:
		parts = append(parts, "regex "+m.GetSafeRegex().GetRegex())
	case m.GetConnectMatcher() != nil:
		parts = append(parts, "CONNECT")
	case m.GetPathMatchPolicy() != nil:
		parts = append(parts, "path policy "+m.GetPathMatchPolicy().GetName())
	}
	for _, h := range m.GetHeaders() {
		parts = append(parts, "header "+headerString(h))
	}
	for _, q := range m.GetQueryParameters() {
		op := "present"
		if sm := q.GetStringMatch(); sm != nil {
			op = stringMatch(sm)
		}
		parts = append(parts, "query "+q.GetName()+op)
	}
	if len(parts) == 0 {
		return "(any)"
	}
	return strings.Join(parts, ", ")
}

func headerString(h *routev3.HeaderMatcher) string {
	var op string
	switch {
	case h.GetStringMatch() != nil:
		op = stringMatch(h.GetStringMatch())
	case h.GetPresentMatch():
		op = ""
	case h.GetRangeMatch() != nil:
		r := h.GetRangeMatch()
		op = " in [" + strconv.FormatInt(r.GetStart(), 10) + "," + strconv.FormatInt(r.GetEnd(), 10) + ")"
	default:
		op = " (other matcher)"
	}
	if h.GetInvertMatch() {
		return "!" + h.GetName() + op
	}
	return h.GetName() + op
}

func stringMatch(m *matcherv3.StringMatcher) string {
	switch {
	case m.GetSafeRegex() != nil:
		return "~=" + m.GetSafeRegex().GetRegex()
	case m.GetPrefix() != "":
		return "^=" + m.GetPrefix()
	case m.GetSuffix() != "":
		return "$=" + m.GetSuffix()
	case m.GetContains() != "":
		return "*=" + m.GetContains()
	}
	return "=" + m.GetExact()
}

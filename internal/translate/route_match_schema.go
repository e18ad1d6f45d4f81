// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The CRD's rules on a rule's matches: the path (type and, for Exact and
// PathPrefix, the CEL rules on its value), the method, and the header and
// query parameter matches.

const (
	pathExact  = "Exact"
	pathPrefix = "PathPrefix"
	pathRegex  = "RegularExpression"

	patternHeaderName = `^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`
	patternPathChars  = `^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`
)

var (
	reHeaderName = regexp.MustCompile(patternHeaderName)
	rePathChars  = regexp.MustCompile(patternPathChars)

	httpMethods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}

	specHeaderName = stringSpec{required: true, min: 1, max: 256, match: reHeaderName.MatchString, pattern: patternHeaderName,
		hint: `A header name uses letters, digits and !#$%&'*+-.^_` + "`" + `|~, e.g. "x-env".`}
	specMatchValue = stringSpec{required: true, min: 1, max: 4096, hint: "Set the value to match."}
	specQueryValue = stringSpec{required: true, min: 1, max: 1024, hint: "Set the value to match."}
	specPathValue  = stringSpec{max: 1024, hint: "Shorten the path."}
)

// pathCEL is one CEL rule on an Exact or PathPrefix path value.
type pathCEL struct {
	message string
	fails   func(string) bool
}

var pathCELs = []pathCEL{
	{"value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return !strings.HasPrefix(v, "/") }},
	{"must not contain '//' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.Contains(v, "//") }},
	{"must not contain '/./' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.Contains(v, "/./") }},
	{"must not contain '/../' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.Contains(v, "/../") }},
	{"must not contain '%2f' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.Contains(v, "%2f") }},
	{"must not contain '%2F' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.Contains(v, "%2F") }},
	{"must not contain '#' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.Contains(v, "#") }},
	{"must not end with '/..' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.HasSuffix(v, "/..") }},
	{"must not end with '/.' when type one of ['Exact', 'PathPrefix']", func(v string) bool { return strings.HasSuffix(v, "/.") }},
	{"must only contain valid characters (matching " + patternPathChars + ") for types ['Exact', 'PathPrefix']", func(v string) bool { return !rePathChars.MatchString(v) }},
}

func (t *translator) ruleMatches(rc *routeCtx, rule HTTPRouteRule, rp Path, kp string) {
	ms, _ := rule.Matches.Get()
	for i, m := range ms {
		mp := rp.Attr("matches").Index(i)
		mk := kp + ".matches[" + strconv.Itoa(i) + "]"
		t.pathMatch(rc, m.Path, mp.Attr("path"), mk+".path")
		if method, ok := m.Method.Get(); ok && !isHTTPMethod(method) {
			t.errorf(rc.in.Origin, rc.ref, RuleRouteMethod, mp.Attr("method"), sumEnum(method, httpMethods...),
				fmt.Sprintf("%q is not an HTTP method the Gateway API matches on. Use one of %s, in upper case.", method, strings.Join(httpMethods, ", ")))
		}
		t.valueMatches(rc, RuleRouteHeaderMatch, m.Headers, mp.Attr("headers"), mk+".headers", specMatchValue)
		t.valueMatches(rc, RuleRouteQueryParamMatch, m.QueryParams, mp.Attr("query_params"), mk+".queryParams", specQueryValue)
	}
}

func isHTTPMethod(m string) bool {
	for _, x := range httpMethods {
		if m == x {
			return true
		}
	}
	return false
}

// pathMatch checks a path match after the CRD's defaults (type PathPrefix,
// value "/").
func (t *translator) pathMatch(rc *routeCtx, v Value[PathMatch], p Path, kp string) {
	pm, ok := v.Get()
	if !ok {
		return
	}
	o, ref := rc.in.Origin, rc.ref
	typ, tok := pm.Type.Get()
	if pm.Type.IsNull() {
		typ, tok = pathPrefix, true
	}
	if tok && typ != pathExact && typ != pathPrefix && typ != pathRegex {
		t.errorf(o, ref, RuleRoutePathMatch, p.Attr("type"), sumEnum(typ, pathExact, pathPrefix, pathRegex),
			fmt.Sprintf("%q is not a path match type. Use PathPrefix (the default), Exact or RegularExpression.", typ))
		return
	}
	t.checkString(o, ref, RuleRoutePathMatch, p.Attr("value"), kp+".value", pm.Value, specPathValue)
	value, vok := pm.Value.Get()
	if pm.Value.IsNull() {
		value, vok = "/", true
	}
	if !tok || !vok || typ == pathRegex {
		return
	}
	for _, c := range pathCELs {
		if c.fails(value) {
			t.errorf(o, ref, RuleRoutePathMatch, p.Attr("value"), c.message,
				fmt.Sprintf("%q is not a clean absolute path, which a %s match needs: it starts with '/', has no empty, '.' or '..' segments, no '#' or encoded '/', and only URL path characters. For a pattern use type RegularExpression.", value, typ))
		}
	}
}

// valueMatches checks header or query parameter matches: at most 16, each
// with a valid name, a value and a known type, names unique (the list is a
// map keyed by name).
func (t *translator) valueMatches(rc *routeCtx, rule Rule, v Value[[]ValueMatch], p Path, kp string, valueSpec stringSpec) {
	vms, ok := v.Get()
	if !ok {
		return
	}
	o, ref := rc.in.Origin, rc.ref
	t.checkCount(rc, rule, p, len(vms), maxRouteListLen, p.lastName())
	seen := map[string]int{}
	for i, m := range vms {
		ip, ik := p.Index(i), kp+"["+strconv.Itoa(i)+"]"
		t.checkString(o, ref, rule, ip.Attr("name"), ik+".name", m.Name, specHeaderName)
		t.checkString(o, ref, rule, ip.Attr("value"), ik+".value", m.Value, valueSpec)
		if typ, ok := m.Type.Get(); ok && typ != pathExact && typ != pathRegex {
			t.errorf(o, ref, rule, ip.Attr("type"), sumEnum(typ, pathExact, pathRegex),
				fmt.Sprintf("%q is not a match type. Use Exact (the default) or RegularExpression.", typ))
		}
		name, ok := m.Name.Get()
		if !ok {
			continue
		}
		if first, dup := seen[name]; dup {
			t.errorf(o, ref, rule, ip.Attr("name"), field.Duplicate(nil, map[string]any{"name": name}).ErrorBody(),
				fmt.Sprintf("%s[%d] and %s[%d] both match %q; a match takes each name once. Merge them into one entry.", p.lastName(), first, p.lastName(), i, name))
			continue
		}
		seen[name] = i
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// The CRD's rules on backend references, timeouts, and the CEL rules that
// compare the filters of one rule with each other and with its matches
// and backends.

const (
	celBackendTimeout  = "backendRequest timeout cannot be longer than request timeout"
	patternDuration    = `^([0-9]{1,5}(h|m|s|ms)){1,4}$`
	kindService        = "Service"
	celReplacePrefixOf = "When using %s filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
)

var (
	reDuration      = regexp.MustCompile(patternDuration)
	specBackendName = stringSpec{required: true, min: 1, max: 253, hint: "Set it to the name of the Service."}
	specBackendKind = stringSpec{min: 1, max: 63, match: matchKindPattern, pattern: patternKind,
		hint: `Leave kind out for a Service.`}
	specBackendGroup = stringSpec{max: 253, match: matchGroup, pattern: patternGroup,
		hint: `Leave group out (or "") for the core group of Services.`}
	specDuration = stringSpec{match: reDuration.MatchString, pattern: patternDuration,
		hint: `Write a duration as numbers of h, m, s or ms, e.g. "10s" or "1m30s".`}
)

// isServiceRef reports whether a backend is a core Service after the CRD's
// defaults; known is false when group or kind is unknown.
func isServiceRef(b BackendRef) (is, known bool) {
	if b.Group.IsUnknown() || b.Kind.IsUnknown() {
		return false, false
	}
	return b.Group.Or("") == "" && b.Kind.Or(kindService) == kindService, true
}

// backendRef checks one backend reference (of backend_refs or of a mirror).
func (t *translator) backendRef(rc *routeCtx, rule Rule, b BackendRef, p Path, kp string) {
	o, ref := rc.in.Origin, rc.ref
	t.checkString(o, ref, rule, p.Attr("group"), kp+".group", b.Group, specBackendGroup)
	t.checkString(o, ref, rule, p.Attr("kind"), kp+".kind", b.Kind, specBackendKind)
	t.checkString(o, ref, rule, p.Attr("name"), kp+".name", b.Name, specBackendName)
	t.optionalNamespace(rc, rule, p.Attr("namespace"), kp+".namespace", b.Namespace)
	t.checkInt(rc, rule, p.Attr("port"), kp+".port", b.Port, 1, 65535, "Use the Service port, 1 to 65535.")
	if svc, known := isServiceRef(b); svc && known && b.Port.IsNull() {
		t.errorf(o, ref, rule, p.Attr("port"), celServicePort,
			"A Service backend needs the port of the Service to send requests to. Set port.")
	}
}

func (t *translator) ruleBackendRefs(rc *routeCtx, rule HTTPRouteRule, rp Path, kp string) {
	refs, _ := rule.BackendRefs.Get()
	p := rp.Attr("backend_refs")
	t.checkCount(rc, RuleRouteBackendRef, p, len(refs), maxRouteListLen, "backend_refs per rule")
	for i, b := range refs {
		ik := kp + ".backendRefs[" + strconv.Itoa(i) + "]"
		t.backendRef(rc, RuleRouteBackendRef, b, p.Index(i), ik)
		t.checkInt(rc, RuleRouteBackendRef, p.Index(i).Attr("weight"), ik+".weight", b.Weight, 0, maxBackendWeight,
			"Use a weight from 0 (no traffic) to 1000000; it is relative to the rule's other backends.")
	}
}

func (t *translator) ruleTimeouts(rc *routeCtx, rule HTTPRouteRule, rp Path, kp string) {
	to, ok := rule.Timeouts.Get()
	if !ok {
		return
	}
	o, ref, p := rc.in.Origin, rc.ref, rp.Attr("timeouts")
	reqOK := t.checkString(o, ref, RuleRouteTimeouts, p.Attr("request"), kp+".timeouts.request", to.Request, specDuration)
	backOK := t.checkString(o, ref, RuleRouteTimeouts, p.Attr("backend_request"), kp+".timeouts.backendRequest", to.BackendRequest, specDuration)
	req, rok := to.Request.Get()
	back, bok := to.BackendRequest.Get()
	if !reqOK || !backOK || !rok || !bok {
		return
	}
	rd, err1 := time.ParseDuration(req)
	bd, err2 := time.ParseDuration(back)
	if err1 == nil && err2 == nil && rd != 0 && bd > rd {
		t.errorf(o, ref, RuleRouteTimeouts, p.Attr("backend_request"), celBackendTimeout,
			fmt.Sprintf("backend_request (%s) bounds each try at the backend and request (%s) the whole request, so it may not be longer. Shorten backend_request or lengthen request.", back, req))
	}
}

// filterCombinations applies the CEL rules across the filters of a rule:
// no redirect with a rewrite, no repeated filter of a kind that cannot
// repeat, no redirect with backends, and a prefix replacement only with
// exactly one PathPrefix match. Filters of undecided kind are left out.
func (t *translator) filterCombinations(rc *routeCtx, rule HTTPRouteRule, fs []HTTPRouteFilter, rp Path) {
	o, ref, fp := rc.in.Origin, rc.ref, rp.Attr("filters")
	first := map[string]int{}
	count := map[string]int{}
	prefixReplacers := map[string]int{}
	for i, f := range fs {
		kind := filterKind(f)
		if kind == "" {
			continue
		}
		count[kind]++
		if _, seen := first[kind]; seen && kind != "RequestMirror" {
			t.errorf(o, ref, RuleRouteFilterCombo, fp.Index(i), kind+" filter cannot be repeated",
				fmt.Sprintf("filters[%d] and filters[%d] are both %s filters; a rule takes one. Merge them.", first[kind], i, kind))
		} else if !seen {
			first[kind] = i
		}
		if replacesPrefix(f) {
			prefixReplacers[kind]++
		}
	}
	if r, ok := first["RequestRedirect"]; ok {
		if w, ok := first["URLRewrite"]; ok {
			t.errorf(o, ref, RuleRouteFilterCombo, fp.Index(max(r, w)), celRedirectAndRewrite,
				fmt.Sprintf("filters[%d] redirects the request and filters[%d] rewrites it; a rule does one or the other. Split them into two rules.", r, w))
		}
		if refs, _ := rule.BackendRefs.Get(); len(refs) > 0 {
			t.errorf(o, ref, RuleRouteFilterCombo, fp.Index(r), celRedirectBackends,
				"A redirect answers the request itself, so the rule may not also send it to backend_refs. Remove backend_refs or the redirect.")
		}
	}
	for _, kind := range []string{"RequestRedirect", "URLRewrite"} {
		if one, known := onePrefixMatch(rule); prefixReplacers[kind] == 1 && known && !one {
			t.errorf(o, ref, RuleRouteFilterCombo, fp.Index(first[kind]), fmt.Sprintf(celReplacePrefixOf, kind),
				"replace_prefix_match replaces the prefix the rule matched, so the rule needs exactly one match, of type PathPrefix. Give the rule one PathPrefix match, or use replace_full_path.")
		}
	}
}

// replacesPrefix reports whether a redirect or rewrite filter replaces the
// matched prefix (type ReplacePrefixMatch with replace_prefix_match set).
func replacesPrefix(f HTTPRouteFilter) bool {
	var pm Value[PathModifier]
	if rd, ok := f.RequestRedirect.Get(); ok {
		pm = rd.Path
	} else if rw, ok := f.URLRewrite.Get(); ok {
		pm = rw.Path
	}
	m, ok := pm.Get()
	return ok && m.Type.Or("") == replacePrefixMatch && m.ReplacePrefixMatch.IsKnown()
}

// onePrefixMatch reports whether a rule has exactly one match and it is a
// PathPrefix one, after the CRD's defaults (no matches is one PathPrefix
// match; a match without path or type has a PathPrefix one).
func onePrefixMatch(rule HTTPRouteRule) (one, known bool) {
	ms, _ := rule.Matches.Get()
	switch {
	case rule.Matches.IsUnknown():
		return false, false
	case len(ms) == 0:
		return true, true
	case len(ms) != 1:
		return false, true
	}
	pm, ok := ms[0].Path.Get()
	switch {
	case ms[0].Path.IsNull():
		return true, true
	case !ok || pm.Type.IsUnknown():
		return false, false
	}
	return pm.Type.Or(pathPrefix) == pathPrefix, true
}

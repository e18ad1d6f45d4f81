// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strconv"
)

// The HTTPRoute CRD of Gateway API v1.6 (standard channel), for the fields
// an eg_http_route has: OpenAPI constraints and CEL rules, with the API
// server's messages as summaries. Kubernetes paths in messages
// (spec.rules[0].matches[1].path.value) are the API server's; Problem.Path
// is the HCL attribute.

// CEL messages of the HTTPRoute CRD, verbatim.
const (
	celSectionNameNeeded = "sectionName must be specified when parentRefs includes 2 or more references to the same parent"
	celSectionNameUnique = "sectionName must be unique when parentRefs includes 2 or more references to the same parent"
	celTotalMatches      = "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"
)

const (
	maxParentRefs    = 32
	maxRouteHosts    = 16
	maxRouteRules    = 16
	maxRuleMatches   = 64
	maxTotalMatches  = 128
	maxRouteListLen  = 16 // filters, backend refs, header and query matches, header modifier lists
	maxBackendWeight = 1000000
)

var (
	specRouteParentName = stringSpec{required: true, min: 1, max: 253,
		hint: `Set it to the name of the eg_gateway the route attaches to.`}
	specRouteRefNamespace = stringSpec{min: 1, max: 63, match: matchLabel, pattern: patternLabel,
		hint: `Use a namespace name, or leave it out for the route's own namespace.`}
	specSectionName = stringSpec{min: 1, max: 253, match: matchSubdomain, pattern: patternSubdomain,
		hint: `Set it to the name of one of the Gateway's listeners, e.g. "http", or leave it out to attach to every listener.`}
	specRouteHostname = stringSpec{required: true, min: 1, max: 253, match: matchHostname, pattern: patternHostname,
		hint: `Use lower-case letters, digits, '-' and '.', optionally starting with "*.", e.g. "www.example.com" or "*.example.com".`}
)

// routeSchema applies the CRD to one route.
func (t *translator) routeSchema(rc *routeCtx) {
	o, ref, in := rc.in.Origin, rc.ref, rc.in
	t.checkMetaName(o, ref, RuleRouteName, Attr("name"), in.Name)
	t.checkMetaNamespace(o, ref, RuleRouteNamespace, Attr("namespace"), in.Namespace)
	t.routeParentRefs(rc)
	t.routeHostnames(rc)
	rules, ok := in.Rules.Get()
	if !ok {
		return
	}
	t.routeRuleCount(rc, rules)
	for i := range rules {
		rp := Attr("rules").Index(i)
		kp := "spec.rules[" + strconv.Itoa(i) + "]"
		t.ruleMatches(rc, rules[i], rp, kp)
		t.ruleFilters(rc, rules[i], rp, kp)
		t.ruleBackendRefs(rc, rules[i], rp, kp)
		t.ruleTimeouts(rc, rules[i], rp, kp)
	}
}

// checkInt applies an integer range; null and unknown pass.
func (t *translator) checkInt(rc *routeCtx, rule Rule, path Path, kpath string, v Value[int64], least, most int64, hint string) {
	n, ok := v.Get()
	switch {
	case !ok: // null or unknown
	case n < least:
		t.errorf(rc.in.Origin, rc.ref, rule, path, sumMinimum(kpath, n, int(least)),
			fmt.Sprintf("%d is below %d, the least %s may be. %s", n, least, path.lastName(), hint))
	case n > most:
		t.errorf(rc.in.Origin, rc.ref, rule, path, sumMaximum(kpath, n, int(most)),
			fmt.Sprintf("%d is above %d, the most %s may be. %s", n, most, path.lastName(), hint))
	}
}

// checkCount applies a list's maxItems.
func (t *translator) checkCount(rc *routeCtx, rule Rule, path Path, n, most int, what string) {
	if n > most {
		t.errorf(rc.in.Origin, rc.ref, rule, path, sumTooMany(n, most),
			fmt.Sprintf("A route takes at most %d %s here; this one has %d.", most, what, n))
	}
}

// optionalNamespace checks a reference's namespace, where "" means not set.
func (t *translator) optionalNamespace(rc *routeCtx, rule Rule, path Path, kpath string, v Value[string]) {
	if v.Or("") != "" {
		t.checkString(rc.in.Origin, rc.ref, rule, path, kpath, v, specRouteRefNamespace)
	}
}

func (t *translator) routeParentRefs(rc *routeCtx) {
	refs, ok := rc.in.ParentRefs.Get()
	if !ok {
		return
	}
	o, ref := rc.in.Origin, rc.ref
	t.checkCount(rc, RuleRouteParentRef, Attr("parent_refs"), len(refs), maxParentRefs, "parent_refs")
	for i, pr := range refs {
		p := Attr("parent_refs").Index(i)
		kp := "spec.parentRefs[" + strconv.Itoa(i) + "]"
		t.checkString(o, ref, RuleRouteParentRef, p.Attr("name"), kp+".name", pr.Name, specRouteParentName)
		t.optionalNamespace(rc, RuleRouteParentRef, p.Attr("namespace"), kp+".namespace", pr.Namespace)
		t.checkString(o, ref, RuleRouteParentRef, p.Attr("section_name"), kp+".sectionName", pr.SectionName, specSectionName)
		t.checkInt(rc, RuleRouteParentRef, p.Attr("port"), kp+".port", pr.Port, 1, 65535,
			"Use the port of one of the Gateway's listeners, or leave it out.")
	}
	t.parentRefsUnique(rc, refs)
}

// parentRefsUnique applies the two CEL rules over parentRefs: refs to one
// Gateway (same name and namespace as the CRD compares them: both unset,
// or both set and equal) must all name a section, and distinct ones.
func (t *translator) parentRefsUnique(rc *routeCtx, refs []ParentRef) {
	known := func(p ParentRef) bool {
		return p.Name.IsKnown() && !p.Namespace.IsUnknown() && !p.SectionName.IsUnknown()
	}
	sameParent := func(a, b ParentRef) bool {
		return a.Name.Or("") == b.Name.Or("") && a.Namespace.Or("") == b.Namespace.Or("")
	}
	for i, a := range refs {
		if !known(a) {
			continue
		}
		secA := a.SectionName.Or("")
		same, mixed := 0, -1
		for j, b := range refs {
			if !known(b) || !sameParent(a, b) {
				continue
			}
			secB := b.SectionName.Or("")
			if secA == secB {
				same++
			}
			if (secA == "") != (secB == "") && mixed < 0 {
				mixed = j
			}
		}
		p := Attr("parent_refs").Index(i)
		gw := a.Name.Or("")
		if mixed >= 0 {
			t.errorf(rc.in.Origin, rc.ref, RuleRouteParentRefUnique, p.Attr("section_name"), celSectionNameNeeded,
				fmt.Sprintf("parent_refs[%d] and parent_refs[%d] both name Gateway %q, and only one names a listener. Give each a section_name, or keep one ref to the whole Gateway.", i, mixed, gw))
		}
		if same > 1 {
			t.errorf(rc.in.Origin, rc.ref, RuleRouteParentRefUnique, p, celSectionNameUnique,
				fmt.Sprintf("%d parent_refs name Gateway %q with %s (a port does not tell them apart). Remove the repeats, or give each its own section_name.", same, gw, sectionPhrase(secA)))
		}
	}
}

func sectionPhrase(s string) string {
	if s == "" {
		return "no section_name"
	}
	return "section_name " + strconv.Quote(s)
}

func (t *translator) routeHostnames(rc *routeCtx) {
	hosts, ok := rc.in.Hostnames.Get()
	if !ok {
		return
	}
	t.checkCount(rc, RuleRouteHostname, Attr("hostnames"), len(hosts), maxRouteHosts, "hostnames")
	for i, h := range hosts {
		t.checkString(rc.in.Origin, rc.ref, RuleRouteHostname, Attr("hostnames").Index(i),
			"spec.hostnames["+strconv.Itoa(i)+"]", Known(h), specRouteHostname)
	}
}

// routeRuleCount applies rules' maxItems, matches' maxItems and the CEL
// rule on the total of matches. A rule without matches gets one (the
// CRD's default), and so counts one.
func (t *translator) routeRuleCount(rc *routeCtx, rules []HTTPRouteRule) {
	t.checkCount(rc, RuleRouteRuleCount, Attr("rules"), len(rules), maxRouteRules, "rules")
	total, known := 0, true
	for i, r := range rules {
		ms, ok := r.Matches.Get()
		switch {
		case r.Matches.IsUnknown():
			known = false
		case !ok || len(ms) == 0:
			total++
		default:
			total += len(ms)
		}
		t.checkCount(rc, RuleRouteRuleCount, Attr("rules").Index(i).Attr("matches"), len(ms), maxRuleMatches, "matches per rule")
	}
	if known && total > maxTotalMatches && len(rules) <= maxRouteRules {
		t.errorf(rc.in.Origin, rc.ref, RuleRouteRuleCount, Attr("rules"), celTotalMatches,
			fmt.Sprintf("The rules of this route have %d matches in all (a rule without matches counts one); a route holds at most %d. Split it into several routes.", total, maxTotalMatches))
	}
}

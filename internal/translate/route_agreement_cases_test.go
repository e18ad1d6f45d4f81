// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strings"
	"testing"
)

// routeAgreementCase is one HTTPRoute the API server agreement test
// creates (route_apiserver_test.go): crdValid is what the Gateway API v1.6
// HTTPRoute CRD decides, and PhaseSchema must decide the same.
type routeAgreementCase struct {
	name     string
	crdValid bool
	route    HTTPRoute
}

func ks(v string) Value[string] { return Known(v) }
func kn(v int64) Value[int64]   { return Known(v) }

// aroute is a valid route with one rule sending to Service app:80, changed
// by edit.
func aroute(edit func(r *HTTPRoute, rule *HTTPRouteRule)) HTTPRoute {
	r := HTTPRoute{Name: ks("agree"), Namespace: ks("default"), ParentRefs: Known([]ParentRef{{Name: ks("eg")}})}
	rule := HTTPRouteRule{BackendRefs: Known([]BackendRef{{Name: ks("app"), Port: kn(80)}})}
	if edit != nil {
		edit(&r, &rule)
	}
	if r.Rules.IsNull() {
		r.Rules = Known([]HTTPRouteRule{rule})
	}
	return r
}

func withMatch(m HTTPRouteMatch) HTTPRoute {
	return aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { rule.Matches = Known([]HTTPRouteMatch{m}) })
}

func withPath(typ, value string) HTTPRoute {
	pm := PathMatch{Value: ks(value)}
	if typ != "" {
		pm.Type = ks(typ)
	}
	return withMatch(HTTPRouteMatch{Path: Known(pm)})
}

func withFilters(fs ...HTTPRouteFilter) HTTPRoute {
	return aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { rule.Filters = Known(fs) })
}

// withRedirect is a rule that only redirects (a redirect takes no backends).
func withRedirect(rd RequestRedirect, more ...HTTPRouteFilter) HTTPRoute {
	return aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
		rule.BackendRefs = Null[[]BackendRef]()
		rule.Filters = Known(append([]HTTPRouteFilter{{RequestRedirect: Known(rd)}}, more...))
	})
}

func withBackend(b BackendRef) HTTPRoute {
	return aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { rule.BackendRefs = Known([]BackendRef{b}) })
}

func withParents(ps ...ParentRef) HTTPRoute {
	return aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.ParentRefs = Known(ps) })
}

func withTimeouts(req, back string) HTTPRoute {
	to := HTTPRouteTimeouts{}
	if req != "" {
		to.Request = ks(req)
	}
	if back != "" {
		to.BackendRequest = ks(back)
	}
	return aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { rule.Timeouts = Known(to) })
}

func headerMod(set ...string) HeaderModifier {
	var hs []HeaderValue
	for _, h := range set {
		hs = append(hs, HeaderValue{Name: ks(h), Value: ks("v")})
	}
	return HeaderModifier{Set: Known(hs)}
}

func pathMod(typ, full, prefix string) Value[PathModifier] {
	pm := PathModifier{}
	if typ != "" {
		pm.Type = ks(typ)
	}
	if full != "" {
		pm.ReplaceFullPath = ks(full)
	}
	if prefix != "" {
		pm.ReplacePrefixMatch = ks(prefix)
	}
	return Known(pm)
}

func mirror(b BackendRef, pct Value[int64]) HTTPRouteFilter {
	return HTTPRouteFilter{RequestMirror: Known(RequestMirror{BackendRef: Known(b), Percent: pct})}
}

func manyRules(n, matchesEach int) HTTPRoute {
	return aroute(func(r *HTTPRoute, rule *HTTPRouteRule) {
		ms := make([]HTTPRouteMatch, matchesEach)
		for i := range ms {
			ms[i] = HTTPRouteMatch{Path: Known(PathMatch{Value: ks(fmt.Sprintf("/p%d", i))})}
		}
		rules := make([]HTTPRouteRule, n)
		for i := range rules {
			rules[i] = *rule
			if matchesEach > 0 {
				rules[i].Matches = Known(ms)
			}
		}
		r.Rules = Known(rules)
	})
}

func valueMatches(n int, typ string) []ValueMatch {
	out := make([]ValueMatch, n)
	for i := range out {
		out[i] = ValueMatch{Name: ks(fmt.Sprintf("x-%d", i)), Value: ks("v")}
		if typ != "" {
			out[i].Type = ks(typ)
		}
	}
	return out
}

func manyStrings(n int, f string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(f, i)
	}
	return out
}

func routeAgreementCases() []routeAgreementCase {
	cases := append(routeAcceptedCases(), routeRefusedCases()...)
	return cases
}

func routeAcceptedCases() []routeAgreementCase {
	return append(routeAcceptedMatchCases(), routeAcceptedFilterCases()...)
}

// routeAcceptedMatchCases are routes the CRD accepts, about parents,
// hostnames, rules and matches.
func routeAcceptedMatchCases() []routeAgreementCase {
	return []routeAgreementCase{
		{"minimal", true, aroute(nil)},
		{"full-route-object", true, fullRoute()},
		{"no-rules-defaults-one", true, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Rules = Known([]HTTPRouteRule{}) })},
		{"rule-without-backends", true, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { rule.BackendRefs = Null[[]BackendRef]() })},
		{"parent-with-section-and-port", true, withParents(ParentRef{Name: ks("eg"), Namespace: ks("edge"), SectionName: ks("http"), Port: kn(8080)})},
		{"parent-namespace-empty-is-unset", true, withParents(ParentRef{Name: ks("eg"), Namespace: ks("")})},
		{"two-sections-one-gateway", true, withParents(ParentRef{Name: ks("eg"), SectionName: ks("a")}, ParentRef{Name: ks("eg"), SectionName: ks("b")})},
		{"same-name-other-namespace", true, withParents(ParentRef{Name: ks("eg")}, ParentRef{Name: ks("eg"), Namespace: ks("other")})},
		{"unset-and-explicit-namespace-are-two-parents", true, withParents(ParentRef{Name: ks("eg")}, ParentRef{Name: ks("eg"), Namespace: ks("default")})},
		{"32-parents", true, withParents(func() []ParentRef {
			var ps []ParentRef
			for i := range 32 {
				ps = append(ps, ParentRef{Name: ks(fmt.Sprintf("g%d", i))})
			}
			return ps
		}()...)},
		{"hostnames-wildcard-and-exact", true, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) {
			r.Hostnames = Known([]string{"*.example.com", "www.example.com"})
		})},
		{"16-hostnames", true, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Hostnames = Known(manyStrings(16, "h%d.example.com")) })},
		{"16-rules", true, manyRules(16, 1)},
		{"64-matches", true, manyRules(1, 64)},
		{"128-matches-in-all", true, manyRules(2, 64)},
		{"path-exact", true, withPath(pathExact, "/a/b")},
		{"path-prefix-default-type", true, withPath("", "/a")},
		{"path-percent-encoded", true, withPath(pathExact, "/a%20b")},
		{"path-regex-anything", true, withPath(pathRegex, "^/a/(b|c)+$")},
		{"path-regex-empty", true, withPath(pathRegex, "")},
		{"path-1024", true, withPath(pathExact, "/"+strings.Repeat("a", 1023))},
		{"path-ends-with-dot-name", true, withPath(pathPrefix, "/a/.b")},
		{"method-get", true, withMatch(HTTPRouteMatch{Method: ks("PATCH")})},
		{"headers-16", true, withMatch(HTTPRouteMatch{Headers: Known(valueMatches(16, "Exact"))})},
		{"query-regex", true, withMatch(HTTPRouteMatch{QueryParams: Known(valueMatches(2, pathRegex))})},
		{"same-name-header-and-query", true, withMatch(HTTPRouteMatch{Headers: Known(valueMatches(1, "")), QueryParams: Known(valueMatches(1, ""))})},
		{"controller-regex-invalid", true, withPath(pathRegex, "(")},
	}
}

// routeAcceptedFilterCases are routes the CRD accepts, about filters,
// backends and timeouts.
func routeAcceptedFilterCases() []routeAgreementCase {
	bothFilters := func(rule *HTTPRouteRule) {
		rule.Filters = Known([]HTTPRouteFilter{
			{RequestHeaderModifier: Known(headerMod("x-a"))}, {ResponseHeaderModifier: Known(headerMod("x-b"))},
			{URLRewrite: Known(URLRewrite{Hostname: ks("internal.example.com"), Path: pathMod(replacePrefixMatch, "", "/v2")})},
			mirror(BackendRef{Name: ks("shadow"), Port: kn(8080)}, kn(10)), mirror(BackendRef{Name: ks("shadow2"), Port: kn(8080)}, Null[int64]()),
		})
		rule.Matches = Known([]HTTPRouteMatch{{Path: Known(PathMatch{Value: ks("/v1")})}})
	}
	return []routeAgreementCase{
		{"filters-of-every-kind", true, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { bothFilters(rule) })},
		{"redirect-full", true, withRedirect(RequestRedirect{Scheme: ks("https"), Hostname: ks("example.com"), Port: kn(443), StatusCode: kn(301), Path: pathMod(replaceFullPath, "/new", "")})},
		{"redirect-prefix-one-prefix-match", true, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
			rule.BackendRefs = Null[[]BackendRef]()
			rule.Matches = Known([]HTTPRouteMatch{{Path: Known(PathMatch{Type: ks(pathPrefix), Value: ks("/old")})}})
			rule.Filters = Known([]HTTPRouteFilter{{RequestRedirect: Known(RequestRedirect{Path: pathMod(replacePrefixMatch, "", "/new")})}})
		})},
		{"rewrite-prefix-without-matches", true, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Path: pathMod(replacePrefixMatch, "", "/")})})},
		{"rewrite-full-path-empty", true, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Path: Known(PathModifier{Type: ks(replaceFullPath), ReplaceFullPath: ks("")})})})},
		{"empty-header-modifier", true, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(HeaderModifier{})})},
		{"header-remove-any-string", true, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(HeaderModifier{Remove: Known([]string{"", "a:b"})})})},
		{"controller-header-set-host", true, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(headerMod("Host"))})},
		{"controller-redirect-ip-hostname", true, withRedirect(RequestRedirect{Hostname: ks("10.0.0.1")})},
		{"controller-mirror-and-redirect", true, withRedirect(RequestRedirect{}, mirror(BackendRef{Name: ks("shadow"), Port: kn(80)}, Null[int64]()))},
		{"two-mirrors", true, withFilters(mirror(BackendRef{Name: ks("a"), Port: kn(80)}, kn(0)), mirror(BackendRef{Name: ks("b"), Port: kn(80)}, kn(100)))},
		{"backend-group-kind-without-port", true, withBackend(BackendRef{Group: ks("gateway.envoyproxy.io"), Kind: ks("Backend"), Name: ks("b")})},
		{"controller-backend-unknown-kind", true, withBackend(BackendRef{Group: ks("example.com"), Kind: ks("Thing"), Name: ks("b")})},
		{"backend-weights-bounds", true, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
			rule.BackendRefs = Known([]BackendRef{{Name: ks("a"), Port: kn(1), Weight: kn(0)}, {Name: ks("b"), Port: kn(65535), Weight: kn(maxBackendWeight)}})
		})},
		{"backend-namespace-empty-is-unset", true, withBackend(BackendRef{Name: ks("a"), Namespace: ks(""), Port: kn(80)})},
		{"backend-group-empty", true, withBackend(BackendRef{Group: ks(""), Name: ks("a"), Port: kn(80)})},
		{"16-backends", true, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
			var bs []BackendRef
			for i := range 16 {
				bs = append(bs, BackendRef{Name: ks(fmt.Sprintf("b%d", i)), Port: kn(80)})
			}
			rule.BackendRefs = Known(bs)
		})},
		{"timeouts", true, withTimeouts("10s", "5s")},
		{"timeouts-compound", true, withTimeouts("1h30m", "90m")},
		{"timeouts-zero-request-any-backend", true, withTimeouts("0s", "99999h")},
		{"timeouts-equal", true, withTimeouts("1m", "60s")},
		{"timeout-backend-only", true, withTimeouts("", "500ms")},
	}
}

func routeRefusedCases() []routeAgreementCase {
	cases := append(routeRefusedMatchCases(), routeRefusedFilterCases()...)
	return append(cases, routeRefusedBackendCases()...)
}

// routeRefusedMatchCases are routes the CRD refuses for their parents,
// hostnames, rules or matches.
func routeRefusedMatchCases() []routeAgreementCase {
	return []routeAgreementCase{
		{"route-name-uppercase", false, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Name = ks("Agree") })},
		{"parent-name-empty", false, withParents(ParentRef{Name: ks("")})},
		{"parent-name-missing", false, withParents(ParentRef{})},
		{"parent-namespace-uppercase", false, withParents(ParentRef{Name: ks("eg"), Namespace: ks("Edge")})},
		{"parent-section-uppercase", false, withParents(ParentRef{Name: ks("eg"), SectionName: ks("HTTP")})},
		{"parent-section-empty", false, withParents(ParentRef{Name: ks("eg"), SectionName: ks("")})},
		{"parent-port-0", false, withParents(ParentRef{Name: ks("eg"), Port: kn(0)})},
		{"parent-port-65536", false, withParents(ParentRef{Name: ks("eg"), Port: kn(65536)})},
		{"33-parents", false, withParents(func() []ParentRef {
			var ps []ParentRef
			for i := range 33 {
				ps = append(ps, ParentRef{Name: ks(fmt.Sprintf("g%d", i))})
			}
			return ps
		}()...)},
		{"parent-twice", false, withParents(ParentRef{Name: ks("eg")}, ParentRef{Name: ks("eg")})},
		{"parent-twice-other-ports", false, withParents(ParentRef{Name: ks("eg"), Port: kn(80)}, ParentRef{Name: ks("eg"), Port: kn(443)})},
		{"parent-section-and-whole", false, withParents(ParentRef{Name: ks("eg"), SectionName: ks("a")}, ParentRef{Name: ks("eg")})},
		{"parent-same-section-twice", false, withParents(ParentRef{Name: ks("eg"), SectionName: ks("a")}, ParentRef{Name: ks("eg"), SectionName: ks("a")})},
		{"hostname-uppercase", false, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Hostnames = Known([]string{"WWW.example.com"}) })},
		{"hostname-empty", false, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Hostnames = Known([]string{""}) })},
		{"hostname-star", false, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Hostnames = Known([]string{"*"}) })},
		{"17-hostnames", false, aroute(func(r *HTTPRoute, _ *HTTPRouteRule) { r.Hostnames = Known(manyStrings(17, "h%d.example.com")) })},
		{"17-rules", false, manyRules(17, 1)},
		{"65-matches", false, manyRules(1, 65)},
		{"129-matches-in-all", false, aroute(func(r *HTTPRoute, rule *HTTPRouteRule) {
			two := manyRules(2, 64).Rules.Or(nil)
			r.Rules = Known(append(two, *rule)) // the third rule's default match is the 129th
		})},
		{"path-type-unknown", false, withPath("Glob", "/a")},
		{"path-relative", false, withPath(pathPrefix, "a")},
		{"path-empty-exact", false, withPath(pathExact, "")},
		{"path-double-slash", false, withPath(pathPrefix, "/a//b")},
		{"path-dot-segment", false, withPath(pathExact, "/a/./b")},
		{"path-dotdot-segment", false, withPath(pathExact, "/a/../b")},
		{"path-encoded-slash", false, withPath(pathExact, "/a%2fb")},
		{"path-encoded-slash-upper", false, withPath(pathExact, "/a%2Fb")},
		{"path-fragment", false, withPath(pathExact, "/a#b")},
		{"path-ends-dotdot", false, withPath(pathPrefix, "/a/..")},
		{"path-ends-dot", false, withPath(pathPrefix, "/a/.")},
		{"path-space", false, withPath(pathPrefix, "/a b")},
		{"path-bad-percent", false, withPath(pathPrefix, "/a%zz")},
		{"path-1025", false, withPath(pathRegex, "/"+strings.Repeat("a", 1024))},
		{"method-lowercase", false, withMatch(HTTPRouteMatch{Method: ks("get")})},
		{"header-name-space", false, withMatch(HTTPRouteMatch{Headers: Known([]ValueMatch{{Name: ks("x a"), Value: ks("v")}})})},
		{"header-value-empty", false, withMatch(HTTPRouteMatch{Headers: Known([]ValueMatch{{Name: ks("x"), Value: ks("")}})})},
		{"header-value-missing", false, withMatch(HTTPRouteMatch{Headers: Known([]ValueMatch{{Name: ks("x")}})})},
		{"header-type-unknown", false, withMatch(HTTPRouteMatch{Headers: Known([]ValueMatch{{Name: ks("x"), Value: ks("v"), Type: ks("Prefix")}})})},
		{"header-name-twice", false, withMatch(HTTPRouteMatch{Headers: Known([]ValueMatch{{Name: ks("x"), Value: ks("a")}, {Name: ks("x"), Value: ks("b")}})})},
		{"17-headers", false, withMatch(HTTPRouteMatch{Headers: Known(valueMatches(17, ""))})},
		{"query-value-1025", false, withMatch(HTTPRouteMatch{QueryParams: Known([]ValueMatch{{Name: ks("q"), Value: ks(strings.Repeat("v", 1025))}})})},
		{"query-name-twice", false, withMatch(HTTPRouteMatch{QueryParams: Known([]ValueMatch{{Name: ks("q"), Value: ks("a")}, {Name: ks("q"), Value: ks("b")}})})},
	}
}

// routeRefusedFilterCases are routes the CRD refuses for their filters.
func routeRefusedFilterCases() []routeAgreementCase {
	return []routeAgreementCase{
		{"filter-without-type", false, withFilters(HTTPRouteFilter{})},
		{"filter-with-two-types", false, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(headerMod("x")), ResponseHeaderModifier: Known(headerMod("y"))})},
		{"17-filters", false, withFilters(func() []HTTPRouteFilter {
			var fs []HTTPRouteFilter
			for range 17 {
				fs = append(fs, mirror(BackendRef{Name: ks("m"), Port: kn(80)}, Null[int64]()))
			}
			return fs
		}()...)},
		{"header-modifier-twice", false, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(headerMod("x"))}, HTTPRouteFilter{RequestHeaderModifier: Known(headerMod("y"))})},
		{"response-modifier-twice", false, withFilters(HTTPRouteFilter{ResponseHeaderModifier: Known(headerMod("x"))}, HTTPRouteFilter{ResponseHeaderModifier: Known(headerMod("y"))})},
		{"header-set-name-twice", false, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(headerMod("x", "x"))})},
		{"header-set-name-colon", false, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(headerMod("a:b"))})},
		{"header-add-value-empty", false, withFilters(HTTPRouteFilter{RequestHeaderModifier: Known(HeaderModifier{Add: Known([]HeaderValue{{Name: ks("x"), Value: ks("")}})})})},
		{"header-remove-twice", false, withFilters(HTTPRouteFilter{ResponseHeaderModifier: Known(HeaderModifier{Remove: Known([]string{"x", "x"})})})},
		{"header-remove-17", false, withFilters(HTTPRouteFilter{ResponseHeaderModifier: Known(HeaderModifier{Remove: Known(manyStrings(17, "x-%d"))})})},
		{"redirect-with-backends", false, withFilters(HTTPRouteFilter{RequestRedirect: Known(RequestRedirect{Scheme: ks("https")})})},
		{"redirect-twice", false, withRedirect(RequestRedirect{}, HTTPRouteFilter{RequestRedirect: Known(RequestRedirect{})})},
		{"redirect-and-rewrite", false, withRedirect(RequestRedirect{}, HTTPRouteFilter{URLRewrite: Known(URLRewrite{Hostname: ks("a.example.com")})})},
		{"rewrite-twice", false, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{})}, HTTPRouteFilter{URLRewrite: Known(URLRewrite{})})},
		{"redirect-scheme-ftp", false, withRedirect(RequestRedirect{Scheme: ks("ftp")})},
		{"redirect-status-300", false, withRedirect(RequestRedirect{StatusCode: kn(300)})},
		{"redirect-port-0", false, withRedirect(RequestRedirect{Port: kn(0)})},
		{"redirect-hostname-wildcard", false, withRedirect(RequestRedirect{Hostname: ks("*.example.com")})},
		{"rewrite-hostname-empty", false, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Hostname: ks("")})})},
		{"path-modifier-no-type", false, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Path: pathMod("", "/a", "")})})},
		{"path-modifier-bad-type", false, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Path: pathMod("Replace", "/a", "")})})},
		{"path-modifier-full-missing", false, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Path: pathMod(replaceFullPath, "", "")})})},
		{"path-modifier-prefix-missing", false, withRedirect(RequestRedirect{Path: pathMod(replacePrefixMatch, "", "")})},
		{"path-modifier-wrong-field", false, withRedirect(RequestRedirect{Path: pathMod(replaceFullPath, "/a", "/b")})},
		{"path-modifier-1025", false, withFilters(HTTPRouteFilter{URLRewrite: Known(URLRewrite{Path: pathMod(replaceFullPath, "/"+strings.Repeat("a", 1024), "")})})},
		{"rewrite-prefix-two-matches", false, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
			rule.Matches = Known([]HTTPRouteMatch{{Path: Known(PathMatch{Value: ks("/a")})}, {Path: Known(PathMatch{Value: ks("/b")})}})
			rule.Filters = Known([]HTTPRouteFilter{{URLRewrite: Known(URLRewrite{Path: pathMod(replacePrefixMatch, "", "/")})}})
		})},
		{"redirect-prefix-exact-match", false, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
			rule.BackendRefs = Null[[]BackendRef]()
			rule.Matches = Known([]HTTPRouteMatch{{Path: Known(PathMatch{Type: ks(pathExact), Value: ks("/a")})}})
			rule.Filters = Known([]HTTPRouteFilter{{RequestRedirect: Known(RequestRedirect{Path: pathMod(replacePrefixMatch, "", "/")})}})
		})},
		{"mirror-without-backend", false, withFilters(HTTPRouteFilter{RequestMirror: Known(RequestMirror{})})},
		{"mirror-without-port", false, withFilters(mirror(BackendRef{Name: ks("m")}, Null[int64]()))},
		{"mirror-percent-101", false, withFilters(mirror(BackendRef{Name: ks("m"), Port: kn(80)}, kn(101)))},
		{"mirror-percent-negative", false, withFilters(mirror(BackendRef{Name: ks("m"), Port: kn(80)}, kn(-1)))},
	}
}

// routeRefusedBackendCases are routes the CRD refuses for their backends
// or timeouts.
func routeRefusedBackendCases() []routeAgreementCase {
	return []routeAgreementCase{
		{"backend-without-port", false, withBackend(BackendRef{Name: ks("a")})},
		{"backend-kind-service-without-port", false, withBackend(BackendRef{Kind: ks("Service"), Group: ks(""), Name: ks("a")})},
		{"backend-name-empty", false, withBackend(BackendRef{Name: ks(""), Port: kn(80)})},
		{"backend-namespace-uppercase", false, withBackend(BackendRef{Name: ks("a"), Namespace: ks("Team"), Port: kn(80)})},
		{"backend-group-uppercase", false, withBackend(BackendRef{Group: ks("Example.com"), Kind: ks("Thing"), Name: ks("a")})},
		{"backend-kind-digit", false, withBackend(BackendRef{Group: ks("example.com"), Kind: ks("1Thing"), Name: ks("a")})},
		{"backend-port-65536", false, withBackend(BackendRef{Name: ks("a"), Port: kn(65536)})},
		{"backend-weight-negative", false, withBackend(BackendRef{Name: ks("a"), Port: kn(80), Weight: kn(-1)})},
		{"backend-weight-1000001", false, withBackend(BackendRef{Name: ks("a"), Port: kn(80), Weight: kn(maxBackendWeight + 1)})},
		{"17-backends", false, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) {
			var bs []BackendRef
			for i := range 17 {
				bs = append(bs, BackendRef{Name: ks(fmt.Sprintf("b%d", i)), Port: kn(80)})
			}
			rule.BackendRefs = Known(bs)
		})},
		{"timeout-no-unit", false, withTimeouts("10", "")},
		{"timeout-days", false, withTimeouts("1d", "")},
		{"timeout-empty", false, aroute(func(_ *HTTPRoute, rule *HTTPRouteRule) { rule.Timeouts = Known(HTTPRouteTimeouts{Request: ks("")}) })},
		{"timeout-six-digits", false, withTimeouts("100000s", "")},
		{"timeout-backend-longer", false, withTimeouts("5s", "10s")},
		{"timeout-backend-longer-compound", false, withTimeouts("1m", "1m1s")},
	}
}

// routeSchemaErrors returns PhaseSchema's errors for one route alone.
func routeSchemaErrors(r HTTPRoute) []Problem {
	var out []Problem
	for _, p := range ValidatePhases(Set{HTTPRoutes: []HTTPRoute{r}, ClusterUnknown: true}, PhaseSchema) {
		if p.Severity == SeverityError {
			out = append(out, p)
		}
	}
	return out
}

// TestRouteAgreementCasesMatchSchemaPhase pins PhaseSchema to the table
// without a cluster.
func TestRouteAgreementCasesMatchSchemaPhase(t *testing.T) {
	cases := routeAgreementCases()
	if len(cases) < 100 {
		t.Fatalf("%d route agreement cases; at least 100 wanted", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := routeSchemaErrors(c.route)
			if got := len(errs) == 0; got != c.crdValid {
				t.Errorf("CRD-valid = %v per the table, translator says %v: %v", c.crdValid, got, errs)
			}
			if _, err := RenderHTTPRoute(c.route); err != nil && c.crdValid {
				t.Errorf("cannot render: %v", err)
			}
		})
	}
}

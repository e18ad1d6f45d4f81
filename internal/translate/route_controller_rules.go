// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// What Envoy Gateway v1.9.1 refuses in a route the API server accepted
// (internal/gatewayapi route.go, filters.go, validate.go). A refused rule
// is left out of the route (Accepted=False, or PartiallyInvalid when other
// rules stand); a refused backend is not sent traffic (ResolvedRefs=False).

// headerValueOK is Envoy Gateway's HeaderValueRegexp: printable ASCII
// words separated by single spaces or tabs.
var headerValueOK = regexp.MustCompile(`^[!-~]+([\t ]?[!-~]+)*$`).MatchString

// Backend groups and kinds Envoy Gateway resolves.
const (
	groupMultiCluster = "multicluster.x-k8s.io"
	groupEnvoyGateway = "gateway.envoyproxy.io"
)

func (t *translator) routeController(rc *routeCtx) {
	rules, _ := rc.in.Rules.Get()
	for i, rule := range rules {
		rp := Attr("rules").Index(i)
		ms, _ := rule.Matches.Get()
		for j, m := range ms {
			mp := rp.Attr("matches").Index(j)
			if pm, ok := m.Path.Get(); ok && pm.Type.Or("") == pathRegex {
				t.routeRegex(rc, mp.Attr("path").Attr("value"), pm.Value)
			}
			for _, list := range []struct {
				attr string
				v    Value[[]ValueMatch]
			}{{"headers", m.Headers}, {"query_params", m.QueryParams}} {
				vms, _ := list.v.Get()
				for k, vm := range vms {
					if vm.Type.Or("") == pathRegex {
						t.routeRegex(rc, mp.Attr(list.attr).Index(k).Attr("value"), vm.Value)
					}
				}
			}
		}
		t.ruleFiltersController(rc, rule, rp)
		refs, _ := rule.BackendRefs.Get()
		for j, b := range refs {
			t.backendSupported(rc, b, rp.Attr("backend_refs").Index(j))
		}
	}
}

// routeRegex refuses a regular expression Envoy Gateway cannot compile
// (it checks with Go's regexp, RE2 syntax).
func (t *translator) routeRegex(rc *routeCtx, p Path, v Value[string]) {
	re, ok := v.Get()
	if !ok {
		return
	}
	if _, err := regexp.Compile(re); err != nil {
		t.errorf(rc.in.Origin, rc.ref, RuleRouteRegex, p, oneLine(fmt.Sprintf("regex %q is invalid: %v", re, err)),
			"Envoy Gateway compiles RegularExpression matches as RE2 (no look-around or back-references) and drops a rule whose expression does not compile (UnsupportedValue). Fix the expression.")
	}
}

func (t *translator) ruleFiltersController(rc *routeCtx, rule HTTPRouteRule, rp Path) {
	fs, _ := rule.Filters.Get()
	redirect, mirror := -1, -1
	for i, f := range fs {
		fp := rp.Attr("filters").Index(i)
		t.modifiedHeaders(rc, f.RequestHeaderModifier, fp.Attr("request_header_modifier"), "RequestHeaderModifier")
		t.modifiedHeaders(rc, f.ResponseHeaderModifier, fp.Attr("response_header_modifier"), "ResponseHeaderModifier")
		if rd, ok := f.RequestRedirect.Get(); ok {
			t.filterHostname(rc, rd.Hostname, fp.Attr("request_redirect").Attr("hostname"))
		}
		if rw, ok := f.URLRewrite.Get(); ok {
			t.filterHostname(rc, rw.Hostname, fp.Attr("url_rewrite").Attr("hostname"))
		}
		if m, ok := f.RequestMirror.Get(); ok {
			if b, ok := m.BackendRef.Get(); ok {
				t.backendSupported(rc, b, fp.Attr("request_mirror").Attr("backend_ref"))
			}
		}
		switch filterKind(f) {
		case "RequestRedirect":
			redirect = i
		case "RequestMirror":
			mirror = i
		}
	}
	if redirect >= 0 && mirror >= 0 {
		t.errorf(rc.in.Origin, rc.ref, RuleRouteMirrorRedirect, rp.Attr("filters").Index(mirror),
			"RequestMirror filter cannot be used when the rule also configures a RequestRedirect filter",
			fmt.Sprintf("filters[%d] redirects the request, so there is nothing to mirror; Envoy Gateway refuses the rule (IncompatibleFilters). Remove the mirror or the redirect.", redirect))
	}
}

// modifiedHeaders refuses what Envoy Gateway will not add, set or remove:
// the Host header, names with '/' or ':', values that are not printable
// ASCII words, and an empty name to remove (UnsupportedValue).
func (t *translator) modifiedHeaders(rc *routeCtx, v Value[HeaderModifier], p Path, filter string) {
	hm, ok := v.Get()
	if !ok {
		return
	}
	bad := func(at Path, summary string) {
		t.errorf(rc.in.Origin, rc.ref, RuleRouteModifiedHeader, at, summary,
			fmt.Sprintf("Envoy Gateway refuses the %s filter (UnsupportedValue): the rule is not accepted and its requests are answered with 500. It does not modify the Host header (use url_rewrite.hostname) or pseudo-headers, and header values are printable ASCII words separated by single spaces.", filter))
	}
	for _, list := range []struct {
		attr, verb string
		v          Value[[]HeaderValue]
	}{{"set", "set", hm.Set}, {"add", "add", hm.Add}} {
		hs, _ := list.v.Get()
		for i, h := range hs {
			if name, ok := h.Name.Get(); ok && !modifiableHeader(name) {
				bad(p.Attr(list.attr).Index(i).Attr("name"), fmt.Sprintf("the %s filter cannot %s the Host header or headers with a '/' or ':' character in them", filter, list.verb))
			}
			if val, ok := h.Value.Get(); ok && val != "" && !headerValueOK(val) {
				bad(p.Attr(list.attr).Index(i).Attr("value"), fmt.Sprintf("%s Filter cannot %s a header with an invalid value", filter, list.verb))
			}
		}
	}
	rm, _ := hm.Remove.Get()
	for i, name := range rm {
		switch {
		case name == "":
			bad(p.Attr("remove").Index(i), filter+" Filter cannot remove a header with an empty name")
		case !modifiableHeader(name):
			bad(p.Attr("remove").Index(i), fmt.Sprintf("the %s filter cannot remove the Host header or headers with a '/' or ':' character in them", filter))
		}
	}
}

func modifiableHeader(name string) bool {
	return !strings.ContainsAny(name, "/:") && !strings.EqualFold(name, "host")
}

// filterHostname refuses a redirect or rewrite host name Envoy Gateway
// will not use: an IP address, or a label over 63 characters.
func (t *translator) filterHostname(rc *routeCtx, v Value[string], p Path) {
	h, ok := v.Get()
	if !ok || !matchSubdomain(h) {
		return // the schema phase reported it
	}
	summary := ""
	if _, err := netip.ParseAddr(h); err == nil {
		summary = fmt.Sprintf("hostname: %q cannot be an ip address", h)
	}
	for _, label := range strings.Split(h, ".") {
		if len(label) > 63 && summary == "" {
			summary = fmt.Sprintf("label: %q in hostname %q cannot exceed 63 characters", label, h)
		}
	}
	if summary != "" {
		t.errorf(rc.in.Origin, rc.ref, RuleRouteFilterHostname, p, summary,
			"Envoy Gateway refuses the filter (UnsupportedValue): the rule is not accepted and its requests are answered with 500. The host name must be a DNS name of labels of at most 63 characters, not an address.")
	}
}

// backendSupported refuses a backend Envoy Gateway cannot resolve: a group
// or kind other than a core Service, a multi-cluster ServiceImport or an
// Envoy Gateway Backend (InvalidKind), or a Service(Import) without a port
// (PortNotSpecified).
func (t *translator) backendSupported(rc *routeCtx, b BackendRef, p Path) {
	group, gok := b.Group.Get()
	kind, kok := b.Kind.Get()
	if b.Group.IsNull() {
		group, gok = "", true
	}
	if b.Kind.IsNull() {
		kind, kok = kindService, true
	}
	o, ref := rc.in.Origin, rc.ref
	switch {
	case gok && group != "" && group != groupMultiCluster && group != groupEnvoyGateway && matchGroup(group):
		t.errorf(o, ref, RuleRouteBackendSupported, p.Attr("group"),
			fmt.Sprintf("Group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), %s and %s are supported", groupMultiCluster, groupEnvoyGateway),
			fmt.Sprintf("Envoy Gateway sends no traffic to a backend of group %q (InvalidKind). Point the backend at a Service.", group))
	case kok && kind != kindService && kind != "ServiceImport" && kind != "Backend" && matchKindPattern(kind):
		t.errorf(o, ref, RuleRouteBackendSupported, p.Attr("kind"),
			"Kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported",
			fmt.Sprintf("Envoy Gateway sends no traffic to a backend of kind %q (InvalidKind). Point the backend at a Service.", kind))
	case kok && kind != "Backend" && kind != kindService && b.Port.IsNull():
		t.errorf(o, ref, RuleRouteBackendSupported, p.Attr("port"),
			"A valid port number corresponding to a port on the Service must be specified",
			fmt.Sprintf("Envoy Gateway needs the port of a %s backend (PortNotSpecified). Set port.", kind))
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// The backends of a route, against the cluster's Services and
// ReferenceGrants (read only when routes are planned). Envoy Gateway still
// accepts such a route; it sends no traffic to the backend, so these are
// warnings: the Service or the grant may well come later.

func (t *translator) routeBackends(rc *routeCtx) {
	if t.set.Backends == nil || !rc.nsKnown {
		return
	}
	rules, _ := rc.in.Rules.Get()
	for i, rule := range rules {
		rp := Attr("rules").Index(i)
		refs, _ := rule.BackendRefs.Get()
		for j, b := range refs {
			t.backendFacts(rc, b, rp.Attr("backend_refs").Index(j))
		}
		fs, _ := rule.Filters.Get()
		for j, f := range fs {
			if m, ok := f.RequestMirror.Get(); ok {
				if b, ok := m.BackendRef.Get(); ok {
					t.backendFacts(rc, b, rp.Attr("filters").Index(j).Attr("request_mirror").Attr("backend_ref"))
				}
			}
		}
	}
}

func (t *translator) backendFacts(rc *routeCtx, b BackendRef, p Path) {
	name, ok := b.Name.Get()
	if !ok || b.Namespace.IsUnknown() || b.Group.IsUnknown() || b.Kind.IsUnknown() {
		return
	}
	ns := b.Namespace.Or("")
	if ns == "" {
		ns = rc.ns
	}
	group, kind := b.Group.Or(""), b.Kind.Or(kindService)
	if ns != rc.ns && !t.grantAllows(rc.ns, ns, group, kind, name) {
		t.warnf(rc.in.Origin, rc.ref, RuleRouteBackendNotPermitted, p,
			oneLine(fmt.Sprintf("%s: Backend ref to %s %s/%s not permitted by any ReferenceGrant", gwapiv1.RouteReasonRefNotPermitted, kind, ns, name)),
			fmt.Sprintf("The backend is in namespace %q and the route in %q; no ReferenceGrant in %q lets HTTPRoutes of %q refer to it, so Envoy Gateway sends it no traffic. Add a ReferenceGrant in %q (from group gateway.networking.k8s.io, kind HTTPRoute, namespace %q; to kind %s).",
				ns, rc.ns, ns, rc.ns, ns, rc.ns, kind))
		return
	}
	if group != "" || kind != kindService {
		return
	}
	for _, svc := range t.set.Backends.Services {
		if svc == ns+"/"+name {
			return
		}
	}
	t.warnf(rc.in.Origin, rc.ref, RuleRouteBackendServiceExists, p,
		oneLine(fmt.Sprintf("%s: service %s/%s not found", gwapiv1.RouteReasonBackendNotFound, ns, name)),
		"No Service of this name exists in the cluster now, so Envoy Gateway answers this backend's share of requests with 500 until it does. Create the Service, or fix the name or namespace.")
}

// grantAllows reports whether a ReferenceGrant in the backend's namespace
// lets HTTPRoutes of from refer to it, as Envoy Gateway matches them.
func (t *translator) grantAllows(from, ns, group, kind, name string) bool {
	for _, g := range t.set.Backends.ReferenceGrants {
		if g.Namespace != ns {
			continue
		}
		fromOK := false
		for _, f := range g.From {
			if f.Namespace == from && f.Group == gwapiv1.GroupName && f.Kind == "HTTPRoute" {
				fromOK = true
			}
		}
		if !fromOK {
			continue
		}
		for _, to := range g.To {
			if to.Group == group && to.Kind == kind && (to.Name == "" || to.Name == name) {
				return true
			}
		}
	}
	return false
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

// routeCtx wraps one HTTPRoute with what the phases learn about it. The
// input stays untouched.
type routeCtx struct {
	in      *HTTPRoute
	ref     Ref
	ns      string
	nsKnown bool
}

// buildRoutes wraps the routes and, only when there are any, indexes the
// Gateways by namespace/name for the attachment rules: a plan of 10,000
// Gateways and no route pays nothing.
func (t *translator) buildRoutes() {
	s := t.set
	if len(s.HTTPRoutes) == 0 {
		return
	}
	t.routes = make([]*routeCtx, 0, len(s.HTTPRoutes))
	for i := range s.HTTPRoutes {
		in := &s.HTTPRoutes[i]
		rc := &routeCtx{in: in, ref: in.ObjectRef()}
		rc.ns, rc.nsKnown = in.Namespace.Get()
		t.routes = append(t.routes, rc)
	}
	t.gatewaysByName = map[objectKey][]*gatewayCtx{}
	for _, gc := range t.gateways {
		name, nok := gc.in.Name.Get()
		ns, sok := gc.in.Namespace.Get()
		if gc.in.Name.IsUnknown() || gc.in.Namespace.IsUnknown() {
			t.gatewayNameUnknown = true
		}
		if nok && sok && name != "" {
			k := objectKey{KindGateway, ns, name}
			t.gatewaysByName[k] = append(t.gatewaysByName[k], gc)
		}
	}
}

// parentGateway finds the Gateway a parent ref names: the planned one, or
// else the refreshed one (its live state stands for it until its plan), or
// a live one of another owner. ok is false when that is not decidable: the
// ref's name is unknown, or two Gateways claim the name (a duplicate the
// Gateway rules report). gc is nil when no Gateway of the Set has the name.
func (t *translator) parentGateway(rc *routeCtx, ref ParentRef) (gc *gatewayCtx, key objectKey, ok bool) {
	name, nok := ref.Name.Get()
	ns := ref.Namespace.Or("")
	if ref.Namespace.IsUnknown() || !nok {
		return nil, key, false
	}
	if ns == "" {
		if !rc.nsKnown {
			return nil, key, false
		}
		ns = rc.ns
	}
	key = objectKey{KindGateway, ns, name}
	var planned, others []*gatewayCtx
	for _, g := range t.gatewaysByName[key] {
		switch g.in.Origin {
		case Planned:
			planned = append(planned, g)
		case Refreshed:
			others = append(others, g)
		case Live:
			planned = append(planned, g) // another owner's: never superseded
		}
	}
	if len(planned) == 0 {
		planned = others
	}
	switch len(planned) {
	case 0:
		return nil, key, true
	case 1:
		return planned[0], key, true
	}
	return nil, key, false
}

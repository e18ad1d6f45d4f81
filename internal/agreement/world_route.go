// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"
	"strings"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// Unwatched is a namespace that exists but that the tenant does not watch:
// routes there are never read by its controller.
func (w World) Unwatched() string { return w.Tenant + "-c" }

// namespaces are the namespaces that exist, with their labels: the
// second is labelled RouteLabel=allowed for the listeners that select it.
func (w World) namespaces() []translate.Namespace {
	var out []translate.Namespace
	for _, ns := range []string{w.Tenant, w.A, w.B, w.Unwatched()} {
		labels := map[string]string{"kubernetes.io/metadata.name": ns}
		if ns == w.B {
			labels[RouteLabel] = "allowed"
		}
		out = append(out, translate.Namespace{Name: ns, Labels: translate.Known(labels)})
	}
	return out
}

// backends are the Services and the ReferenceGrant the test creates, as
// the provider reads them when routes are planned.
func (w World) backends() *translate.Backends {
	return &translate.Backends{
		Services: []string{w.A + "/" + ServiceApp, w.B + "/" + ServiceApp, w.B + "/" + ServiceGranted, w.Unwatched() + "/" + ServiceApp},
		ReferenceGrants: []translate.ReferenceGrant{{
			Namespace: w.B,
			From:      []translate.GrantFrom{{Group: gwapiv1.GroupName, Kind: "HTTPRoute", Namespace: w.A}},
			To:        []translate.GrantTo{{Group: "", Kind: "Service", Name: ServiceGranted}},
		}},
	}
}

// RouteNamespaceOf is the namespace a route is created in.
func (w World) RouteNamespaceOf(r Route) string {
	switch r.NS {
	case RouteNSSecond:
		return w.B
	case RouteNSUnwatched:
		return w.Unwatched()
	}
	return w.A
}

// RouteName is the Kubernetes name of a scenario's route.
func (w World) RouteName(s Scenario, r Route) string { return s.Name + "-" + r.Name }

// parentGateway finds the scenario Gateway a parent names; ok is false
// for a Gateway the scenario does not create.
func parentGateway(s Scenario, p Parent) (Gateway, bool) {
	for _, g := range s.Gateways {
		if g.Name == p.Gateway {
			return g, true
		}
	}
	return Gateway{}, false
}

// parentTarget is the namespace and name of the Gateway a parent names.
func (w World) parentTarget(s Scenario, p Parent) (ns, name string) {
	g, ok := parentGateway(s, p)
	if !ok {
		return w.A, s.Name + "-" + p.Gateway
	}
	return w.namespaceOf(g), w.GatewayName(s, g)
}

func (w World) parentRefs(s Scenario, r Route, parents []Parent) []translate.ParentRef {
	var out []translate.ParentRef
	for _, p := range parents {
		ns, name := w.parentTarget(s, p)
		ref := translate.ParentRef{Name: translate.Known(name)}
		if ns != w.RouteNamespaceOf(r) {
			ref.Namespace = translate.Known(ns)
		}
		if p.Section != "" {
			ref.SectionName = translate.Known(p.Section)
		}
		if p.Port != 0 {
			ref.Port = translate.Known(p.Port)
		}
		out = append(out, ref)
	}
	return out
}

// route is the translator's input for a route with the given parents.
func (w World) route(s Scenario, r Route, parents []Parent) translate.HTTPRoute {
	out := translate.HTTPRoute{
		Key:        r.Name,
		Name:       translate.Known(w.RouteName(s, r)),
		Namespace:  translate.Known(w.RouteNamespaceOf(r)),
		ParentRefs: translate.Known(w.parentRefs(s, r, parents)),
	}
	if len(r.Hostnames) > 0 {
		out.Hostnames = translate.Known(r.Hostnames)
	}
	bs := r.Backends
	if len(bs) == 0 {
		bs = []Backend{{Name: ServiceApp}}
	}
	var refs []translate.BackendRef
	for _, b := range bs {
		ref := translate.BackendRef{Name: translate.Known(b.Name), Port: translate.Known(int64(80))}
		if b.Other && w.RouteNamespaceOf(r) != w.B {
			ref.Namespace = translate.Known(w.B)
		}
		refs = append(refs, ref)
	}
	out.Rules = translate.Known([]translate.HTTPRouteRule{{BackendRefs: translate.Known(refs)}})
	return out
}

// addRoutes puts a scenario's routes, as finally planned, and the
// cluster's backends into its Set.
func (w World) addRoutes(s Scenario, set *translate.Set) {
	if len(s.Routes) == 0 {
		return
	}
	set.Backends = w.backends()
	for _, r := range s.Routes {
		set.HTTPRoutes = append(set.HTTPRoutes, w.route(s, r, r.Parents))
	}
}

// RenderedRoute is a route's object as first created and, for a route
// that moves, as updated.
type RenderedRoute struct {
	Route   Route
	Created *gwapiv1.HTTPRoute
	Updated *gwapiv1.HTTPRoute
}

func (w World) renderRoutes(s Scenario) ([]RenderedRoute, error) {
	var out []RenderedRoute
	for _, r := range s.Routes {
		first := r.Parents
		if len(r.MovedFrom) > 0 {
			first = r.MovedFrom
		}
		created, err := translate.RenderHTTPRoute(w.route(s, r, first))
		if err != nil {
			return nil, fmt.Errorf("%s: route %s: %w", s.Name, r.Name, err)
		}
		rr := RenderedRoute{Route: r, Created: created}
		if len(r.MovedFrom) > 0 {
			if rr.Updated, err = translate.RenderHTTPRoute(w.route(s, r, r.Parents)); err != nil {
				return nil, fmt.Errorf("%s: route %s: %w", s.Name, r.Name, err)
			}
		}
		out = append(out, rr)
	}
	return out, nil
}

// routeKey names a route's parent in a Row: "r1 → g1/http:8080".
func routeKey(r Route, p Parent) string {
	s := r.Name + " → " + p.Gateway
	if p.Section != "" {
		s += "/" + p.Section
	}
	if p.Port != 0 {
		s += fmt.Sprintf(":%d", p.Port)
	}
	return s
}

// staleKey names a parent the route no longer has that still carries
// status.
func staleKey(r Route, p Parent) string {
	return strings.Replace(routeKey(r, p), " → ", " (no longer) → ", 1)
}

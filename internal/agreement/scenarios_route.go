// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// The route scenarios: HTTPRoutes on the scenario's Gateways, each parent
// ref judged by the controller's route status (Accepted and ResolvedRefs
// for that parent) and by the plan's attachment and backend rules.

// Route is one HTTPRoute of a scenario, with one rule sending to its
// backends.
type Route struct {
	Name string
	// NS is the route's namespace: the World's first (the default), second
	// or unwatched one.
	NS        RouteNamespace
	Parents   []Parent
	Hostnames []string
	// Backends default to Service app:80 of the route's namespace.
	Backends []Backend
	// MovedFrom, when set, are the parents the route is created with; once
	// the controller has written their status, the route is updated to
	// Parents. The plan judges the route as updated.
	MovedFrom []Parent
}

// RouteNamespace places a route.
type RouteNamespace uint8

const (
	// RouteNSFirst is the namespace of the scenario's Gateways (unless Other).
	RouteNSFirst RouteNamespace = iota
	// RouteNSSecond is the World's second namespace, watched and labelled
	// with RouteLabel.
	RouteNSSecond
	// RouteNSUnwatched exists, but the tenant does not watch it.
	RouteNSUnwatched
)

// Parent is a parent ref to a Gateway of the scenario by its scenario
// name (or to one that does not exist), optionally to a listener by
// section name and port.
type Parent struct {
	Gateway string
	Section string
	Port    int64
}

// Backend is a Service backend; Other puts it in the World's second
// namespace.
type Backend struct {
	Name  string
	Other bool
}

// RouteLabel labels the World's second namespace; listeners select it.
const RouteLabel = "agreement.eg/routes"

// The Services the test creates (port 80): app in the first and second
// namespaces, granted in the second, which a ReferenceGrant there opens to
// HTTPRoutes of the first.
const (
	ServiceApp     = "app"
	ServiceGranted = "granted"
)

func to(gateway string) Parent { return Parent{Gateway: gateway} }

func toSection(gateway, section string) Parent { return Parent{Gateway: gateway, Section: section} }

func toPort(gateway string, port int64) Parent { return Parent{Gateway: gateway, Port: port} }

func rt(name string, parents ...Parent) Route { return Route{Name: name, Parents: parents} }

func hosts(r Route, hs ...string) Route { r.Hostnames = hs; return r }

func inNS(r Route, ns RouteNamespace) Route { r.NS = ns; return r }

func backends(r Route, bs ...Backend) Route { r.Backends = bs; return r }

// fromNS sets a listener's allowedRoutes.namespaces.from, with a selector
// for Selector.
func fromNS(l translate.Listener, from string, sel *translate.LabelSelector) translate.Listener {
	ar := l.AllowedRoutes.Or(translate.AllowedRoutes{})
	rn := translate.RouteNamespaces{From: translate.Known(from)}
	if sel != nil {
		rn.Selector = translate.Known(*sel)
	}
	ar.Namespaces = translate.Known(rn)
	l.AllowedRoutes = translate.Known(ar)
	return l
}

func labelsSelector(m map[string]string) *translate.LabelSelector {
	return &translate.LabelSelector{MatchLabels: translate.Known(m)}
}

func exprSelector(key, op string, values ...string) *translate.LabelSelector {
	req := translate.LabelSelectorRequirement{Key: translate.Known(key), Operator: translate.Known(op)}
	if len(values) > 0 {
		req.Values = translate.Known(values)
	}
	return &translate.LabelSelector{MatchExpressions: translate.Known([]translate.LabelSelectorRequirement{req})}
}

// routeScenarios is the route part.
func routeScenarios() []Scenario {
	ss := append(attachScenarios(), namespaceScenarios()...)
	ss = append(ss, hostnameScenarios()...)
	ss = append(ss, parentScenarios()...)
	ss = append(ss, backendScenarios()...)
	// Unless a scenario says otherwise, its class does not merge: each
	// Gateway has a fleet of its own.
	for i := range ss {
		ss[i].Part = PartRoute
		if ss[i].ClassProxy == nil {
			ss[i].ClassProxy = notMerging()
		}
	}
	return ss
}

// web is a Gateway with one HTTP listener on 8080 without hostname.
func web(name string) Gateway { return gw(name, http("http", 8080, "")) }

func attachScenarios() []Scenario {
	twoListeners := gw("g1", http("http", 8080, ""), http("alt", 8081, ""))
	return []Scenario{
		{Name: "rt-attach", About: "a route naming its Gateway only",
			Gateways: []Gateway{web("g1")}, Routes: []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-section", About: "sectionName names the listener",
			Gateways: []Gateway{twoListeners}, Routes: []Route{rt("r1", toSection("g1", "alt"))}, Expect: Agree},
		{Name: "rt-section-miss", About: "sectionName names no listener",
			Gateways: []Gateway{web("g1")}, Routes: []Route{rt("r1", toSection("g1", "nope"))}, Expect: Agree},
		{Name: "rt-port", About: "port names a listener's port",
			Gateways: []Gateway{twoListeners}, Routes: []Route{rt("r1", toPort("g1", 8081))}, Expect: Agree},
		{Name: "rt-port-miss", About: "port names no listener's port",
			Gateways: []Gateway{web("g1")}, Routes: []Route{rt("r1", toPort("g1", 9999))}, Expect: Agree},
		{Name: "rt-section-port", About: "sectionName and port of the same listener",
			Gateways: []Gateway{twoListeners}, Routes: []Route{rt("r1", Parent{Gateway: "g1", Section: "alt", Port: 8081})}, Expect: Agree},
		{Name: "rt-section-port-miss", About: "sectionName of one listener, port of the other",
			Gateways: []Gateway{twoListeners}, Routes: []Route{rt("r1", Parent{Gateway: "g1", Section: "http", Port: 8081})}, Expect: Agree},
		{Name: "rt-kinds-grpc-only", About: "the listener allows GRPCRoute only",
			Gateways: []Gateway{gw("g1", kinds(http("http", 8080, ""), kind("GRPCRoute")))},
			Routes:   []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-kinds-listed", About: "the listener allows GRPCRoute and HTTPRoute",
			Gateways: []Gateway{gw("g1", kinds(http("http", 8080, ""), kind("GRPCRoute"), kind("HTTPRoute")))},
			Routes:   []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-kinds-one-listener", About: "of two listeners one allows GRPCRoute only; routes to each and to the Gateway",
			Gateways: []Gateway{gw("g1", kinds(http("grpc", 8080, ""), kind("GRPCRoute")), http("http", 8081, ""))},
			Routes:   []Route{rt("r1", toSection("g1", "grpc")), rt("r2", toSection("g1", "http")), rt("r3", to("g1"))}, Expect: Agree,
			Note: "Envoy Gateway marks r2 and r3 `RouteRulesOverlap=True`: both send every path of the listener `http` to the same place. " +
				"It accepts both; the plan does not look for overlapping rules across routes."},
		{Name: "rt-on-tcp", About: "the Gateway's only listener is TCP",
			Gateways: []Gateway{gw("g1", tcp(9000))}, Routes: []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-on-tls", About: "the Gateway's only listener is TLS passthrough",
			Gateways: []Gateway{gw("g1", tlsPassthrough(9443, "db.example.com"))}, Routes: []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-tcp-section", About: "sectionName names the TCP listener of a Gateway that also has HTTP",
			Gateways: []Gateway{gw("g1", http("http", 8080, ""), tcp(9000))},
			Routes:   []Route{rt("r1", toSection("g1", "tcp")), rt("r2", to("g1"))}, Expect: Agree},
		{Name: "rt-https", About: "an HTTPS listener and a route for its hostname",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com"))},
			Routes:   []Route{hosts(rt("r1", to("g1")), "a.example.com")}, Expect: Agree},
	}
}

func namespaceScenarios() []Scenario {
	allowed := map[string]string{RouteLabel: "allowed"}
	return []Scenario{
		{Name: "rt-same-other-ns", About: "the listener allows its own namespace (default), the route is in another",
			Gateways: []Gateway{web("g1")}, Routes: []Route{inNS(rt("r1", to("g1")), RouteNSSecond)}, Expect: Agree},
		{Name: "rt-same-explicit", About: "from Same, the route in the Gateway's namespace",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromSame, nil))},
			Routes:   []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-all-other-ns", About: "from All, the route in another namespace",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromAll, nil))},
			Routes:   []Route{inNS(rt("r1", to("g1")), RouteNSSecond)}, Expect: Agree},
		{Name: "rt-selector-match", About: "from Selector matching the route's namespace's label",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromSelector, labelsSelector(allowed)))},
			Routes:   []Route{inNS(rt("r1", to("g1")), RouteNSSecond)}, Expect: Agree},
		{Name: "rt-selector-own-ns", About: "from Selector that the Gateway's own namespace does not match, the route there",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromSelector, labelsSelector(allowed)))},
			Routes:   []Route{rt("r1", to("g1"))}, Expect: Agree},
		{Name: "rt-selector-exists", About: "from Selector with matchExpressions Exists on the label",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromSelector, exprSelector(RouteLabel, "Exists")))},
			Routes:   []Route{inNS(rt("r1", to("g1")), RouteNSSecond), rt("r2", to("g1"))}, Expect: Agree},
		{Name: "rt-selector-notin", About: "from Selector with matchExpressions NotIn the label's value",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromSelector, exprSelector(RouteLabel, "NotIn", "allowed")))},
			Routes:   []Route{inNS(rt("r1", to("g1")), RouteNSSecond), rt("r2", to("g1"))}, Expect: Agree},
		{Name: "rt-unwatched-ns", About: "from All, the route in a namespace the tenant does not watch",
			Gateways: []Gateway{gw("g1", fromNS(http("http", 8080, ""), translate.FromAll, nil))},
			Routes:   []Route{inNS(rt("r1", to("g1")), RouteNSUnwatched)}, Expect: Agree},
	}
}

func hostnameScenarios() []Scenario {
	one := func(name, about, listenerHost string, routeHosts ...string) Scenario {
		return Scenario{Name: name, About: about, Gateways: []Gateway{gw("g1", http("http", 8080, listenerHost))},
			Routes: []Route{hosts(rt("r1", to("g1")), routeHosts...)}, Expect: Agree}
	}
	return []Scenario{
		one("rt-host-wildcard-one", "listener *.example.com, route a.example.com", "*.example.com", "a.example.com"),
		one("rt-host-wildcard-two", "listener *.example.com, route a.b.example.com", "*.example.com", "a.b.example.com"),
		one("rt-host-wildcard-apex", "listener *.example.com, route example.com", "*.example.com", "example.com"),
		one("rt-host-route-wildcard", "listener a.example.com, route *.example.com", "a.example.com", "*.example.com"),
		one("rt-host-route-wildcard-miss", "listener a.example.org, route *.example.com", "a.example.org", "*.example.com"),
		one("rt-host-exact-miss", "listener a.example.com, route b.example.com", "a.example.com", "b.example.com"),
		one("rt-host-both-wildcards", "listener *.example.com, route *.a.example.com", "*.example.com", "*.a.example.com"),
		one("rt-host-route-wider", "listener *.a.example.com, route *.example.com", "*.a.example.com", "*.example.com"),
		one("rt-host-listener-none", "listener without hostname, route www.example.org", "", "www.example.org"),
		one("rt-host-one-of-two", "listener *.example.com, route b.example.org and a.example.com", "*.example.com", "b.example.org", "a.example.com"),
		one("rt-host-listener-only", "listener a.example.com, route without hostnames", "a.example.com"),
		{Name: "rt-host-taken-by-sibling", About: "route a.example.com to the wildcard listener of a Gateway whose other listener on the port is a.example.com",
			Gateways: []Gateway{gw("g1", http("wild", 8080, "*.example.com"), http("exact", 8080, "a.example.com"))},
			Routes:   []Route{hosts(rt("r1", toSection("g1", "wild")), "a.example.com"), hosts(rt("r2", toSection("g1", "wild")), "a.example.com", "b.example.com")},
			Expect:   Agree},
	}
}

func parentScenarios() []Scenario {
	pair := []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8081, "b.example.com"))}
	return []Scenario{
		{Name: "rt-parents-some", About: "two parents: one attaches, the other names no listener",
			Gateways: []Gateway{web("g1"), web("g2")},
			Routes:   []Route{rt("r1", to("g1"), toSection("g2", "nope"))}, Expect: Agree},
		{Name: "rt-parents-none", About: "two parents, neither attaches",
			Gateways: []Gateway{web("g1"), otherNS(web("g2"))},
			Routes:   []Route{rt("r1", toSection("g1", "nope"), to("g2"))}, Expect: Agree},
		{Name: "rt-parents-two-listeners", About: "two parents, one listener of one Gateway each",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com"), https(8443, "a.example.com"))},
			Routes:   []Route{hosts(rt("r1", toSection("g1", "http"), toSection("g1", "https")), "a.example.com")}, Expect: Agree},
		{Name: "rt-parent-missing", About: "two parents, one a Gateway that does not exist",
			Gateways: []Gateway{web("g1")},
			Routes:   []Route{rt("r1", to("g1"), to("ghost"))}, Expect: Agree},
		{Name: "rt-merged-hosts", About: "merged class, a route for a.example.com to both Gateways",
			ClassProxy: mergedClassProxy, Gateways: pair,
			Routes: []Route{hosts(rt("r1", to("g1"), to("g2")), "a.example.com")}, Expect: Agree},
		{Name: "rt-not-merged-hosts", About: "class that does not merge, a route for a.example.com to both Gateways",
			Gateways: pair,
			Routes:   []Route{hosts(rt("r1", to("g1"), to("g2")), "a.example.com")}, Expect: Agree},
		{Name: "rt-merged-conflicted", About: "merged class, routes to both sides of a repeated listener",
			ClassProxy: mergedClassProxy,
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "a.example.com"))},
			Routes:     []Route{rt("r1", to("g1")), rt("r2", to("g2"))}, Expect: FirstWins},
		{Name: "rt-moves", About: "a route created on one Gateway, then moved to another",
			Gateways: []Gateway{web("g1"), web("g2")},
			Routes:   []Route{{Name: "r1", Parents: []Parent{to("g2")}, MovedFrom: []Parent{to("g1")}}}, Expect: Agree,
			Note: "After the move Envoy Gateway accepts the route on g2 as the plan predicts, and keeps the status it wrote for g1 " +
				"(`Accepted=True`) although the route no longer names g1: whoever reads `status.parents` must match them against " +
				"`spec.parentRefs` and the route's generation."},
	}
}

func backendScenarios() []Scenario {
	return []Scenario{
		{Name: "rt-backend-missing", About: "the backend Service does not exist",
			Gateways: []Gateway{web("g1")},
			Routes:   []Route{backends(rt("r1", to("g1")), Backend{Name: "missing"})}, Expect: Agree},
		{Name: "rt-backend-cross-ns", About: "a backend in another namespace without a ReferenceGrant",
			Gateways: []Gateway{web("g1")},
			Routes:   []Route{backends(rt("r1", to("g1")), Backend{Name: ServiceApp, Other: true})}, Expect: Agree},
		{Name: "rt-backend-granted", About: "a backend in another namespace that a ReferenceGrant opens",
			Gateways: []Gateway{web("g1")},
			Routes:   []Route{backends(rt("r1", to("g1")), Backend{Name: ServiceGranted, Other: true})}, Expect: Agree},
		{Name: "rt-backend-not-attached", About: "a missing backend on a route that does not attach",
			Gateways: []Gateway{web("g1")},
			Routes:   []Route{backends(rt("r1", toSection("g1", "nope")), Backend{Name: "missing"})}, Expect: Agree},
	}
}

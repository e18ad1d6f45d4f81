// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// The EnvoyProxy and Gateway infrastructure scenarios: a class proxy that
// merges or not, proxies shaped by service, deployment and spec (valid, and
// invalid for the API server or for Envoy Gateway's own validation),
// Gateway-level proxies through infrastructure.parametersRef, a class
// naming a missing proxy, and listener allowedRoutes.kinds.

func classProxy(about string, merge bool) *Proxy { return &Proxy{About: about, Merge: merge} }

// notMerging is the plainest class proxy: an eg_envoy_proxy with
// merge_gateways false, so every Gateway has an Envoy fleet of its own.
func notMerging() *Proxy { return classProxy("eg_envoy_proxy, merge_gateways false", false) }

func missingProxy() *Proxy { return &Proxy{About: "names an EnvoyProxy nobody creates", Missing: true} }

func serviceOf(typ string, sourceRanges ...string) translate.Value[translate.ProxyService] {
	svc := translate.ProxyService{Type: translate.Known(typ)}
	if len(sourceRanges) > 0 {
		svc.LoadBalancerSourceRanges = translate.Known(sourceRanges)
	}
	return translate.Known(svc)
}

func withProxy(g Gateway, p *Proxy) Gateway { g.Proxy = p; return g }

func withMetadata(g Gateway) Gateway { g.Metadata = true; return g }

// kinds sets a listener's allowedRoutes.kinds.
func kinds(l translate.Listener, ks ...translate.RouteGroupKind) translate.Listener {
	ar := l.AllowedRoutes.Or(translate.AllowedRoutes{})
	ar.Kinds = translate.Known(ks)
	l.AllowedRoutes = translate.Known(ar)
	return l
}

func kind(k string) translate.RouteGroupKind {
	return translate.RouteGroupKind{Kind: translate.Known(k)}
}

func groupKind(group, k string) translate.RouteGroupKind {
	return translate.RouteGroupKind{Group: translate.Known(group), Kind: translate.Known(k)}
}

// shapedProxy sets every typed attribute and some of the rest of the spec,
// all valid: the fleet of issue 12's example.
func shapedProxy(merge bool) *Proxy {
	svc := translate.ProxyService{
		Type:                     translate.Known("LoadBalancer"),
		Annotations:              translate.Known(map[string]string{"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"}),
		Labels:                   translate.Known(map[string]string{"team": "edge"}),
		ExternalTrafficPolicy:    translate.Known("Local"),
		LoadBalancerClass:        translate.Known("service.k8s.aws/nlb"),
		LoadBalancerSourceRanges: translate.Known([]string{"10.0.0.0/8"}),
	}
	dep := translate.ProxyDeployment{
		Replicas:       translate.Known(int64(2)),
		PodAnnotations: translate.Known(map[string]string{"prometheus.io/scrape": "true"}),
		PodLabels:      translate.Known(map[string]string{"team": "edge"}),
		Resources: translate.Known(translate.ProxyResources{
			Requests: translate.Known(translate.ResourceList{CPU: translate.Known("100m"), Memory: translate.Known("256Mi")}),
			Limits:   translate.Known(translate.ResourceList{Memory: translate.Known("1Gi")}),
		}),
	}
	about := "eg_envoy_proxy, merge_gateways false, LoadBalancer Service with annotations, source ranges and class, 2 replicas, resources, pod metadata, telemetry in spec"
	if merge {
		about = "eg_envoy_proxy, merge_gateways true, " + about[len("eg_envoy_proxy, merge_gateways false, "):]
	}
	return &Proxy{About: about, Merge: merge, Service: translate.Known(svc), Deployment: translate.Known(dep),
		Spec: "concurrency: 2\ntelemetry:\n  metrics:\n    prometheus:\n      disable: true\n"}
}

// proxyScenarios is the EnvoyProxy and Gateway infrastructure part.
func proxyScenarios() []Scenario {
	ss := append(classProxyScenarios(), gatewayProxyScenarios()...)
	ss = append(ss, routeKindScenarios()...)
	for i := range ss {
		ss[i].Part = PartProxy
	}
	return ss
}

func classProxyScenarios() []Scenario {
	return []Scenario{
		{Name: "proxy-not-merging", About: "a class proxy that does not merge, two Gateways with the same listener",
			ClassProxy: notMerging(),
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "a.example.com"))},
			Expect:     Agree},
		{Name: "proxy-merging", About: "an eg_envoy_proxy that merges, two Gateways with the same listener",
			ClassProxy: classProxy("eg_envoy_proxy, merge_gateways true", true),
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "a.example.com"))},
			Expect:     FirstWins},
		{Name: "proxy-shaped", About: "a class proxy with every service and deployment attribute and a spec",
			ClassProxy: shapedProxy(false),
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com"))},
			Expect:     Agree},
		{Name: "proxy-shaped-merged", About: "a merging class proxy with every service and deployment attribute and a spec",
			ClassProxy: shapedProxy(true),
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8081, "b.example.com"))},
			Expect:     Agree},
		{Name: "proxy-nodeport-source-ranges", About: "a class proxy with source ranges on a NodePort Service",
			ClassProxy: &Proxy{About: "NodePort Service with load_balancer_source_ranges", Service: serviceOf("NodePort", "10.0.0.0/8")},
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com"))},
			Expect:     Agree,
			Note: "The EnvoyProxy CRD's own CEL rule refuses this proxy at creation, before Envoy Gateway's validation could; " +
				"the provider reports it as that validation (`proxy-validation`). Envoy Gateway then does not accept the class, " +
				"whose EnvoyProxy does not exist, yet accepts its Gateway and programs its listener with default settings."},
		{Name: "proxy-source-range-not-cidr", About: "a class proxy whose source range is no CIDR",
			ClassProxy: &Proxy{About: "LoadBalancer Service, source range not-a-cidr", Service: serviceOf("LoadBalancer", "not-a-cidr")},
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8081, "b.example.com"))},
			Expect:     Agree},
		{Name: "proxy-bootstrap-replaced", About: "a class proxy whose spec replaces Envoy's bootstrap without the xDS settings",
			ClassProxy: &Proxy{About: "spec bootstrap type Replace, value admin: {}", Spec: "bootstrap:\n  type: Replace\n  value: 'admin: {}'\n"},
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com"))},
			Expect:     BootstrapUnchecked},
		{Name: "class-proxy-missing", About: "a class whose parametersRef names a missing EnvoyProxy",
			ClassProxy: missingProxy(),
			Gateways:   []Gateway{gw("g1", http("http", 8080, "a.example.com"))},
			Expect:     Agree,
			Note: "Envoy Gateway does not accept the class (`InvalidParameters`, failed to find the EnvoyProxy), yet accepts " +
				"its Gateway and programs its listener with default settings; the provider refuses the class " +
				"(`class-proxy-exists`), whose detail says none of its Gateways is programmed."},
	}
}

func gatewayProxyScenarios() []Scenario {
	own := func(about string) *Proxy {
		return &Proxy{About: about, Service: serviceOf("NodePort"), Deployment: translate.Known(translate.ProxyDeployment{Replicas: translate.Known(int64(2))})}
	}
	return []Scenario{
		{Name: "gateway-proxy", About: "a Gateway with its own EnvoyProxy, labels and annotations under a class that does not merge",
			ClassProxy: notMerging(),
			Gateways: []Gateway{withMetadata(withProxy(gw("g1", http("http", 8080, "a.example.com")), own("NodePort Service, 2 replicas"))),
				gw("g2", http("http", 8080, "a.example.com"))},
			Expect: Agree},
		{Name: "gateway-proxy-no-class-proxy", About: "a Gateway with its own EnvoyProxy under a class without parametersRef",
			NoParameters: true,
			Gateways:     []Gateway{withMetadata(withProxy(gw("g1", http("http", 8080, "a.example.com")), own("NodePort Service, 2 replicas")))},
			Expect:       Agree},
		{Name: "gateway-proxy-merged-class", About: "a Gateway with its own EnvoyProxy under a merged class",
			Gateways: []Gateway{withProxy(gw("g1", http("http", 8080, "a.example.com")), own("NodePort Service, 2 replicas")),
				gw("g2", http("http", 8081, "b.example.com"))},
			Expect: Agree},
		{Name: "gateway-proxy-missing", About: "a Gateway whose infrastructure.parametersRef names a missing EnvoyProxy",
			ClassProxy: notMerging(),
			Gateways:   []Gateway{withProxy(gw("g1", http("http", 8080, "a.example.com")), missingProxy()), gw("g2", http("http", 8081, "b.example.com"))},
			Expect:     Agree},
		{Name: "gateway-proxy-other-namespace", About: "a Gateway naming an EnvoyProxy that exists in another namespace",
			ClassProxy: notMerging(),
			Gateways: []Gateway{withProxy(gw("g1", http("http", 8080, "a.example.com")), &Proxy{About: "no settings", Other: true}),
				gw("g2", http("http", 8081, "b.example.com"))},
			Expect: Agree},
		{Name: "gateway-proxy-invalid", About: "a Gateway whose own EnvoyProxy has a source range that is no CIDR",
			ClassProxy: notMerging(),
			Gateways: []Gateway{withProxy(gw("g1", http("http", 8080, "a.example.com")), &Proxy{About: "LoadBalancer Service, source range not-a-cidr", Service: serviceOf("LoadBalancer", "not-a-cidr")}),
				gw("g2", http("http", 8081, "b.example.com"))},
			Expect: Agree},
		{Name: "gateway-proxy-merges", About: "two Gateways with the same listener, each with its own proxy that merges, under a class that does not",
			ClassProxy: notMerging(),
			Gateways: []Gateway{withProxy(gw("g1", http("http", 8080, "a.example.com")), classProxy("merge_gateways true", true)),
				withProxy(gw("g2", http("http", 8080, "a.example.com")), classProxy("merge_gateways true", true))},
			Expect: Agree},
	}
}

func routeKindScenarios() []Scenario {
	return []Scenario{
		{Name: "route-kinds-valid", About: "every protocol with the route kinds it serves",
			Gateways: []Gateway{
				gw("g1", kinds(http("http", 8080, "a.example.com"), kind("HTTPRoute"), kind("GRPCRoute")), kinds(https(8443, "a.example.com"), kind("HTTPRoute"))),
				gw("g2", kinds(tlsPassthrough(9443, "db.example.com"), kind("TLSRoute")), kinds(tlsTerminate("tlsterm", 9444, "db.example.com"), kind("TCPRoute")),
					kinds(tcp(9000), kind("TCPRoute")), kinds(udp(5353), groupKind("gateway.networking.k8s.io", "UDPRoute")))},
			Expect: Agree},
		{Name: "route-kinds-protocol", About: "a route kind the listener's protocol cannot serve",
			Gateways: []Gateway{gw("g1", kinds(tcp(9000), kind("HTTPRoute"))), gw("g2", kinds(tlsPassthrough(9443, "db.example.com"), kind("TCPRoute")))},
			Expect:   Agree},
		{Name: "route-kinds-group", About: "a route kind of a foreign group",
			Gateways: []Gateway{gw("g1", kinds(http("http", 8080, "a.example.com"), groupKind("example.com", "HTTPRoute"))), gw("g2", http("http", 8081, "b.example.com"))},
			Expect:   Agree},
		{Name: "route-kinds-mixed", About: "a served and an unserved route kind on one listener",
			Gateways: []Gateway{gw("g1", kinds(http("http", 8080, "a.example.com"), kind("HTTPRoute"), kind("TCPRoute"))), gw("g2", http("http", 8081, "b.example.com"))},
			Expect:   Agree},
		{Name: "route-kinds-first", About: "a listener with an unserved route kind, then a valid one with its tuple, merged",
			Gateways: []Gateway{gw("g1", kinds(http("http", 8080, "a.example.com"), kind("TCPRoute"))), gw("g2", http("http", 8080, "a.example.com"))},
			Expect:   Agree},
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"slices"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// Outcome is what a scenario is declared to show when the translator's
// verdict is compared with the controller's: on the class, each Gateway and
// each listener.
type Outcome string

const (
	// Agree: every listener is accepted by both or refused by both, for a
	// matching reason.
	Agree Outcome = "agree"
	// FirstWins is a deliberate difference: Envoy Gateway keeps the first
	// listener of a repeated (protocol, hostname, port) across merged
	// Gateways and marks the later ones Conflicted; the translator refuses
	// every side, because which one is first depends on creation order the
	// user does not see.
	FirstWins Outcome = "deliberate: first wins"
	// HTTPSAndTLS is a deliberate difference: Envoy Gateway lets an HTTPS and
	// a TLS listener of different merged Gateways share a hostname on one
	// port; the translator refuses both, as both claim one TLS server name
	// on one Envoy listener.
	HTTPSAndTLS Outcome = "deliberate: HTTPS and TLS share a host:port"
	// UnresolvedRefs is a deliberate difference: the plan does not resolve
	// certificate references (Secrets are not part of it), so a listener
	// whose Secret is missing still takes part in the merged checks. Envoy
	// Gateway leaves that listener out (InvalidCertificateRef) and accepts
	// the listener it would otherwise conflict with; once the Secret exists
	// they conflict. The translator refuses the repeated tuple either way.
	UnresolvedRefs Outcome = "deliberate: references are not resolved at plan time"
	// BootstrapUnchecked is a deliberate difference: Envoy Gateway checks an
	// EnvoyProxy's bootstrap against its own default bootstrap, which is
	// internal to it; the plan only warns that it cannot check it.
	BootstrapUnchecked Outcome = "deliberate: bootstrap checked only by Envoy Gateway"
	// Disagree: the controller and the translator judge something
	// differently and no deliberate difference explains it. A scenario may
	// declare it only with Open saying what the controller does.
	Disagree Outcome = "disagree"
)

// Part is the section of the table a scenario belongs to.
type Part string

const (
	// PartMerged: listeners across the Gateways of one merged class.
	PartMerged Part = ""
	// PartProxy: EnvoyProxies, Gateway infrastructure and route kinds.
	PartProxy Part = "proxy"
	// PartRoute: HTTPRoutes attaching (or not) to the scenario's Gateways.
	PartRoute Part = "route"
)

// Scenario is one class, its EnvoyProxy and its Gateways, in creation
// order.
type Scenario struct {
	// Name is short and unique; it names the class and prefixes Gateways.
	Name string
	// About says in a few words what the scenario probes.
	About string
	Part  Part
	// ClassProxy is the class's EnvoyProxy, an eg_envoy_proxy; nil is the
	// eg_merged_proxy (mergeGateways true) of the merged scenarios.
	ClassProxy *Proxy
	// NoParameters: the class has no parametersRef at all.
	NoParameters bool
	Gateways     []Gateway
	// Routes are created after the Gateways (scenarios_route.go).
	Routes []Route
	// Expect is the declared outcome; TestAgreementTable fails when the
	// comparison finds another.
	Expect Outcome
	// Fixed, when set, says which translator bug this scenario found and
	// how it was fixed: it agrees now, and the table says so.
	Fixed string
	// Open, with Expect Disagree, says what the controller does that the
	// translator does not predict: a finding for the translator's owner.
	Open string
	// Note says what else the run showed that the verdicts do not.
	Note string
}

// Gateway is one Gateway of a scenario. Other puts it in the second
// namespace of the World instead of the first.
type Gateway struct {
	Name      string
	Other     bool
	Listeners []translate.Listener
	// Proxy is the Gateway's own EnvoyProxy, which its
	// infrastructure.parametersRef names.
	Proxy *Proxy
	// Metadata gives the Gateway labels and annotations, and
	// infrastructure labels and annotations.
	Metadata bool
}

// Proxy is an EnvoyProxy of a scenario, as an eg_envoy_proxy plans it.
type Proxy struct {
	// About says in a few words what it sets.
	About      string
	Merge      bool
	Service    translate.Value[translate.ProxyService]
	Deployment translate.Value[translate.ProxyDeployment]
	// Spec is the rest of EnvoyProxySpec, as YAML.
	Spec string
	// Missing: named by the class or Gateway, never created.
	Missing bool
	// Other puts it in the World's second namespace.
	Other bool
}

// CertSecret is the TLS Secret every HTTPS and terminating TLS listener
// names; the test creates it in both namespaces, so certificates never
// decide a verdict.
const CertSecret = "agreement-cert"

func gw(name string, ls ...translate.Listener) Gateway { return Gateway{Name: name, Listeners: ls} }

func otherNS(g Gateway) Gateway { g.Other = true; return g }

func listener(name string, port int64, proto, host string) translate.Listener {
	l := translate.Listener{Name: translate.Known(name), Port: translate.Known(port), Protocol: translate.Known(proto)}
	if host != "" {
		l.Hostname = translate.Known(host)
	}
	return l
}

func certs() translate.Value[[]translate.CertificateRef] {
	return translate.Known([]translate.CertificateRef{{Name: translate.Known(CertSecret)}})
}

func http(name string, port int64, host string) translate.Listener {
	return listener(name, port, translate.ProtocolHTTP, host)
}

// https, tlsPassthrough, tcp and udp name their listener after its protocol.
func https(port int64, host string) translate.Listener {
	l := listener("https", port, translate.ProtocolHTTPS, host)
	l.TLS = translate.Known(translate.ListenerTLS{CertificateRefs: certs()})
	return l
}

// httpsNoTLS is an HTTPS listener without a tls block: the CRD accepts it,
// both Envoy Gateway and the translator refuse it.
func httpsNoTLS(name string, port int64, host string) translate.Listener {
	return listener(name, port, translate.ProtocolHTTPS, host)
}

func tlsPassthrough(port int64, host string) translate.Listener {
	l := listener("tls", port, translate.ProtocolTLS, host)
	l.TLS = translate.Known(translate.ListenerTLS{Mode: translate.Known(translate.TLSModePassthrough)})
	return l
}

func tlsTerminate(name string, port int64, host string) translate.Listener {
	l := listener(name, port, translate.ProtocolTLS, host)
	l.TLS = translate.Known(translate.ListenerTLS{Mode: translate.Known(translate.TLSModeTerminate), CertificateRefs: certs()})
	return l
}

// missingCert points a listener's certificate at a Secret nobody creates.
func missingCert(l translate.Listener) translate.Listener {
	tls, _ := l.TLS.Get()
	tls.CertificateRefs = translate.Known([]translate.CertificateRef{{Name: translate.Known("no-such-secret")}})
	l.TLS = translate.Known(tls)
	return l
}

// noSelector makes a listener select route namespaces without a selector:
// the CRD accepts it, both Envoy Gateway and the translator refuse it.
func noSelector(l translate.Listener) translate.Listener {
	l.AllowedRoutes = translate.Known(translate.AllowedRoutes{Namespaces: translate.Known(translate.RouteNamespaces{From: translate.Known(translate.FromSelector)})})
	return l
}

func tcp(port int64) translate.Listener {
	return listener("tcp", port, translate.ProtocolTCP, "")
}

func udp(port int64) translate.Listener {
	return listener("udp", port, translate.ProtocolUDP, "")
}

// Scenarios is the differential suite: the merged scenarios, the
// EnvoyProxy and Gateway infrastructure scenarios, then the routes.
func Scenarios() []Scenario {
	return append(append(mergedScenarios(), proxyScenarios()...), routeScenarios()...)
}

// mergedScenarios: tuples, protocol families per port, hostnames,
// wildcards, TCP and UDP, across two to four merged Gateways.
func mergedScenarios() []Scenario {
	return slices.Concat(mergedHTTPScenarios(), mergedFamilyScenarios(), mergedTLSScenarios(),
		mergedMixedScenarios(), mergedInvalidScenarios())
}

// mergedHTTPScenarios: hostnames, wildcards, ports, names and namespaces of
// HTTP listeners.
func mergedHTTPScenarios() []Scenario {
	return []Scenario{
		{Name: "seed", About: "the seed's three merged gateways, one port each",
			Gateways: []Gateway{gw("merged1", http("http", 8080, "www.merged1.com")), gw("merged2", http("http", 8081, "www.merged2.com")), gw("merged3", http("http", 8082, "www.merged3.com"))},
			Expect:   Agree},
		{Name: "http-hosts", About: "HTTP, one port, different hostnames",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "b.example.com"))},
			Expect:   Agree},
		{Name: "http-dup-host", About: "HTTP, one port, same hostname",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "a.example.com"))},
			Expect:   FirstWins},
		{Name: "http-dup-nohost", About: "HTTP, one port, neither has a hostname",
			Gateways: []Gateway{gw("g1", http("http", 8080, "")), gw("g2", http("http", 8080, ""))},
			Expect:   FirstWins},
		{Name: "http-dup-three", About: "HTTP, one port, same hostname on three gateways",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "a.example.com")), gw("g3", http("http", 8080, "a.example.com"))},
			Expect:   FirstWins},
		{Name: "http-nohost-and-host", About: "HTTP, one port, one without hostname and one with",
			Gateways: []Gateway{gw("g1", http("http", 8080, "")), gw("g2", http("http", 8080, "a.example.com"))},
			Expect:   Agree},
		{Name: "http-ports", About: "HTTP, same hostname on different ports",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8081, "a.example.com"))},
			Expect:   Agree},
		{Name: "http-names", About: "HTTP, same listener name, different hostnames",
			Gateways: []Gateway{gw("g1", http("web", 8080, "a.example.com")), gw("g2", http("web", 8080, "b.example.com"))},
			Expect:   Agree},
		{Name: "wildcard-exact", About: "HTTP, wildcard and a hostname it covers",
			Gateways: []Gateway{gw("g1", http("http", 8080, "*.example.com")), gw("g2", http("http", 8080, "www.example.com"))},
			Expect:   Agree},
		{Name: "wildcard-dup", About: "HTTP, the same wildcard twice",
			Gateways: []Gateway{gw("g1", http("http", 8080, "*.example.com")), gw("g2", http("http", 8080, "*.example.com"))},
			Expect:   FirstWins},
		{Name: "wildcard-nested", About: "HTTP, nested wildcards",
			Gateways: []Gateway{gw("g1", http("http", 8080, "*.example.com")), gw("g2", http("http", 8080, "*.a.example.com"))},
			Expect:   Agree},
		{Name: "cross-namespace-dup", About: "HTTP, same hostname, gateways in two namespaces",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), otherNS(gw("g2", http("http", 8080, "a.example.com")))},
			Expect:   FirstWins},
		{Name: "cross-namespace-hosts", About: "HTTP, different hostnames, gateways in two namespaces",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), otherNS(gw("g2", http("http", 8080, "b.example.com")))},
			Expect:   Agree},
	}
}

// mergedFamilyScenarios: protocol families sharing a port, and TCP and UDP.
func mergedFamilyScenarios() []Scenario {
	return []Scenario{
		{Name: "http-https-port", About: "HTTP and HTTPS on one port",
			Gateways: []Gateway{gw("g1", http("http", 8443, "a.example.com")), gw("g2", https(8443, "b.example.com"))},
			Expect:   Agree},
		{Name: "http-https-same-host", About: "HTTP and HTTPS on one port, same hostname",
			Gateways: []Gateway{gw("g1", http("http", 8443, "a.example.com")), gw("g2", https(8443, "a.example.com"))},
			Expect:   Agree},
		{Name: "http-tcp-port", About: "HTTP and TCP on one port",
			Gateways: []Gateway{gw("g1", http("http", 9000, "a.example.com")), gw("g2", tcp(9000))},
			Expect:   Agree},
		{Name: "https-tcp-port", About: "HTTPS and TCP on one port",
			Gateways: []Gateway{gw("g1", https(9443, "a.example.com")), gw("g2", tcp(9443))},
			Expect:   Agree},
		{Name: "tls-tcp-port", About: "TLS passthrough and TCP on one port",
			Gateways: []Gateway{gw("g1", tlsPassthrough(9443, "a.example.com")), gw("g2", tcp(9443))},
			Expect:   Agree},
		{Name: "http-udp-port", About: "HTTP and UDP on one port",
			Gateways: []Gateway{gw("g1", http("http", 5353, "a.example.com")), gw("g2", udp(5353))},
			Expect:   Agree},
		{Name: "tcp-udp-port", About: "TCP and UDP on one port",
			Gateways: []Gateway{gw("g1", tcp(5353)), gw("g2", udp(5353))},
			Expect:   Agree},
		{Name: "tcp-dup", About: "TCP twice on one port",
			Gateways: []Gateway{gw("g1", tcp(9000)), gw("g2", tcp(9000))},
			Expect:   FirstWins},
		{Name: "udp-dup", About: "UDP twice on one port",
			Gateways: []Gateway{gw("g1", udp(5353)), gw("g2", udp(5353))},
			Expect:   FirstWins},
		{Name: "tcp-ports", About: "TCP on two ports",
			Gateways: []Gateway{gw("g1", tcp(9000)), gw("g2", tcp(9001))},
			Expect:   Agree},
		{Name: "http-tcp-udp", About: "HTTP, TCP and UDP on one port, three gateways",
			Gateways: []Gateway{gw("g1", http("http", 9000, "a.example.com")), gw("g2", tcp(9000)), gw("g3", udp(9000))},
			Expect:   Agree},
	}
}

// mergedTLSScenarios: hostnames, wildcards, passthrough and termination of
// HTTPS and TLS listeners.
func mergedTLSScenarios() []Scenario {
	return []Scenario{
		{Name: "https-hosts", About: "HTTPS, one port, different hostnames",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com")), gw("g2", https(8443, "b.example.com"))},
			Expect:   Agree},
		{Name: "https-dup-host", About: "HTTPS, one port, same hostname",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com")), gw("g2", https(8443, "a.example.com"))},
			Expect:   FirstWins},
		{Name: "https-wildcard-exact", About: "HTTPS, wildcard and a hostname it covers",
			Gateways: []Gateway{gw("g1", https(8443, "*.example.com")), gw("g2", https(8443, "www.example.com"))},
			Expect:   Agree},
		{Name: "https-nohost-and-host", About: "HTTPS, one without hostname and one with",
			Gateways: []Gateway{gw("g1", https(8443, "")), gw("g2", https(8443, "a.example.com"))},
			Expect:   Agree},
		{Name: "https-tls-same-host", About: "HTTPS and TLS passthrough, one port, same hostname",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com")), gw("g2", tlsPassthrough(8443, "a.example.com"))},
			Expect:   HTTPSAndTLS},
		{Name: "https-tlsterm-same-host", About: "HTTPS and TLS terminate, one port, same hostname",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com")), gw("g2", tlsTerminate("tls", 8443, "a.example.com"))},
			Expect:   HTTPSAndTLS},
		{Name: "https-tls-hosts", About: "HTTPS and TLS passthrough, one port, different hostnames",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com")), gw("g2", tlsPassthrough(8443, "b.example.com"))},
			Expect:   Agree},
		{Name: "tls-dup-host", About: "TLS passthrough, one port, same hostname",
			Gateways: []Gateway{gw("g1", tlsPassthrough(8443, "a.example.com")), gw("g2", tlsPassthrough(8443, "a.example.com"))},
			Expect:   FirstWins},
		{Name: "tls-hosts", About: "TLS passthrough, one port, different hostnames",
			Gateways: []Gateway{gw("g1", tlsPassthrough(8443, "a.example.com")), gw("g2", tlsPassthrough(8443, "b.example.com"))},
			Expect:   Agree},
	}
}

// mergedMixedScenarios: several listeners per Gateway, and port aliases.
func mergedMixedScenarios() []Scenario {
	return []Scenario{
		{Name: "same-gw-http-https", About: "HTTP and HTTPS on one port inside one gateway, another gateway elsewhere",
			Gateways: []Gateway{gw("g1", http("http", 8443, "a.example.com"), https(8443, "b.example.com")), gw("g2", http("http", 8080, "c.example.com"))},
			Expect:   Agree},
		{Name: "same-gw-https-tls", About: "HTTPS and TLS, same hostname and port inside one gateway",
			Gateways: []Gateway{gw("g1", https(8443, "a.example.com"), tlsPassthrough(8443, "a.example.com")), gw("g2", http("http", 8080, "c.example.com"))},
			Expect:   Agree},
		{Name: "same-gw-tcp-udp", About: "TCP and UDP on one port inside one gateway, HTTP on it from another",
			Gateways: []Gateway{gw("g1", tcp(5353), udp(5353)), gw("g2", http("http", 5353, "a.example.com"))},
			Expect:   Agree},
		{Name: "family-and-dup", About: "a repeated HTTP tuple on a port that also carries TCP",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", http("http", 8080, "a.example.com")), gw("g3", tcp(8080))},
			Expect:   Agree},
		{Name: "multi-listener", About: "two gateways with HTTP and HTTPS each, hostnames kept apart",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com"), https(8443, "a.example.com")), gw("g2", http("http", 8080, "b.example.com"), https(8443, "b.example.com"))},
			Expect:   Agree},
		{Name: "multi-listener-dup", About: "two gateways with HTTP and HTTPS each, one tuple repeated",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com"), https(8443, "a.example.com")), gw("g2", http("http", 8080, "b.example.com"), https(8443, "a.example.com"))},
			Expect:   FirstWins},
		{Name: "seed-plus-dup", About: "the seed's gateways and a fourth repeating merged1's listener",
			Gateways: []Gateway{gw("merged1", http("http", 8080, "www.merged1.com")), gw("merged2", http("http", 8081, "www.merged2.com")), gw("merged3", http("http", 8082, "www.merged3.com")), gw("merged4", http("http", 8080, "www.merged1.com"))},
			Expect:   FirstWins},
		{Name: "https-tls-nohost", About: "HTTPS and TLS passthrough, one port, neither has a hostname",
			Gateways: []Gateway{gw("g1", https(8443, "")), gw("g2", tlsPassthrough(8443, ""))},
			Expect:   HTTPSAndTLS},
		{Name: "https-tls-wildcard", About: "HTTPS wildcard and TLS passthrough for a name it covers, one port",
			Gateways: []Gateway{gw("g1", https(8443, "*.example.com")), gw("g2", tlsPassthrough(8443, "db.example.com"))},
			Expect:   Agree},
		{Name: "tls-term-pass-dup", About: "TLS terminate and TLS passthrough, one port, same hostname",
			Gateways: []Gateway{gw("g1", tlsTerminate("tls", 8443, "a.example.com")), gw("g2", tlsPassthrough(8443, "a.example.com"))},
			Expect:   FirstWins},
		{Name: "same-gw-family-and-other", About: "HTTP and HTTPS on one port inside one gateway, and HTTP on it from another",
			Gateways: []Gateway{gw("g1", http("http", 8443, "a.example.com"), https(8443, "b.example.com")), gw("g2", http("http", 8443, "c.example.com"))},
			Expect:   Agree},
		{Name: "port-alias-http", About: "HTTP on 80 and on 10080, where Envoy Gateway moves port 80",
			Gateways: []Gateway{gw("g1", http("http", 80, "a.example.com")), gw("g2", http("http", 10080, "b.example.com"))},
			Expect:   Agree},
		{Name: "port-alias-http-tcp", About: "HTTP on 80 and TCP on 10080, where Envoy Gateway moves port 80",
			Gateways: []Gateway{gw("g1", http("http", 80, "a.example.com")), gw("g2", tcp(10080))},
			Expect:   Agree},
	}
}

// mergedInvalidScenarios: listeners Envoy Gateway refuses on their own, beside others.
func mergedInvalidScenarios() []Scenario {
	return []Scenario{
		{Name: "invalid-first", About: "an HTTPS listener without tls, then a valid one with its tuple",
			Gateways: []Gateway{gw("g1", httpsNoTLS("https", 8443, "a.example.com")), gw("g2", https(8443, "a.example.com"))},
			Expect:   Agree},
		{Name: "missing-cert-first", About: "an HTTPS listener naming a Secret that does not exist, then a valid one with its tuple",
			Gateways: []Gateway{gw("g1", missingCert(https(8443, "a.example.com"))), gw("g2", https(8443, "a.example.com"))},
			Expect:   UnresolvedRefs},
		{Name: "invalid-no-family-conflict", About: "an HTTPS listener without tls beside HTTP on its port",
			Gateways: []Gateway{gw("g1", httpsNoTLS("https", 8080, "a.example.com")), gw("g2", http("http", 8080, "b.example.com"))},
			Expect:   Agree},
		{Name: "selector-missing-first", About: "a listener selecting route namespaces without a selector, then a valid one with its tuple",
			Gateways: []Gateway{gw("g1", noSelector(http("http", 8080, "a.example.com"))), gw("g2", http("http", 8080, "a.example.com"))},
			Expect:   Agree},
		{Name: "unsupported-protocol", About: "an unsupported protocol beside HTTP on one port",
			Gateways: []Gateway{gw("g1", http("http", 8080, "a.example.com")), gw("g2", listener("h2", 8080, "example.com/h2c", ""))},
			Expect:   Agree},
	}
}

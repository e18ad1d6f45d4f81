// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strings"
	"testing"
)

// agreementCase is one Gateway the API server agreement test creates
// (apiserver_test.go). crdValid is what the Gateway API v1.6 CRD decides;
// the translator's PhaseSchema must decide the same, with or without a
// cluster (TestAgreementCasesMatchSchemaPhase), and the API server must
// too (TestApiserverAgreesWithSchemaPhase).
type agreementCase struct {
	name     string
	crdValid bool
	gateway  Gateway
}

func agw(ls ...Listener) Gateway {
	return Gateway{Name: Known("agree"), Namespace: Known("default"), GatewayClassName: Known("eg"), Listeners: Known(ls)}
}

func al(name string, port int64, proto string) Listener {
	return Listener{Name: Known(name), Port: Known(port), Protocol: Known(proto)}
}

func (l Listener) host(h string) Listener { l.Hostname = Known(h); return l }

func (l Listener) tls(mode string, certs ...string) Listener {
	t := ListenerTLS{}
	if mode != "" {
		t.Mode = Known(mode)
	}
	if len(certs) > 0 {
		refs := make([]CertificateRef, len(certs))
		for i, c := range certs {
			refs[i] = CertificateRef{Name: Known(c)}
		}
		t.CertificateRefs = Known(refs)
	}
	l.TLS = Known(t)
	return l
}

func (l Listener) from(from string, sel *LabelSelector) Listener {
	rn := RouteNamespaces{From: Known(from)}
	if sel != nil {
		rn.Selector = Known(*sel)
	}
	l.AllowedRoutes = Known(AllowedRoutes{Namespaces: Known(rn)})
	return l
}

func manyListeners(n int) []Listener {
	ls := make([]Listener, n)
	for i := range ls {
		ls[i] = al(fmt.Sprintf("l%d", i), int64(1000+i), ProtocolHTTP)
	}
	return ls
}

func agreementCases() []agreementCase {
	cases := append(agreementAcceptedCases(), agreementControllerCases()...)
	return append(cases, agreementRefusedCases()...)
}

// longName is a name of n letters.
func longName(n int) string { return strings.Repeat("a", n) }

// hostname253 is a hostname of the most characters allowed.
var hostname253 = strings.Repeat("a", 61) + "." + strings.Repeat("b", 61) + "." + strings.Repeat("c", 61) + "." + strings.Repeat("d", 67)

// agreementAcceptedCases are Gateways the CRD accepts.
func agreementAcceptedCases() []agreementCase {
	emptyCertNS := al("https", 443, ProtocolHTTPS)
	emptyCertNS.TLS = Known(ListenerTLS{CertificateRefs: Known([]CertificateRef{{Name: Known("cert"), Namespace: Known("")}})})
	return []agreementCase{
		{"http", true, agw(al("http", 80, ProtocolHTTP))},
		{"http-hostname", true, agw(al("http", 80, ProtocolHTTP).host("www.example.com"))},
		{"wildcard-hostname", true, agw(al("http", 80, ProtocolHTTP).host("*.example.com"))},
		{"ip-like-hostname", true, agw(al("http", 80, ProtocolHTTP).host("1.2.3.4"))},
		{"hostname-253", true, agw(al("http", 80, ProtocolHTTP).host(hostname253))},
		{"empty-hostname-is-unset", true, agw(al("tcp", 9000, ProtocolTCP).host(""))},
		{"https-terminate", true, agw(al("https", 443, ProtocolHTTPS).host("www.example.com").tls("", "cert"))},
		{"https-explicit-terminate", true, agw(al("https", 443, ProtocolHTTPS).tls(TLSModeTerminate, "cert"))},
		{"tls-passthrough", true, agw(al("tls", 443, ProtocolTLS).host("db.example.com").tls(TLSModePassthrough))},
		{"tls-terminate", true, agw(al("tls", 443, ProtocolTLS).tls(TLSModeTerminate, "cert"))},
		{"tcp", true, agw(al("tcp", 9000, ProtocolTCP))},
		{"udp", true, agw(al("udp", 53, ProtocolUDP))},
		{"tcp-and-udp-one-port", true, agw(al("tcp", 53, ProtocolTCP), al("udp", 53, ProtocolUDP))},
		{"port-bounds", true, agw(al("low", 1, ProtocolHTTP), al("high", 65535, ProtocolHTTP))},
		{"64-listeners", true, agw(manyListeners(64)...)},
		{"listener-name-with-dots", true, agw(al("a.b", 80, ProtocolHTTP))},
		{"listener-name-253", true, agw(al(longName(253), 80, ProtocolHTTP))},
		{"wildcard-and-exact-one-port", true, agw(al("a", 80, ProtocolHTTP).host("*.example.com"), al("b", 80, ProtocolHTTP).host("www.example.com"))},
		{"allowed-routes-selector", true, agw(al("http", 80, ProtocolHTTP).from(FromSelector, &LabelSelector{MatchLabels: Known(map[string]string{"team": "web"})}))},
		{"allowed-routes-all", true, agw(al("http", 80, ProtocolHTTP).from(FromAll, nil))},
		{"empty-cert-namespace-is-unset", true, agw(emptyCertNS)},
	}
}

// agreementControllerCases are Gateways the CRD accepts and Envoy Gateway
// refuses later (PhaseController).
func agreementControllerCases() []agreementCase {
	noOperator := al("http", 80, ProtocolHTTP).from(FromSelector, &LabelSelector{MatchExpressions: Known([]LabelSelectorRequirement{{Key: Known("team")}})})
	return []agreementCase{
		{"controller-https-without-tls", true, agw(al("https", 443, ProtocolHTTPS))},
		{"controller-unsupported-protocol", true, agw(al("h2", 80, "HTTP2"))},
		{"controller-domain-protocol", true, agw(al("custom", 80, "example.com/custom"))},
		{"controller-unanchored-protocol-pattern", true, agw(al("odd", 80, "not a protocol a/b"))},
		{"controller-http-and-https-one-port", true, agw(al("http", 8080, ProtocolHTTP), al("https", 8080, ProtocolHTTPS).tls("", "cert"))},
		{"controller-passthrough-with-certs", true, agw(al("tls", 443, ProtocolTLS).tls(TLSModePassthrough, "cert"))},
		{"controller-selector-without-selector", true, agw(al("http", 80, ProtocolHTTP).from(FromSelector, nil))},
		{"controller-https-tls-same-hostname", true, agw(al("https", 443, ProtocolHTTPS).host("a.example.com").tls("", "cert"), al("tls", 443, ProtocolTLS).host("a.example.com").tls(TLSModePassthrough))},
		// The CRD requires an operator, but the typed object always carries
		// one (empty), so a null operator is a controller-level problem.
		{"controller-selector-expression-without-operator", true, agw(noOperator)},
		{"controller-selector-bad-operator", true, agw(al("http", 80, ProtocolHTTP).from(FromSelector, &LabelSelector{MatchExpressions: Known([]LabelSelectorRequirement{{Key: Known("team"), Operator: Known("Like")}})}))},
	}
}

// agreementRefusedCases are Gateways the CRD refuses.
func agreementRefusedCases() []agreementCase {
	manyCerts := make([]string, 65)
	for i := range manyCerts {
		manyCerts[i] = fmt.Sprintf("c%d", i)
	}
	named := func(g Gateway, name string) Gateway { g.Name = Known(name); return g }
	classed := func(g Gateway, class string) Gateway { g.GatewayClassName = Known(class); return g }
	noName := al("x", 80, ProtocolHTTP)
	noName.Name = Null[string]()
	noProto := al("x", 80, ProtocolHTTP)
	noProto.Protocol = Null[string]()
	badCertRef := al("https", 443, ProtocolHTTPS).tls("", "cert")
	badCertRef.TLS = Known(ListenerTLS{CertificateRefs: Known([]CertificateRef{{Name: Known("cert"), Namespace: Known("Certs")}})})
	emptyCertName := al("https", 443, ProtocolHTTPS)
	emptyCertName.TLS = Known(ListenerTLS{CertificateRefs: Known([]CertificateRef{{Name: Known("")}})})
	return []agreementCase{
		{"gateway-name-uppercase", false, named(agw(al("http", 80, ProtocolHTTP)), "Agree")},
		{"gateway-name-254", false, named(agw(al("http", 80, ProtocolHTTP)), longName(254))},
		{"class-name-empty", false, classed(agw(al("http", 80, ProtocolHTTP)), "")},
		{"class-name-254", false, classed(agw(al("http", 80, ProtocolHTTP)), longName(254))},
		{"no-listeners", false, agw()},
		{"65-listeners", false, agw(manyListeners(65)...)},
		{"listener-name-uppercase", false, agw(al("HTTP", 80, ProtocolHTTP))},
		{"listener-name-underscore", false, agw(al("a_b", 80, ProtocolHTTP))},
		{"listener-name-missing", false, agw(noName)},
		{"listener-name-254", false, agw(al(longName(254), 80, ProtocolHTTP))},
		{"port-0", false, agw(al("http", 0, ProtocolHTTP))},
		{"port-65536", false, agw(al("http", 65536, ProtocolHTTP))},
		{"protocol-with-space", false, agw(al("http", 80, "HTTP 2"))},
		{"protocol-missing", false, agw(noProto)},
		{"protocol-256", false, agw(al("http", 80, longName(256)))},
		{"hostname-uppercase", false, agw(al("http", 80, ProtocolHTTP).host("Www.Example.com"))},
		{"hostname-star", false, agw(al("http", 80, ProtocolHTTP).host("*"))},
		{"hostname-inner-wildcard", false, agw(al("http", 80, ProtocolHTTP).host("a.*.example.com"))},
		{"hostname-trailing-dot", false, agw(al("http", 80, ProtocolHTTP).host("example.com."))},
		{"hostname-254", false, agw(al("http", 80, ProtocolHTTP).host(hostname253 + "e"))},
		{"tls-mode-unknown", false, agw(al("tls", 443, ProtocolTLS).tls("Reencrypt", "cert"))},
		{"cert-ref-namespace-uppercase", false, agw(badCertRef)},
		{"cert-ref-name-empty", false, agw(emptyCertName)},
		{"65-cert-refs", false, agw(al("https", 443, ProtocolHTTPS).tls("", manyCerts...))},
		{"https-terminate-without-certs", false, agw(al("https", 443, ProtocolHTTPS).tls(""))},
		{"tls-terminate-without-certs", false, agw(al("tls", 443, ProtocolTLS).tls(TLSModeTerminate))},
		{"routes-from-unknown", false, agw(al("http", 80, ProtocolHTTP).from("Everywhere", nil))},
		{"tls-on-http", false, agw(al("http", 80, ProtocolHTTP).tls("", "cert"))},
		{"tls-on-tcp", false, agw(al("tcp", 9000, ProtocolTCP).tls(TLSModePassthrough))},
		{"tls-on-udp", false, agw(al("udp", 53, ProtocolUDP).tls(TLSModePassthrough))},
		{"https-passthrough", false, agw(al("https", 443, ProtocolHTTPS).tls(TLSModePassthrough))},
		{"tls-without-tls-block", false, agw(al("tls", 443, ProtocolTLS))},
		{"hostname-on-tcp", false, agw(al("tcp", 9000, ProtocolTCP).host("db.example.com"))},
		{"hostname-on-udp", false, agw(al("udp", 53, ProtocolUDP).host("dns.example.com"))},
		{"duplicate-listener-names", false, agw(al("web", 80, ProtocolHTTP), al("web", 81, ProtocolHTTP))},
		{"duplicate-tuple", false, agw(al("a", 80, ProtocolHTTP).host("x.example.com"), al("b", 80, ProtocolHTTP).host("x.example.com"))},
		{"duplicate-tuple-no-hostname", false, agw(al("a", 80, ProtocolHTTP), al("b", 80, ProtocolHTTP))},
		{"two-tcp-one-port", false, agw(al("a", 9000, ProtocolTCP), al("b", 9000, ProtocolTCP))},
	}
}

// schemaErrors returns the translator's PhaseSchema errors for one Gateway
// seen alone.
func schemaErrors(g Gateway) []Problem {
	var out []Problem
	for _, p := range ValidatePhases(Set{Gateways: []Gateway{g}, ClusterUnknown: true}, PhaseSchema) {
		if p.Severity == SeverityError {
			out = append(out, p)
		}
	}
	return out
}

// TestAgreementCasesMatchSchemaPhase pins the translator to the table
// without a cluster, so a translator change that would break agreement
// fails here too.
func TestAgreementCasesMatchSchemaPhase(t *testing.T) {
	cases := agreementCases()
	if len(cases) < 30 {
		t.Fatalf("%d agreement cases; at least 30 wanted", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := schemaErrors(c.gateway)
			if got := len(errs) == 0; got != c.crdValid {
				t.Errorf("CRD-valid = %v per the table, translator says %v: %v", c.crdValid, got, errs)
			}
			if _, err := RenderGateway(c.gateway); err != nil {
				t.Errorf("cannot render: %v", err)
			}
		})
	}
}

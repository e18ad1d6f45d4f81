// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"math/bits"
	"sort"
	"strings"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
)

// What Envoy Gateway refuses in one object the API server accepted. For a
// Gateway: listener semantics (supported protocols, TLS per protocol, route
// namespace selectors) and the per-port rules among its own listeners.
//
// Envoy Gateway also allows only one TCP and one UDP listener per port. The
// CRD already implies it: TCP and UDP listeners carry no hostname, so two of
// them on one port share (port, protocol, "") and fail the CRD's tuple
// rule, which is reported instead. Likewise two listeners with the same
// protocol and hostname on one port fail the tuple rule, so the hostname
// rule below only has to catch HTTPS and TLS sharing a hostname.

// Protocol families: listeners of one port must share one. UDP has none: it
// may share a port with anything.
const (
	famHTTP uint8 = 1 << iota
	famHTTPSTLS
	famTCP
)

func familyOf(proto string) uint8 {
	switch proto {
	case ProtocolHTTP:
		return famHTTP
	case ProtocolHTTPS, ProtocolTLS:
		return famHTTPSTLS
	case ProtocolTCP:
		return famTCP
	}
	return 0
}

// protoSet is a set of the layer-7 protocols.
type protoSet uint8

func protoBit(proto string) protoSet {
	switch proto {
	case ProtocolHTTP:
		return 1
	case ProtocolHTTPS:
		return 2
	case ProtocolTLS:
		return 4
	}
	return 0
}

func isSupportedProtocol(p string) bool {
	switch p {
	case ProtocolHTTP, ProtocolHTTPS, ProtocolTLS, ProtocolTCP, ProtocolUDP:
		return true
	}
	return false
}

func (t *translator) controllerPhase() {
	for _, cc := range t.classes {
		t.classController(cc)
	}
	for _, pc := range t.proxies {
		t.proxyController(pc)
	}
	sc := newGatewayScratch()
	for _, gc := range t.gateways {
		for i := range gc.listeners {
			t.listenerController(&gc.listeners[i])
			t.listenerRouteKinds(&gc.listeners[i])
		}
		t.gatewayParametersController(gc)
		t.portRules(gc, sc)
	}
	for _, rc := range t.routes {
		t.routeController(rc)
	}
}

func (t *translator) listenerController(lc *listenerCtx) {
	o, ref := lc.gw.in.Origin, lc.gw.ref
	p := lc.path // built only for a problem
	if lc.protoKnown && matchProtocol(lc.proto) && !isSupportedProtocol(lc.proto) {
		t.errorf(o, ref, RuleListenerProtocolSupported, p().Attr("protocol"),
			fmt.Sprintf("protocol %q is not supported by Envoy Gateway", lc.proto),
			"The API server accepts any protocol name, but Envoy Gateway only serves HTTP, HTTPS, TLS, TCP and UDP and leaves this listener unprogrammed. Use one of those.")
		lc.invalid = true
	}
	if lc.protoKnown && lc.proto == ProtocolHTTPS && lc.tlsKnown && !lc.tlsSet {
		t.errorf(o, ref, RuleListenerHTTPSNeedsTLS, p().Attr("tls"),
			"an HTTPS listener needs a tls block",
			"Envoy Gateway leaves an HTTPS listener without tls unprogrammed. Add tls with certificate_refs naming the Secret that holds the certificate, or use protocol HTTP.")
		lc.invalid = true
	}
	if lc.protoKnown && lc.proto == ProtocolTLS && lc.modeKnown && lc.mode == TLSModePassthrough && lc.certsKnown && lc.certCount > 0 {
		t.errorf(o, ref, RuleListenerPassthroughCerts, p().Attr("tls").Attr("certificate_refs"),
			"a Passthrough listener takes no certificate_refs",
			"With tls.mode Passthrough the backend terminates TLS, and Envoy Gateway refuses a listener that also names certificates. Remove certificate_refs, or use mode Terminate.")
		lc.invalid = true
	}
	ar, _ := lc.in.AllowedRoutes.Get()
	rn, _ := ar.Namespaces.Get()
	if from, ok := rn.From.Get(); ok && from == FromSelector {
		np := p().Attr("allowed_routes").Attr("namespaces")
		switch {
		case rn.Selector.IsNull():
			t.errorf(o, ref, RuleListenerRouteSelector, np.Attr("selector"),
				`allowed_routes.namespaces.from "Selector" needs a selector`,
				"Envoy Gateway does not program a listener that selects route namespaces without a selector. Add selector with match_labels or match_expressions, or use from = \"Same\" or \"All\".")
			lc.invalid = true
		case rn.Selector.IsKnown():
			sel, _ := rn.Selector.Get()
			for _, is := range selectorIssues(sel, np.Attr("selector")) {
				t.errorf(o, ref, RuleListenerRouteSelector, is.path, is.summary, is.detail)
				lc.invalid = true
			}
		}
	}
}

// portRules checks the listeners of one Gateway port by port: one protocol
// family per port, and HTTPS and TLS listeners of one port not sharing a
// hostname. Listeners that failed a rule of their own are left out, as
// Envoy Gateway leaves invalid listeners out of its conflict checks.
func (t *translator) portRules(gc *gatewayCtx, sc *gatewayScratch) {
	n := len(gc.listeners)
	sc.ports.reset(n)
	sc.hosts.reset(n)
	sc.portFams = grow(sc.portFams, n)
	sc.hostProts = grow(sc.hostProts, n)
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		if lc.invalid || !lc.portKnown || !lc.protoKnown {
			continue
		}
		id := sc.ports.add(i, lc.port)
		sc.portFams[id] |= familyOf(lc.proto)
	}
	o, ref := gc.in.Origin, gc.ref
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		id := sc.ports.of[i]
		if id < 0 {
			continue
		}
		fam := familyOf(lc.proto)
		if fam != 0 && bits.OnesCount8(sc.portFams[id]) > 1 {
			lc.familyConflict = true
			t.errorf(o, ref, RulePortProtocolFamily, lc.path().Attr("protocol"),
				fmt.Sprintf("port %d mixes protocol families", lc.port),
				fmt.Sprintf("%s listener %s shares port %d with %s. Envoy Gateway serves one protocol family per port (HTTP, HTTPS/TLS or TCP; UDP may share any port) and refuses every listener on a mixed port. Move one family to another port.",
					lc.proto, lc.display(), lc.port, otherFamilies(gc, lc, fam)))
			continue
		}
		if lc.hostKnown && protoBit(lc.proto) != 0 {
			hid := sc.hosts.add(i, hostKey{lc.port, lc.host})
			sc.hostProts[hid] |= protoBit(lc.proto)
		}
	}
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		if id := sc.hosts.of[i]; id >= 0 && bits.OnesCount8(uint8(sc.hostProts[id])) > 1 {
			t.errorf(o, ref, RulePortHostname, lc.path().Attr("hostname"),
				fmt.Sprintf("port %d serves %s on more than one protocol", lc.port, hostPhrase(lc.host)),
				fmt.Sprintf("%s listener %s and %s use port %d for %s. Envoy Gateway needs the hostnames of one port to be distinct across its HTTPS and TLS listeners. Give one of them another hostname or port.",
					lc.proto, lc.display(), sameHostOthers(gc, lc), lc.port, hostPhrase(lc.host)))
		}
	}
}

// otherFamilies names the listeners of lc's port in another family.
func otherFamilies(gc *gatewayCtx, lc *listenerCtx, fam uint8) string {
	var names []string
	for i := range gc.listeners {
		o := &gc.listeners[i]
		if o.invalid || !o.portKnown || !o.protoKnown || o.port != lc.port {
			continue
		}
		if f := familyOf(o.proto); f != 0 && f != fam {
			names = append(names, o.proto+" listener "+o.display())
		}
	}
	return joinNames(names)
}

func sameHostOthers(gc *gatewayCtx, lc *listenerCtx) string {
	var names []string
	for i := range gc.listeners {
		o := &gc.listeners[i]
		if o == lc || o.invalid || o.familyConflict || !o.portKnown || !o.protoKnown || !o.hostKnown {
			continue
		}
		if o.port == lc.port && o.host == lc.host && o.proto != lc.proto && protoBit(o.proto) != 0 {
			names = append(names, o.proto+" listener "+o.display())
		}
	}
	return joinNames(names)
}

// joinNames lists up to three names and counts the rest.
func joinNames(names []string) string {
	sort.Strings(names)
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// classController applies what Envoy Gateway checks on a class it serves:
// parameters_ref must name an EnvoyProxy, with its namespace.
func (t *translator) classController(cc *classCtx) {
	ref, ok := cc.in.ParametersRef.Get()
	if !ok {
		return
	}
	o, p := cc.in.Origin, Attr("parameters_ref")
	group, gok := ref.Group.Get()
	kind, kok := ref.Kind.Get()
	if !matchGroup(group) || !matchKindPattern(kind) {
		return // the schema phase reported the malformed reference
	}
	if gok && kok && (group != egv1a1.GroupName || kind != egv1a1.KindEnvoyProxy) {
		t.errorf(o, cc.ref, RuleClassParametersKind, p,
			fmt.Sprintf("parameters_ref must point at a %s/%s", egv1a1.GroupName, egv1a1.KindEnvoyProxy),
			fmt.Sprintf("Envoy Gateway does not accept a class whose parameters are a %s %q. Point parameters_ref at an eg_merged_proxy (its parameters_ref attribute) or remove it.", group, kind))
		return
	}
	if ns, ok := ref.Namespace.Get(); gok && kok && (ok && ns == "" || ref.Namespace.IsNull()) {
		t.errorf(o, cc.ref, RuleClassParametersKind, p.Attr("namespace"),
			"parameters_ref.namespace is required for an EnvoyProxy",
			"An EnvoyProxy lives in a namespace; without one Envoy Gateway looks in \"default\". Set parameters_ref.namespace to the proxy's namespace.")
	}
}

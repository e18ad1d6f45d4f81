// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strconv"
)

// The per-Gateway rules of the Gateway API v1.6 CRD (standard channel, the
// listeners part of spec): OpenAPI constraints on each field, then the CEL
// rules on the listeners list. Summaries are the API server's messages; the
// path points at the listener attribute instead of the whole list.

// CEL messages of the listeners list, verbatim from the CRD.
const (
	celTLSForbidden    = "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"
	celHTTPSTerminate  = "tls mode must be Terminate for protocol HTTPS"
	celTLSModeSet      = "tls mode must be set for protocol TLS"
	celHostForbidden   = "hostname must not be specified for protocols ['TCP', 'UDP']"
	celNameUnique      = "Listener name must be unique within the Gateway"
	celTupleUnique     = "Combination of port, protocol and hostname must be unique for each listener"
	celTerminateNeeds  = "certificateRefs or options must be specified when mode is Terminate"
	maxListeners       = 64
	maxCertificateRefs = 64
)

var (
	specListenerName = stringSpec{required: true, min: 1, max: 253, match: matchSubdomain, pattern: patternSubdomain,
		hint: `A listener name uses lower-case letters, digits, '-' and '.', e.g. "http" or "https-www".`}
	specProtocol = stringSpec{required: true, min: 1, max: 255, match: matchProtocol, pattern: patternProtocol,
		hint: `Use HTTP, HTTPS, TLS, TCP or UDP.`}
	specHostname = stringSpec{max: 253, match: matchHostname, pattern: patternHostname,
		hint: `Use lower-case letters, digits, '-' and '.', optionally starting with "*.", e.g. "www.example.com" or "*.example.com"; leave it out to match every host.`}
	specCertName = stringSpec{required: true, min: 1, max: 253,
		hint: `Set it to the name of a Secret of type kubernetes.io/tls.`}
	specCertNamespace = stringSpec{max: 63, match: matchLabel, pattern: patternLabel,
		hint: `Use a namespace name, or leave it out (or "") for the Gateway's own namespace.`}
	specClassName = stringSpec{required: true, min: 1, max: 253,
		hint: `Set it to the name of an eg_gatewayclass.`}
)

// gatewayScratch is reused across Gateways so that checking 10,000 of them
// does not allocate maps 10,000 times.
type gatewayScratch struct {
	names     *grouper[string]
	nameDups  []dupInfo
	tuples    *grouper[tupleKey]
	tupleDups []dupInfo
	ports     *grouper[int64]
	portFams  []uint8 // protocol families present on a port
	hosts     *grouper[hostKey]
	hostProts []protoSet // layer-7 protocols present on a port+hostname
}

type tupleKey struct {
	port  int64
	proto string
	host  string
}

type hostKey struct {
	port int64
	host string
}

// dupInfo remembers the first two members of a group and how many there
// are, enough to name "the other one" for every member.
type dupInfo struct {
	first, second, count int
}

func (d dupInfo) add(i int) dupInfo {
	switch d.count {
	case 0:
		d.first = i
	case 1:
		d.second = i
	}
	d.count++
	return d
}

// other returns a member of the group that is not i.
func (d dupInfo) other(i int) int {
	if d.first == i {
		return d.second
	}
	return d.first
}

func newGatewayScratch() *gatewayScratch {
	return &gatewayScratch{
		names:  newGrouper[string](8),
		tuples: newGrouper[tupleKey](8),
		ports:  newGrouper[int64](8),
		hosts:  newGrouper[hostKey](8),
	}
}

func (t *translator) gatewaySchema(gc *gatewayCtx, sc *gatewayScratch) {
	o, ref, in := gc.in.Origin, gc.ref, gc.in
	// Paths are built only on failure: this runs for every Gateway of a
	// 10,000-Gateway merged class.
	if !metaNameOK(in.Name) {
		t.checkMetaName(o, ref, RuleGatewayName, Attr("name"), in.Name)
	}
	if !metaNamespaceOK(in.Namespace) {
		t.checkMetaNamespace(o, ref, RuleGatewayNamespace, Attr("namespace"), in.Namespace)
	}
	if !specClassName.ok(in.GatewayClassName) {
		t.checkString(o, ref, RuleGatewayClassNameLength, Attr("gateway_class_name"), "spec.gatewayClassName", in.GatewayClassName, specClassName)
	}

	switch {
	case in.Listeners.IsUnknown():
		return
	case in.Listeners.IsNull():
		t.errorf(o, ref, RuleListenerCount, Attr("listeners"), sumRequired(),
			"A Gateway needs at least one listener.")
		return
	}
	switch n := len(gc.listeners); {
	case n == 0:
		t.errorf(o, ref, RuleListenerCount, Attr("listeners"), sumMinItems("spec.listeners", 0, 1),
			"A Gateway needs at least one listener.")
	case n > maxListeners:
		t.errorf(o, ref, RuleListenerCount, Attr("listeners"), sumTooMany(n, maxListeners),
			fmt.Sprintf("This Gateway has %d listeners; a Gateway holds at most %d. Split it into several Gateways (of a merged class, if they must share one Envoy fleet).", n, maxListeners))
	}
	for i := range gc.listeners {
		t.listenerSchema(&gc.listeners[i])
	}
	t.listenerUniqueness(gc, sc)
	t.gatewayMetadataSchema(gc)
}

// listenerSchema applies the field constraints and the per-listener CEL
// rules to one listener. Every check has an allocation-free fast path;
// paths and messages are built only for a problem.
func (t *translator) listenerSchema(lc *listenerCtx) {
	o, ref, in := lc.gw.in.Origin, lc.gw.ref, lc.in
	kp := func(f string) string { return "spec.listeners[" + strconv.Itoa(int(lc.idx)) + "]" + f }
	check := func(rule Rule, attr string, v Value[string], spec stringSpec) {
		if !spec.ok(v) {
			t.checkString(o, ref, rule, lc.path().Attr(attr), kp("."+attr), v, spec)
			lc.invalid = true
		}
	}

	check(RuleListenerName, "name", in.Name, specListenerName)
	if !t.checkPort(lc) {
		lc.invalid = true
	}
	check(RuleListenerProtocol, "protocol", in.Protocol, specProtocol)
	if lc.host != "" {
		check(RuleListenerHostname, "hostname", Known(lc.host), specHostname)
	}

	if tls, ok := in.TLS.Get(); ok {
		t.listenerTLSSchema(lc, tls, kp)
	}
	if ar, ok := in.AllowedRoutes.Get(); ok {
		t.allowedRoutesSchema(lc, ar)
	}
	t.listenerCEL(lc)
}

func (t *translator) listenerTLSSchema(lc *listenerCtx, tls ListenerTLS, kp func(string) string) {
	o, ref := lc.gw.in.Origin, lc.gw.ref
	tp := func() Path { return lc.path().Attr("tls") }
	if mode, ok := tls.Mode.Get(); ok && mode != TLSModeTerminate && mode != TLSModePassthrough {
		t.errorf(o, ref, RuleListenerTLSMode, tp().Attr("mode"), sumEnum(mode, TLSModeTerminate, TLSModePassthrough),
			fmt.Sprintf("tls.mode %q is not a TLS mode. Use Terminate (the default) or Passthrough.", mode))
		lc.invalid = true
	}
	refs, _ := tls.CertificateRefs.Get()
	if len(refs) > maxCertificateRefs {
		t.errorf(o, ref, RuleListenerCertRefs, tp().Attr("certificate_refs"), sumTooMany(len(refs), maxCertificateRefs),
			fmt.Sprintf("A listener takes at most %d certificate_refs; this one has %d.", maxCertificateRefs, len(refs)))
		lc.invalid = true
	}
	for i, cr := range refs {
		check := func(attr string, v Value[string], spec stringSpec) {
			if !spec.ok(v) {
				cp := tp().Attr("certificate_refs").Index(i).Attr(attr)
				t.checkString(o, ref, RuleListenerCertRefs, cp, kp(".tls.certificateRefs["+strconv.Itoa(i)+"]."+attr), v, spec)
				lc.invalid = true
			}
		}
		check("name", cr.Name, specCertName)
		if ns := cr.Namespace.Or(""); ns != "" {
			check("namespace", cr.Namespace, specCertNamespace)
		}
	}
	if lc.modeKnown && lc.mode == TLSModeTerminate && lc.certsKnown && lc.certCount == 0 {
		t.errorf(o, ref, RuleListenerTerminateCerts, tp().Attr("certificate_refs"), celTerminateNeeds,
			"TLS mode Terminate (the default when tls.mode is not set) needs at least one certificate_refs entry naming the Secret with the certificate. Add one, or set tls.mode = \"Passthrough\" on a TLS listener.")
		lc.invalid = true
	}
}

func (t *translator) allowedRoutesSchema(lc *listenerCtx, ar AllowedRoutes) {
	rn, ok := ar.Namespaces.Get()
	if !ok {
		return
	}
	o, ref := lc.gw.in.Origin, lc.gw.ref
	np := func() Path { return lc.path().Attr("allowed_routes").Attr("namespaces") }
	if from, ok := rn.From.Get(); ok && from != FromAll && from != FromSame && from != FromSelector {
		t.errorf(o, ref, RuleListenerRoutesFrom, np().Attr("from"), sumEnum(from, FromAll, FromSelector, FromSame),
			fmt.Sprintf("allowed_routes.namespaces.from %q is not allowed. Use Same (the default), All or Selector.", from))
		lc.invalid = true
	}
	// The CRD also requires key and operator in each match_expressions
	// entry, but the rendered object always carries both (metav1 writes an
	// empty string for a null one), so the API server never sees them
	// missing; the controller phase refuses the empty values instead. The
	// API server agreement test found this.
}

func (t *translator) checkPort(lc *listenerCtx) bool {
	if lc.portKnown && lc.port >= 1 && lc.port <= 65535 || lc.in.Port.IsUnknown() {
		return true
	}
	o, ref, p := lc.gw.in.Origin, lc.gw.ref, lc.path().Attr("port")
	kp := "spec.listeners[" + strconv.Itoa(int(lc.idx)) + "].port"
	switch {
	case lc.in.Port.IsNull():
		t.errorf(o, ref, RuleListenerPort, p, sumRequired(), "Set the port the listener serves, 1 to 65535.")
	case !lc.portKnown:
		return true
	case lc.port < 1:
		t.errorf(o, ref, RuleListenerPort, p, sumMinimum(kp, lc.port, 1),
			fmt.Sprintf("Port %d is not a TCP/UDP port. Use 1 to 65535.", lc.port))
	case lc.port > 65535:
		t.errorf(o, ref, RuleListenerPort, p, sumMaximum(kp, lc.port, 65535),
			fmt.Sprintf("Port %d is not a TCP/UDP port. Use 1 to 65535.", lc.port))
	default:
		return true
	}
	return false
}

// listenerCEL applies the CEL rules of the listeners list that look at one
// listener at a time.
func (t *translator) listenerCEL(lc *listenerCtx) {
	if !lc.protoKnown {
		return
	}
	o, ref := lc.gw.in.Origin, lc.gw.ref
	p := lc.path // built only for a problem
	switch lc.proto {
	case ProtocolHTTP, ProtocolTCP, ProtocolUDP:
		if lc.tlsSet {
			t.errorf(o, ref, RuleListenerTLSForbidden, p().Attr("tls"), celTLSForbidden,
				fmt.Sprintf("A %s listener carries no TLS. Remove the tls block, or use protocol HTTPS (TLS terminated here) or TLS.", lc.proto))
			lc.invalid = true
		}
	case ProtocolHTTPS:
		if lc.tlsSet && lc.modeKnown && lc.mode != "" && lc.mode != TLSModeTerminate {
			t.errorf(o, ref, RuleListenerHTTPSMode, p().Attr("tls").Attr("mode"), celHTTPSTerminate,
				"An HTTPS listener terminates TLS. Remove tls.mode or set it to Terminate; for TLS passthrough use protocol TLS.")
			lc.invalid = true
		}
	case ProtocolTLS:
		if lc.tlsKnown && (!lc.tlsSet || lc.modeKnown && lc.mode == "") {
			t.errorf(o, ref, RuleListenerTLSModeSet, p().Attr("tls"), celTLSModeSet,
				"A TLS listener needs a tls block with mode Passthrough, or Terminate with certificate_refs.")
			lc.invalid = true
		}
	}
	if (lc.proto == ProtocolTCP || lc.proto == ProtocolUDP) && lc.host != "" {
		t.errorf(o, ref, RuleListenerHostForbidden, p().Attr("hostname"), celHostForbidden,
			fmt.Sprintf("A %s listener cannot match on hostnames. Remove hostname.", lc.proto))
		lc.invalid = true
	}
}

// listenerUniqueness applies the two CEL rules that compare listeners:
// unique names, and a unique (port, protocol, hostname) per listener. Every
// member of a duplicate group gets a problem, as every member fails the
// rule's exists_one.
func (t *translator) listenerUniqueness(gc *gatewayCtx, sc *gatewayScratch) {
	n := len(gc.listeners)
	sc.names.reset(n)
	sc.tuples.reset(n)
	sc.nameDups = grow(sc.nameDups, n)
	sc.tupleDups = grow(sc.tupleDups, n)
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		if lc.nameKnown {
			id := sc.names.add(i, lc.name)
			sc.nameDups[id] = sc.nameDups[id].add(i)
		}
		if lc.portKnown && lc.protoKnown && lc.hostKnown {
			id := sc.tuples.add(i, tupleKey{lc.port, lc.proto, lc.host})
			sc.tupleDups[id] = sc.tupleDups[id].add(i)
		}
	}
	o, ref := gc.in.Origin, gc.ref
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		if id := sc.names.of[i]; id >= 0 && sc.nameDups[id].count > 1 {
			t.errorf(o, ref, RuleListenerNameUnique, lc.path().Attr("name"), celNameUnique,
				fmt.Sprintf("listeners[%d] and listeners[%d] are both named %q. Rename one of them.", i, sc.nameDups[id].other(i), lc.name))
		}
		if id := sc.tuples.of[i]; id >= 0 && sc.tupleDups[id].count > 1 {
			t.errorf(o, ref, RuleListenerTupleUnique, lc.path(), celTupleUnique,
				fmt.Sprintf("listeners[%d] and listeners[%d] both serve %s on port %d for %s. Change the port or hostname of one, or remove it.",
					i, sc.tupleDups[id].other(i), lc.proto, lc.port, hostPhrase(lc.host)))
		}
	}
}

func hostPhrase(h string) string {
	if h == "" {
		return "any hostname"
	}
	return "hostname " + strconv.Quote(h)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"

// Contexts wrap the input objects with what the phases learn about them,
// the way Envoy Gateway's GatewayContext and ListenerContext do: the input
// stays untouched, the facts live here.

type tenantCtx struct {
	in         *Tenant
	ref        Ref
	controller Value[string]
	scope      watchScope
}

type classCtx struct {
	in  *GatewayClass
	ref Ref
	// tenant serves the class: the only tenant running its controller. It is
	// nil when none does, when several do, or when that is unknown.
	tenant *tenantCtx
	// proxyNS and proxyName are where parameters_ref points when it names
	// an EnvoyProxy; proxyKnown is false when the ref is unknown or names
	// something else.
	proxyKnown          bool
	proxyNS, proxyName  string
	proxy               *proxyCtx
	merged, mergedKnown bool
}

type proxyCtx struct {
	in      *EnvoyProxy
	ref     Ref
	invalid bool // its spec does not decode, or contradicts a typed attribute
}

type gatewayCtx struct {
	in        *Gateway
	ref       Ref
	class     *classCtx // nil when the class is unknown or not in the Set
	listeners []listenerCtx
}

// listenerCtx holds one listener's values after the CRD defaults and the
// translator's "" = not set convention are applied. Fields are ordered by
// size: 600,000 of these exist in the large merged benchmark.
type listenerCtx struct {
	gw *gatewayCtx
	in *Listener

	name  string
	proto string
	host  string // "" when not set
	mode  string // effective tls mode: Terminate when tls.mode is null
	port  int64

	idx       int32
	certCount int32

	nameKnown, portKnown, protoKnown bool
	hostKnown                        bool // false only when unknown
	tlsSet, tlsKnown                 bool
	modeKnown, certsKnown            bool
	invalid                          bool // failed a rule of its own: left out of conflict checks
	familyConflict                   bool // lost a per-Gateway protocol family check
}

// watchScope is the set of namespaces a tenant's controller reads Gateways
// and EnvoyProxies from.
type watchScope struct {
	kind       scopeKind
	namespaces map[string]bool
	selector   LabelSelector
}

type scopeKind uint8

const (
	scopeUnknown scopeKind = iota
	scopeAll
	scopeNamespaces
	scopeSelector
)

func (t *translator) build() {
	s := t.set
	t.classByName = map[string][]*classCtx{}
	t.proxyByKey = map[string]*proxyCtx{}
	t.tenantsByCtrl = map[string][]*tenantCtx{}
	t.namespaceLabels = map[string]Value[map[string]string]{}
	t.createdNamespace = map[string]bool{}

	for i := range s.Namespaces {
		t.namespaceLabels[s.Namespaces[i].Name] = s.Namespaces[i].Labels
	}

	t.buildTenants()
	t.buildProxies()
	t.buildClasses()
	t.buildGateways()
	t.buildRoutes()
}

func (t *translator) buildTenants() {
	s := t.set
	for i := range s.Tenants {
		in := &s.Tenants[i]
		tc := &tenantCtx{in: in, ref: refOf(KindTenant, in.Key, in.Namespace, in.Name), controller: controllerNameOf(*in)}
		tc.scope = scopeOf(in.Watch)
		t.tenants = append(t.tenants, tc)
		if c, ok := tc.controller.Get(); ok {
			t.tenantsByCtrl[c] = append(t.tenantsByCtrl[c], tc)
		} else {
			t.ctrlUnknown = true
		}
		if in.Origin == Planned {
			t.noteCreatedNamespaces(in)
		}
	}
}

func (t *translator) buildProxies() {
	s := t.set
	for i := range s.EnvoyProxies {
		in := &s.EnvoyProxies[i]
		pc := &proxyCtx{in: in, ref: in.ObjectRef()}
		t.proxies = append(t.proxies, pc)
		ns, nok := in.Namespace.Get()
		name, ok := in.Name.Get()
		if nok && ok {
			if _, dup := t.proxyByKey[ns+"/"+name]; !dup {
				t.proxyByKey[ns+"/"+name] = pc
			}
		}
	}
}

func (t *translator) buildClasses() {
	s := t.set
	for i := range s.GatewayClasses {
		in := &s.GatewayClasses[i]
		cc := &classCtx{in: in, ref: refOf(KindGatewayClass, in.Key, Null[string](), in.Name)}
		t.bindClass(cc)
		t.classes = append(t.classes, cc)
		if name, ok := in.Name.Get(); ok {
			t.classByName[name] = append(t.classByName[name], cc)
		}
	}
}

func (t *translator) buildGateways() {
	s := t.set
	slab := make([]gatewayCtx, len(s.Gateways)) // one allocation, not one per Gateway
	t.gateways = make([]*gatewayCtx, 0, len(s.Gateways))
	for i := range s.Gateways {
		in := &s.Gateways[i]
		gc := &slab[i]
		*gc = gatewayCtx{in: in, ref: refOf(KindGateway, in.Key, in.Namespace, in.Name)}
		if name, ok := in.GatewayClassName.Get(); ok {
			if cs := t.classByName[name]; len(cs) == 1 {
				gc.class = cs[0]
			}
		}
		ls, _ := in.Listeners.Get()
		gc.listeners = make([]listenerCtx, len(ls))
		for j := range ls {
			gc.listeners[j] = newListenerCtx(gc, j, &ls[j])
		}
		t.gateways = append(t.gateways, gc)
	}
}

// noteCreatedNamespaces records the namespaces the provider creates for a
// planned tenant: its own with create_namespace, and every watched one.
func (t *translator) noteCreatedNamespaces(in *Tenant) {
	if ns, ok := in.Namespace.Get(); ok && in.CreateNamespace.Or(false) {
		t.createdNamespace[ns] = true
	}
	if w, ok := in.Watch.Get(); ok {
		nss, _ := w.Namespaces.Get()
		for _, ns := range nss {
			t.createdNamespace[ns] = true
		}
	}
}

// bindClass finds the tenant serving a class and the proxy it points at.
func (t *translator) bindClass(cc *classCtx) {
	if ctrl, ok := cc.in.ControllerName.Get(); ok && !t.ctrlUnknown {
		if ts := t.tenantsByCtrl[ctrl]; len(ts) == 1 {
			cc.tenant = ts[0]
		}
	}
	switch {
	case cc.in.ParametersRef.IsNull():
		cc.mergedKnown = true
	case cc.in.ParametersRef.IsKnown():
		ref, _ := cc.in.ParametersRef.Get()
		group, gok := ref.Group.Get()
		kind, kok := ref.Kind.Get()
		name, nok := ref.Name.Get()
		if !gok || !kok || !nok || ref.Namespace.IsUnknown() {
			return
		}
		if group != egv1a1.GroupName || kind != egv1a1.KindEnvoyProxy {
			cc.mergedKnown = true // Envoy Gateway ignores the class; not merged
			return
		}
		// Envoy Gateway looks in "default" when the namespace is not set.
		ns := ref.Namespace.Or("")
		if ns == "" {
			ns = "default"
		}
		cc.proxyKnown, cc.proxyNS, cc.proxyName = true, ns, name
		cc.proxy = t.proxyByKey[ns+"/"+name]
		if cc.proxy == nil {
			// A proxy missing from the Set does not exist (so merges
			// nothing) only if the Set holds every live EnvoyProxy.
			cc.mergedKnown = !t.set.ClusterUnknown
			return
		}
		merge := cc.proxy.in.MergeGateways
		cc.merged, cc.mergedKnown = merge.Or(false), !merge.IsUnknown()
	}
}

func newListenerCtx(gw *gatewayCtx, idx int, in *Listener) listenerCtx {
	lc := listenerCtx{gw: gw, idx: int32(idx), in: in}
	lc.name, lc.nameKnown = in.Name.Get()
	lc.port, lc.portKnown = in.Port.Get()
	lc.proto, lc.protoKnown = in.Protocol.Get()
	lc.host = in.Hostname.Or("")
	lc.hostKnown = !in.Hostname.IsUnknown()
	lc.tlsKnown = !in.TLS.IsUnknown()
	lc.tlsSet = in.TLS.IsKnown()
	if tls, ok := in.TLS.Get(); ok {
		switch {
		case tls.Mode.IsNull():
			lc.mode, lc.modeKnown = TLSModeTerminate, true
		default:
			lc.mode, lc.modeKnown = tls.Mode.Get()
		}
		refs, ok := tls.CertificateRefs.Get()
		lc.certCount, lc.certsKnown = int32(len(refs)), ok || tls.CertificateRefs.IsNull()
	}
	return lc
}

// path returns listeners[i], the start of every listener problem's path.
func (lc *listenerCtx) path() Path { return Attr("listeners").Index(int(lc.idx)) }

// display names a listener in messages as namespace/gateway/listener, the
// way Envoy Gateway names listeners in its conflict conditions.
func (lc *listenerCtx) display() string {
	name := lc.name
	if !lc.nameKnown {
		name = lc.path().String()
	}
	return lc.gw.display() + "/" + name
}

func (gc *gatewayCtx) display() string {
	return shown(gc.in.Namespace) + "/" + shown(gc.in.Name)
}

// shown is a string value for a message: the value, or "?" when it is null
// or unknown.
func shown(v Value[string]) string {
	if s, ok := v.Get(); ok {
		return s
	}
	return "?"
}

func refOf(kind Kind, key string, ns, name Value[string]) Ref {
	return Ref{Kind: kind, Key: key, Namespace: ns.Or(""), Name: name.Or("")}
}

// scopeOf turns a tenant's watch into the namespaces its controller reads.
func scopeOf(w Value[Watch]) watchScope {
	if w.IsNull() {
		return watchScope{kind: scopeAll}
	}
	watch, ok := w.Get()
	if !ok || watch.Namespaces.IsUnknown() || watch.NamespaceSelector.IsUnknown() {
		return watchScope{}
	}
	nss, hasNS := watch.Namespaces.Get()
	sel, hasSel := watch.NamespaceSelector.Get()
	switch {
	case hasNS && !hasSel:
		sc := watchScope{kind: scopeNamespaces, namespaces: make(map[string]bool, len(nss))}
		for _, ns := range nss {
			sc.namespaces[ns] = true
		}
		return sc
	case hasSel && !hasNS:
		return watchScope{kind: scopeSelector, selector: sel}
	}
	return watchScope{} // invalid watch: reported by the tenant phase
}

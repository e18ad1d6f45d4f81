// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The binding phase: how objects find each other. A class needs a tenant
// running its controller; a Gateway needs its class; the tenant serving a
// class must watch the namespaces of its Gateways and EnvoyProxy. These are
// the seed's "route fails" and "isolation problem" troubleshooting items,
// moved to plan time.

func (t *translator) bindingPhase() {
	t.duplicateObjects()
	for _, cc := range t.classes {
		t.classServed(cc)
		t.proxyInScope(cc)
		t.classProxyExists(cc)
	}
	for _, gc := range t.gateways {
		t.gatewayClassExists(gc)
		t.gatewayInScope(gc)
		t.gatewayProxy(gc)
	}
	for _, rc := range t.routes {
		t.routeAttachment(rc)
		t.routeBackends(rc)
	}
}

// identity is one object of the Set, for duplicate detection.
type identity struct {
	origin Origin
	ref    Ref
}

// objectKey is what makes two objects the same Kubernetes object (or Helm
// release).
type objectKey struct {
	kind            Kind
	namespace, name string
}

// duplicateObjects refuses two resources managing one Kubernetes object
// (or one Helm release), and a planned object that already exists in the
// cluster under another owner. A refreshed object is this configuration's
// own as it is now; its plan may rename it, so it never counts.
func (t *translator) duplicateObjects() {
	first := map[objectKey]identity{}
	dups := map[objectKey][]identity{} // only keys seen more than once
	var order []objectKey
	note := func(kind Kind, ns, name Value[string], o Origin, ref Ref) {
		n, ok := name.Get()
		s, nsOK := ns.Get()
		if o == Refreshed || !ok || n == "" || kind != KindGatewayClass && !nsOK {
			return
		}
		k := objectKey{kind, s, n}
		if kind == KindGatewayClass {
			k.namespace = ""
		}
		id := identity{o, ref}
		f, seen := first[k]
		switch {
		case !seen:
			first[k] = id
		case len(dups[k]) == 0:
			order = append(order, k)
			dups[k] = []identity{f, id}
		default:
			dups[k] = append(dups[k], id)
		}
	}
	for _, tc := range t.tenants {
		// A release is what two tenants must not share.
		note(KindTenant, tc.in.Namespace, ReleaseNameOf(*tc.in), tc.in.Origin, tc.ref)
	}
	for _, cc := range t.classes {
		note(KindGatewayClass, Null[string](), cc.in.Name, cc.in.Origin, cc.ref)
	}
	for _, pc := range t.proxies {
		note(KindMergedProxy, pc.in.Namespace, pc.in.Name, pc.in.Origin, pc.ref)
	}
	for _, gc := range t.gateways {
		note(KindGateway, gc.in.Namespace, gc.in.Name, gc.in.Origin, gc.ref)
	}
	for _, k := range order {
		ids := dups[k]
		live := slices.ContainsFunc(ids, func(o identity) bool { return o.origin == Live })
		what := objectWord(k.kind) + " " + Ref{Namespace: k.namespace, Name: k.name}.nameString()
		for _, id := range ids {
			detail := fmt.Sprintf("%d other resource(s) of this configuration also manage %s; each object must be managed by one resource. Remove or rename the duplicates.", len(ids)-1, what)
			if live {
				detail = fmt.Sprintf("%s already exists in the cluster and is not managed by this configuration. Pick another name, or import the existing object.", what)
			}
			t.errorf(id.origin, id.ref, RuleDuplicateObject, Attr("name"), what+" is managed more than once", detail)
		}
	}
}

func objectWord(k Kind) string {
	switch k {
	case KindTenant:
		return "Helm release"
	case KindGatewayClass:
		return "GatewayClass"
	case KindMergedProxy:
		return "EnvoyProxy"
	}
	return "Gateway"
}

func (r Ref) nameString() string {
	if r.Namespace != "" {
		return r.Namespace + "/" + r.Name
	}
	return r.Name
}

// classServed refuses a class whose controller no tenant runs: nothing
// accepts it, so its Gateways and routes never work.
func (t *translator) classServed(cc *classCtx) {
	ctrl, ok := cc.in.ControllerName.Get()
	if !ok || t.set.ClusterUnknown || t.ctrlUnknown || len(t.tenantsByCtrl[ctrl]) > 0 || !matchControllerName(ctrl) {
		return
	}
	var known []string
	for c := range t.tenantsByCtrl {
		known = append(known, fmt.Sprintf("%q", c))
	}
	slices.Sort(known)
	runs := "No tenant exists yet."
	if len(known) > 0 {
		runs = "Tenants run " + strings.Join(known, ", ") + "."
	}
	t.errorf(cc.in.Origin, cc.ref, RuleClassServed, Attr("controller_name"),
		fmt.Sprintf("no tenant runs controller %q", ctrl),
		fmt.Sprintf("No eg_tenant here and no Envoy Gateway install in the cluster runs this controller, so nothing accepts the class and its Gateways and routes never get programmed. %s Set controller_name to a tenant's controller_name.", runs))
}

// gatewayClassExists refuses a Gateway whose class exists neither in the
// plan nor in the cluster.
func (t *translator) gatewayClassExists(gc *gatewayCtx) {
	name, ok := gc.in.GatewayClassName.Get()
	if !ok || name == "" || t.set.ClusterUnknown || len(t.classByName[name]) > 0 || t.classNameUnknown() {
		return
	}
	t.errorf(gc.in.Origin, gc.ref, RuleGatewayClassExists, Attr("gateway_class_name"),
		fmt.Sprintf("GatewayClass %q does not exist", name),
		"No eg_gatewayclass here and no GatewayClass in the cluster has this name, so no controller will program this Gateway. Set gateway_class_name to an existing class, e.g. eg_gatewayclass.x.name.")
}

// classNameUnknown reports whether some class's name is unknown, which
// makes "no such class" unprovable.
func (t *translator) classNameUnknown() bool {
	for _, cc := range t.classes {
		if cc.in.Name.IsUnknown() {
			return true
		}
	}
	return false
}

// gatewayInScope refuses a Gateway its class's controller cannot see.
func (t *translator) gatewayInScope(gc *gatewayCtx) {
	if gc.class == nil || gc.class.tenant == nil {
		return
	}
	ns, ok := gc.in.Namespace.Get()
	if !ok {
		return
	}
	tc := gc.class.tenant
	if in, known := t.inScope(tc.scope, ns); !known || in {
		return
	}
	t.errorf(gc.in.Origin, gc.ref, RuleGatewayInScope, Attr("namespace"),
		fmt.Sprintf("namespace %q is outside the watch of %s", ns, tc.describe()),
		fmt.Sprintf("GatewayClass %s is served by %s, whose controller only watches %s. It never sees this Gateway, which stays unprogrammed. Move the Gateway into a watched namespace, widen the tenant's watch, or use the class of the tenant that watches %q.",
			shown(gc.class.in.Name), tc.describe(), tc.scope.describe(), ns))
}

// proxyInScope refuses an EnvoyProxy the class's controller cannot see: the
// class is then not accepted. It is reported on the proxy when it is planned
// here, else on the class.
func (t *translator) proxyInScope(cc *classCtx) {
	if cc.tenant == nil || !cc.proxyKnown {
		return
	}
	tc := cc.tenant
	if in, known := t.inScope(tc.scope, cc.proxyNS); !known || in {
		return
	}
	summary := fmt.Sprintf("namespace %q is outside the watch of %s", cc.proxyNS, tc.describe())
	detail := fmt.Sprintf("GatewayClass %s takes its parameters from EnvoyProxy %s/%s, but its controller (%s) only watches %s, cannot read the proxy and does not accept the class. Put the proxy into a watched namespace or widen the tenant's watch.",
		shown(cc.in.Name), cc.proxyNS, cc.proxyName, tc.describe(), tc.scope.describe())
	if cc.proxy != nil && cc.proxy.in.Origin == Planned {
		t.errorf(Planned, cc.proxy.ref, RuleProxyInScope, Attr("namespace"), summary, detail)
		return
	}
	t.errorf(cc.in.Origin, cc.ref, RuleProxyInScope, Attr("parameters_ref").Attr("namespace"), summary, detail)
}

// inScope reports whether a scope holds a namespace; known is false when
// that depends on something unknown (the watch, or the namespace's labels).
func (t *translator) inScope(sc watchScope, ns string) (in, known bool) {
	switch sc.kind {
	case scopeAll:
		return true, true
	case scopeNamespaces:
		return sc.namespaces[ns], true
	case scopeSelector:
		lbls, ok := t.namespaceLabels[ns].Get()
		if !ok {
			return false, false
		}
		return selectorMatches(sc.selector, lbls)
	}
	return false, false
}

func (sc watchScope) describe() string {
	switch sc.kind {
	case scopeNamespaces:
		names := make([]string, 0, len(sc.namespaces))
		for n := range sc.namespaces {
			names = append(names, fmt.Sprintf("%q", n))
		}
		slices.Sort(names)
		return "namespaces " + strings.Join(names, ", ")
	case scopeSelector:
		if ls, ok := toLabelSelector(sc.selector); ok {
			return "namespaces matching " + metav1.FormatLabelSelector(ls)
		}
		return "namespaces matching its namespace_selector"
	}
	return "all namespaces"
}

// classProxyExists refuses a class whose parameters_ref names an
// EnvoyProxy that exists neither in the plan nor in the cluster: Envoy
// Gateway does not accept the class (InvalidParameters).
func (t *translator) classProxyExists(cc *classCtx) {
	if !cc.proxyKnown || cc.proxy != nil || t.set.ClusterUnknown || t.proxyNameUnknown() {
		return
	}
	t.errorf(cc.in.Origin, cc.ref, RuleClassProxyExists, Attr("parameters_ref").Attr("name"),
		fmt.Sprintf("EnvoyProxy %s/%s does not exist", cc.proxyNS, cc.proxyName),
		"Envoy Gateway does not accept a GatewayClass whose parametersRef names a missing EnvoyProxy (InvalidParameters); its Gateways still run, with Envoy Gateway's default fleet settings instead of the intended ones. Point parameters_ref at an eg_envoy_proxy or eg_merged_proxy (its parameters_ref attribute).")
}

// proxyNameUnknown reports whether some proxy's name or namespace is
// unknown, which makes "no such proxy" unprovable.
func (t *translator) proxyNameUnknown() bool {
	for _, pc := range t.proxies {
		if pc.in.Name.IsUnknown() || pc.in.Namespace.IsUnknown() {
			return true
		}
	}
	return false
}

// gatewayProxy refuses a Gateway's own EnvoyProxy under a merged class
// (the class's fleet serves every Gateway) and one that does not exist in
// the Gateway's namespace: Envoy Gateway accepts neither Gateway.
func (t *translator) gatewayProxy(gc *gatewayCtx) {
	pr, ok := gc.in.Infrastructure.Or(GatewayInfrastructure{}).ParametersRef.Get()
	if !ok {
		return
	}
	p := Attr("infrastructure").Attr("parameters_ref")
	if cc := gc.class; cc != nil && cc.mergedKnown && cc.merged {
		t.errorf(gc.in.Origin, gc.ref, RuleGatewayProxyMerged, p,
			fmt.Sprintf("GatewayClass %s merges its Gateways, which takes no Gateway-level EnvoyProxy", shown(cc.in.Name)),
			"All Gateways of a merged class run on the class's one Envoy fleet, shaped by the class's EnvoyProxy; Envoy Gateway does not accept a Gateway of such a class with infrastructure.parametersRef (InvalidParameters). Remove parameters_ref, or set the fleet's shape on the class's proxy.")
		return
	}
	name, nok := pr.Name.Get()
	ns, sok := gc.in.Namespace.Get()
	if !nok || !sok || t.set.ClusterUnknown || t.proxyNameUnknown() || t.proxyByKey[ns+"/"+name] != nil {
		return
	}
	if refNS := pr.Namespace.Or(""); refNS != "" && refNS != ns {
		return // reported by gatewayParametersController
	}
	t.errorf(gc.in.Origin, gc.ref, RuleGatewayProxyExists, p.Attr("name"),
		fmt.Sprintf("EnvoyProxy %s/%s does not exist", ns, name),
		"Envoy Gateway does not accept a Gateway whose infrastructure.parametersRef names a missing EnvoyProxy (InvalidParameters). Point it at an eg_envoy_proxy in the Gateway's namespace.")
}

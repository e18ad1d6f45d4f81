// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strings"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Attachment: does each parent ref of a route attach to a listener? As
// Envoy Gateway v1.9.1 decides it (route.go), in its order: the Gateway
// must be one its controller sees; the listeners the ref selects by
// section_name and port (none: NoMatchingParent); of those, the ones that
// allow the route's kind and namespace (none: NotAllowedByListeners); of
// those, one whose hostname intersects the route's (none:
// NoMatchingListenerHostname). Unknown values make a step undecided, and
// an undecided parent is never reported.

type attachOutcome uint8

const (
	attachUnknown attachOutcome = iota
	attachYes
	attachNo
)

// tri combines facts that may be unknown.
type tri uint8

const (
	triUnknown tri = iota
	triYes
	triNo
)

func triOf(b, known bool) tri {
	switch {
	case !known:
		return triUnknown
	case b:
		return triYes
	}
	return triNo
}

// attachVerdict is the outcome for one parent ref and, when it does not
// attach, why.
type attachVerdict struct {
	outcome         attachOutcome
	rule            Rule
	summary, detail string
}

func undecided() attachVerdict { return attachVerdict{} }

func refused(rule Rule, summary, detail string) attachVerdict {
	return attachVerdict{outcome: attachNo, rule: rule, summary: oneLine(summary), detail: detail}
}

// oneLine escapes line breaks that names from the input may carry: a
// summary is one line.
func oneLine(s string) string { return lineBreaks.Replace(s) }

var lineBreaks = strings.NewReplacer("\n", `\n`, "\r", `\r`)

// routeAttachment reports, for each parent ref that does not attach, an
// error when the route attaches nowhere, else a warning. Isolation (the
// controller cannot see the route) is always an error.
func (t *translator) routeAttachment(rc *routeCtx) {
	refs, ok := rc.in.ParentRefs.Get()
	if !ok {
		return
	}
	verdicts := make([]attachVerdict, len(refs))
	var attached, unknown bool
	for i, pr := range refs {
		verdicts[i] = t.attachParent(rc, pr)
		attached = attached || verdicts[i].outcome == attachYes
		unknown = unknown || verdicts[i].outcome == attachUnknown
	}
	for i, v := range verdicts {
		if v.outcome != attachNo {
			continue
		}
		p := Attr("parent_refs").Index(i)
		switch {
		case v.rule == RuleRouteInScope || !attached && !unknown:
			t.errorf(rc.in.Origin, rc.ref, v.rule, p, v.summary, v.detail)
		case attached:
			t.warnf(rc.in.Origin, rc.ref, v.rule, p, v.summary, v.detail+" The route still attaches to another of its parents.")
		default:
			t.warnf(rc.in.Origin, rc.ref, v.rule, p, v.summary, v.detail+" Whether the route attaches to its other parents is not known yet.")
		}
	}
}

func (t *translator) attachParent(rc *routeCtx, pr ParentRef) attachVerdict {
	gc, key, ok := t.parentGateway(rc, pr)
	if !ok {
		return undecided()
	}
	gw := key.namespace + "/" + key.name
	if gc == nil {
		if t.set.ClusterUnknown || t.gatewayNameUnknown {
			return undecided()
		}
		return refused(RuleRouteParentExists, fmt.Sprintf("Gateway %s does not exist", gw),
			fmt.Sprintf("No eg_gateway here and no Gateway in the cluster is named %s, so no controller ever considers this parent and the route has no status for it. Point the parent ref at an existing Gateway (name, and namespace when it is not the route's).", gw))
	}
	if v, ok := t.routeScope(rc, gc, gw); ok {
		return v
	}
	if gc.in.Listeners.IsUnknown() {
		return undecided()
	}
	selected, ok := selectListeners(gc, pr)
	if !ok {
		return undecided()
	}
	if len(selected) == 0 {
		return refused(RuleRouteNoMatchingParent, fmt.Sprintf("%s: no listener of Gateway %s matches this parent ref", gwapiv1.RouteReasonNoMatchingParent, gw),
			fmt.Sprintf("Envoy Gateway: \"No listeners match this parent ref\". Gateway %s has %s; %s names none of them. Fix section_name or port, or leave them out to attach to every listener.", gw, listenerList(gc), refSelector(pr)))
	}
	return t.attachAllowed(rc, gw, selected)
}

// routeScope refuses a parent whose Gateway's class is served by a tenant
// that does not watch the route's namespace: that controller never reads
// the route.
func (t *translator) routeScope(rc *routeCtx, gc *gatewayCtx, gw string) (attachVerdict, bool) {
	if gc.class == nil || gc.class.tenant == nil || !rc.nsKnown {
		return attachVerdict{}, false
	}
	tc := gc.class.tenant
	if in, known := t.inScope(tc.scope, rc.ns); !known || in {
		return attachVerdict{}, false
	}
	return refused(RuleRouteInScope, fmt.Sprintf("namespace %q is outside the watch of %s", rc.ns, tc.describe()),
		fmt.Sprintf("Gateway %s is of class %s, served by %s, whose controller only watches %s. It never reads this route, which gets no status and carries no traffic. Move the route into a watched namespace, or widen the tenant's watch.",
			gw, shown(gc.class.in.Name), tc.describe(), tc.scope.describe())), true
}

// selectListeners returns the listeners a parent ref selects by
// section_name and port; ok is false when that depends on an unknown.
func selectListeners(gc *gatewayCtx, pr ParentRef) (out []*listenerCtx, ok bool) {
	if pr.SectionName.IsUnknown() || pr.Port.IsUnknown() {
		return nil, false
	}
	section, bySection := pr.SectionName.Get()
	port, byPort := pr.Port.Get()
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		if bySection && !lc.nameKnown || byPort && !lc.portKnown {
			return nil, false
		}
		if (!bySection || lc.name == section) && (!byPort || lc.port == port) {
			out = append(out, lc)
		}
	}
	return out, true
}

func (t *translator) attachAllowed(rc *routeCtx, gw string, selected []*listenerCtx) attachVerdict {
	var allowed []*listenerCtx
	var reasons []string
	someUnknown := false
	for _, lc := range selected {
		kind, kindWhy := allowsHTTPRoute(lc)
		ns, nsWhy := t.allowsNamespace(lc, rc)
		switch {
		case kind == triNo:
			reasons = append(reasons, kindWhy)
		case ns == triNo:
			reasons = append(reasons, nsWhy)
		case kind == triYes && ns == triYes:
			allowed = append(allowed, lc)
		default:
			someUnknown = true
		}
	}
	if len(allowed) == 0 {
		if someUnknown {
			return undecided()
		}
		return refused(RuleRouteNotAllowed, fmt.Sprintf("%s: no listener of Gateway %s that this parent ref selects allows this route", gwapiv1.RouteReasonNotAllowedByListeners, gw),
			fmt.Sprintf("Envoy Gateway: \"No listeners included by this parent ref allowed this attachment.\" %s.", joinNames(reasons)))
	}
	hosts := triNo
	for _, lc := range allowed {
		switch intersectsListener(rc, lc) {
		case triYes:
			return attachVerdict{outcome: attachYes}
		case triUnknown:
			hosts = triUnknown
		}
	}
	if hosts == triUnknown || someUnknown {
		return undecided()
	}
	return refused(RuleRouteNoMatchingHostname, fmt.Sprintf("%s: no hostname of the route intersects a listener of Gateway %s", gwapiv1.RouteReasonNoMatchingListenerHostname, gw),
		fmt.Sprintf("Envoy Gateway: \"There were no hostname intersections between the HTTPRoute and this parent ref's Listener(s).\" The route's hostnames %s meet none of %s (a listener hostname also taken by another listener of its port goes to that one). Add a hostname the listener serves, or attach to a listener that serves these.",
			routeHostList(rc), listenerHostList(allowed)))
}

// allowsHTTPRoute: Envoy Gateway lets HTTPRoutes onto HTTP and HTTPS
// listeners only, and only when allowed_routes.kinds (if set) lists
// HTTPRoute of the Gateway API group.
func allowsHTTPRoute(lc *listenerCtx) (tri, string) {
	if !lc.protoKnown {
		return triUnknown, ""
	}
	if lc.proto != ProtocolHTTP && lc.proto != ProtocolHTTPS {
		return triNo, fmt.Sprintf("listener %s is %s, which takes no HTTPRoute", lc.display(), lc.proto)
	}
	ar, ok := lc.in.AllowedRoutes.Get()
	if lc.in.AllowedRoutes.IsUnknown() || ok && ar.Kinds.IsUnknown() {
		return triUnknown, ""
	}
	kinds, _ := ar.Kinds.Get()
	if len(kinds) == 0 {
		return triYes, ""
	}
	unknown := false
	var listed []string
	for _, k := range kinds {
		kind, kok := k.Kind.Get()
		if !kok || k.Group.IsUnknown() {
			unknown = true
			continue
		}
		listed = append(listed, kind)
		if g := k.Group.Or(""); (g == "" || g == gwapiv1.GroupName) && kind == "HTTPRoute" {
			return triYes, ""
		}
	}
	if unknown {
		return triUnknown, ""
	}
	return triNo, fmt.Sprintf("listener %s allows only kinds %s", lc.display(), strings.Join(listed, ", "))
}

// allowsNamespace applies allowed_routes.namespaces: Same (the default, and
// what Envoy Gateway falls back to for a value it does not know), All, or
// Selector against the route namespace's labels.
func (t *translator) allowsNamespace(lc *listenerCtx, rc *routeCtx) (tri, string) {
	ar, ok := lc.in.AllowedRoutes.Get()
	if !rc.nsKnown || lc.in.AllowedRoutes.IsUnknown() || ok && ar.Namespaces.IsUnknown() {
		return triUnknown, ""
	}
	rn, _ := ar.Namespaces.Get()
	if rn.From.IsUnknown() {
		return triUnknown, ""
	}
	switch rn.From.Or(FromSame) {
	case FromAll:
		return triYes, ""
	case FromSelector:
		sel, ok := rn.Selector.Get()
		if rn.Selector.IsNull() {
			return triNo, fmt.Sprintf("listener %s selects route namespaces without a selector, so none", lc.display())
		}
		labels, lok := t.namespaceLabels[rc.ns].Get()
		if !ok || !lok {
			return triUnknown, ""
		}
		m, known := selectorMatches(sel, labels)
		return triOf(m, known), fmt.Sprintf("listener %s allows routes from %s only, and namespace %q does not match", lc.display(), watchScope{kind: scopeSelector, selector: sel}.describe(), rc.ns)
	}
	gwNS, ok := lc.gw.in.Namespace.Get()
	return triOf(gwNS == rc.ns, ok), fmt.Sprintf("listener %s allows routes from its own namespace %q only (allowed_routes.namespaces.from Same, the default)", lc.display(), gwNS)
}

package resources

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// fromLive sets the configurable attributes from the Gateway in the
// cluster, so that changes made outside Terraform show in the plan. A
// listener that means the same as the prior one (the API server filled in
// its CRD defaults: tls.mode Terminate, allowed routes from Same, and left
// out empty strings) keeps the prior value; one that changed, or that is
// new (import), is read in its shortest form: defaults as null.
func (m *gatewayModel) fromLive(ctx context.Context, gw *gwapiv1.Gateway) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(gw.Namespace + "/" + gw.Name)
	m.Name = types.StringValue(gw.Name)
	m.Namespace = types.StringValue(gw.Namespace)
	m.GatewayClassName = types.StringValue(string(gw.Spec.GatewayClassName))

	prior := map[string]types.Object{}
	if !m.Listeners.IsNull() && !m.Listeners.IsUnknown() {
		for _, e := range m.Listeners.Elements() {
			if o, ok := e.(types.Object); ok && !o.IsNull() && !o.IsUnknown() {
				var l listenerModel
				if d := o.As(ctx, &l, asObject); !d.HasError() {
					prior[l.Name.ValueString()] = o
				}
			}
		}
	}
	elems := make([]attr.Value, 0, len(gw.Spec.Listeners))
	for i := range gw.Spec.Listeners {
		live := &gw.Spec.Listeners[i]
		if p, ok := prior[string(live.Name)]; ok && sameListener(ctx, p, live) {
			elems = append(elems, p)
			continue
		}
		var hint *listenerModel
		if p, ok := prior[string(live.Name)]; ok {
			hint = &listenerModel{}
			diags.Append(p.As(ctx, hint, asObject)...)
		}
		obj, d := listenerFromLive(live, hint)
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(listenerType, elems)
	diags.Append(d...)
	m.Listeners = list
	diags.Append(m.statusFrom(gw)...)
	return diags
}

// sameListener reports whether a listener attribute means what the live
// listener holds, comparing both with the CRD defaults filled in.
func sameListener(ctx context.Context, prior types.Object, live *gwapiv1.Listener) bool {
	var diags diag.Diagnostics
	in := translateListener(ctx, prior, &diags)
	if diags.HasError() {
		return false
	}
	// RenderGateway is the one place listeners are rendered; a throwaway
	// Gateway carries this one.
	g, err := translate.RenderGateway(translate.Gateway{
		Name: translate.Known("x"), Namespace: translate.Known("x"), GatewayClassName: translate.Known("x"),
		Listeners: translate.Known([]translate.Listener{in}),
	})
	if err != nil {
		return false
	}
	return viewOf(&g.Spec.Listeners[0]) == viewOf(live)
}

// listenerView is what the provider models of a listener, with the CRD
// defaults applied, in a comparable form.
type listenerView struct {
	name, protocol, hostname string
	port                     int32
	tls                      bool
	mode, certs              string
	from, selector           string
}

func viewOf(l *gwapiv1.Listener) listenerView {
	v := listenerView{name: string(l.Name), protocol: string(l.Protocol), port: int32(l.Port), from: string(gwapiv1.NamespacesFromSame)}
	if l.Hostname != nil {
		v.hostname = string(*l.Hostname)
	}
	if t := l.TLS; t != nil {
		v.tls, v.mode = true, string(gwapiv1.TLSModeTerminate)
		if t.Mode != nil {
			v.mode = string(*t.Mode)
		}
		refs := make([]string, 0, len(t.CertificateRefs))
		for _, r := range t.CertificateRefs {
			ns := ""
			if r.Namespace != nil {
				ns = string(*r.Namespace)
			}
			refs = append(refs, ns+"/"+string(r.Name))
		}
		v.certs = strings.Join(refs, ",")
	}
	if ar := l.AllowedRoutes; ar != nil && ar.Namespaces != nil {
		if ar.Namespaces.From != nil {
			v.from = string(*ar.Namespaces.From)
		}
		if ar.Namespaces.Selector != nil {
			b, _ := json.Marshal(ar.Namespaces.Selector) // map keys sorted: a canonical form
			v.selector = string(b)
		}
	}
	return v
}

// listenerFromLive reads a listener in its shortest form. hint is the prior
// value of the listener of that name, if any: its empty strings, which the
// API server stores as absent, are kept.
func listenerFromLive(l *gwapiv1.Listener, hint *listenerModel) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	if hint == nil {
		hint = &listenerModel{}
	}
	var host *string
	if l.Hostname != nil {
		s := string(*l.Hostname)
		host = &s
	}
	attrs := map[string]attr.Value{
		"name":           types.StringValue(string(l.Name)),
		"port":           types.Int64Value(int64(l.Port)),
		"protocol":       types.StringValue(string(l.Protocol)),
		"hostname":       optionalString(host, hint.Hostname),
		"tls":            types.ObjectNull(listenerTLSAttrTypes),
		"allowed_routes": types.ObjectNull(allowedRoutesAttrTypes),
	}
	if t := l.TLS; t != nil {
		var priorTLS listenerTLSModel
		if !hint.TLS.IsNull() && !hint.TLS.IsUnknown() {
			diags.Append(hint.TLS.As(context.Background(), &priorTLS, asObject)...)
		}
		mode := types.StringNull()
		if t.Mode != nil && (*t.Mode != gwapiv1.TLSModeTerminate || !priorTLS.Mode.IsNull()) {
			mode = types.StringValue(string(*t.Mode))
		}
		priorNS := map[string]types.String{}
		if !priorTLS.CertificateRefs.IsNull() && !priorTLS.CertificateRefs.IsUnknown() {
			var refs []certificateRefModel
			diags.Append(priorTLS.CertificateRefs.ElementsAs(context.Background(), &refs, false)...)
			for _, r := range refs {
				priorNS[r.Name.ValueString()] = r.Namespace
			}
		}
		refs := types.ListNull(types.ObjectType{AttrTypes: certificateRefAttrTypes})
		if len(t.CertificateRefs) > 0 {
			elems := make([]attr.Value, 0, len(t.CertificateRefs))
			for _, r := range t.CertificateRefs {
				var ns *string
				if r.Namespace != nil {
					s := string(*r.Namespace)
					ns = &s
				}
				o, d := types.ObjectValue(certificateRefAttrTypes, map[string]attr.Value{
					"name":      types.StringValue(string(r.Name)),
					"namespace": optionalString(ns, priorNS[string(r.Name)]),
				})
				diags.Append(d...)
				elems = append(elems, o)
			}
			var d diag.Diagnostics
			refs, d = types.ListValue(types.ObjectType{AttrTypes: certificateRefAttrTypes}, elems)
			diags.Append(d...)
		}
		o, d := types.ObjectValue(listenerTLSAttrTypes, map[string]attr.Value{"mode": mode, "certificate_refs": refs})
		diags.Append(d...)
		attrs["tls"] = o
	}
	if ar := l.AllowedRoutes; ar != nil && !defaultAllowedRoutes(ar) {
		ns := types.ObjectNull(routeNamespacesAttrTypes)
		if rn := ar.Namespaces; rn != nil {
			from := types.StringNull()
			if rn.From != nil {
				from = types.StringValue(string(*rn.From))
			}
			sel := types.ObjectNull(selectorAttrTypes)
			if rn.Selector != nil {
				sel = selectorFromLabelSelector(rn.Selector, &diags)
			}
			var d diag.Diagnostics
			ns, d = types.ObjectValue(routeNamespacesAttrTypes, map[string]attr.Value{"from": from, "selector": sel})
			diags.Append(d...)
		}
		o, d := types.ObjectValue(allowedRoutesAttrTypes, map[string]attr.Value{"namespaces": ns})
		diags.Append(d...)
		attrs["allowed_routes"] = o
	}
	obj, d := types.ObjectValue(listenerAttrTypes, attrs)
	diags.Append(d...)
	return obj, diags
}

// defaultAllowedRoutes reports whether allowed routes are what the CRD sets
// when they are left out: routes of the Gateway's namespace, any kind.
func defaultAllowedRoutes(ar *gwapiv1.AllowedRoutes) bool {
	return len(ar.Kinds) == 0 && ar.Namespaces != nil && ar.Namespaces.Selector == nil &&
		(ar.Namespaces.From == nil || *ar.Namespaces.From == gwapiv1.NamespacesFromSame)
}

func selectorFromLabelSelector(sel *metav1.LabelSelector, diags *diag.Diagnostics) types.Object {
	labels := types.MapNull(types.StringType)
	if sel.MatchLabels != nil {
		elems := map[string]attr.Value{}
		for k, v := range sel.MatchLabels {
			elems[k] = types.StringValue(v)
		}
		var d diag.Diagnostics
		labels, d = types.MapValue(types.StringType, elems)
		diags.Append(d...)
	}
	reqType := types.ObjectType{AttrTypes: requirementAttrTypes}
	exprs := types.ListNull(reqType)
	if sel.MatchExpressions != nil {
		elems := make([]attr.Value, 0, len(sel.MatchExpressions))
		for _, r := range sel.MatchExpressions {
			vals := types.ListNull(types.StringType)
			if r.Values != nil {
				vs := make([]attr.Value, 0, len(r.Values))
				for _, v := range r.Values {
					vs = append(vs, types.StringValue(v))
				}
				var d diag.Diagnostics
				vals, d = types.ListValue(types.StringType, vs)
				diags.Append(d...)
			}
			o, d := types.ObjectValue(requirementAttrTypes, map[string]attr.Value{
				"key": types.StringValue(r.Key), "operator": types.StringValue(string(r.Operator)), "values": vals,
			})
			diags.Append(d...)
			elems = append(elems, o)
		}
		var d diag.Diagnostics
		exprs, d = types.ListValue(reqType, elems)
		diags.Append(d...)
	}
	obj, d := types.ObjectValue(selectorAttrTypes, map[string]attr.Value{"match_labels": labels, "match_expressions": exprs})
	diags.Append(d...)
	return obj
}

// statusFrom sets the computed status attributes. Nothing reports on the
// Gateway until a controller serves its class: the CRD's default conditions
// say Unknown / Pending, which reads as null with reason Pending.
func (m *gatewayModel) statusFrom(gw *gwapiv1.Gateway) diag.Diagnostics {
	var diags diag.Diagnostics
	gen := gw.Generation
	m.Accepted, m.AcceptedReason = conditionState(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted), gen)
	m.Programmed, m.ProgrammedReason = conditionState(gw.Status.Conditions, string(gwapiv1.GatewayConditionProgrammed), gen)

	addrs := make([]attr.Value, 0, len(gw.Status.Addresses))
	for _, a := range gw.Status.Addresses {
		addrs = append(addrs, types.StringValue(a.Value))
	}
	var d diag.Diagnostics
	m.Addresses, d = types.ListValue(types.StringType, addrs)
	diags.Append(d...)

	byName := map[string]*gwapiv1.ListenerStatus{}
	for i := range gw.Status.Listeners {
		byName[string(gw.Status.Listeners[i].Name)] = &gw.Status.Listeners[i]
	}
	elems := make([]attr.Value, 0, len(gw.Spec.Listeners))
	for _, l := range gw.Spec.Listeners {
		s := listenerStatusOf(string(l.Name), byName[string(l.Name)], gen)
		o, d := types.ObjectValueFrom(context.Background(), listenerStatusAttrTypes, s)
		diags.Append(d...)
		elems = append(elems, o)
	}
	m.ListenerStatus, d = types.ListValue(listenerStatusType, elems)
	diags.Append(d...)
	return diags
}

// listenerStatusOf summarises one listener's status. The reason is that of
// the first condition in a failing state, else of Programmed.
func listenerStatusOf(name string, s *gwapiv1.ListenerStatus, gen int64) listenerStatusModel {
	out := listenerStatusModel{Name: types.StringValue(name), AttachedRoutes: types.Int64Null(),
		Conflicted: types.BoolNull(), Reason: types.StringValue(reasonPending)}
	if s == nil {
		return out
	}
	current := func(c *metav1.Condition) bool {
		return c != nil && (c.ObservedGeneration == 0 || c.ObservedGeneration >= gen) && c.Status != metav1.ConditionUnknown
	}
	conflicted := findCondition(s.Conditions, string(gwapiv1.ListenerConditionConflicted))
	accepted := findCondition(s.Conditions, string(gwapiv1.ListenerConditionAccepted))
	resolved := findCondition(s.Conditions, string(gwapiv1.ListenerConditionResolvedRefs))
	programmed := findCondition(s.Conditions, string(gwapiv1.ListenerConditionProgrammed))
	if !current(accepted) && !current(programmed) {
		return out // nothing reported on this generation yet
	}
	out.AttachedRoutes = types.Int64Value(int64(s.AttachedRoutes))
	// A controller sets Conflicted when there is a conflict; its absence on a
	// reported listener means none.
	out.Conflicted = types.BoolValue(current(conflicted) && conflicted.Status == metav1.ConditionTrue)
	for _, c := range []struct {
		cond *metav1.Condition
		bad  metav1.ConditionStatus
	}{
		{conflicted, metav1.ConditionTrue},
		{accepted, metav1.ConditionFalse},
		{resolved, metav1.ConditionFalse},
		{programmed, metav1.ConditionFalse},
	} {
		if current(c.cond) && c.cond.Status == c.bad {
			out.Reason = types.StringValue(c.cond.Reason)
			return out
		}
	}
	switch {
	case current(programmed):
		out.Reason = types.StringValue(programmed.Reason)
	case current(accepted):
		out.Reason = types.StringValue(accepted.Reason)
	}
	return out
}

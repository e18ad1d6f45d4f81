package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

type gatewayModel struct {
	ID               types.String   `tfsdk:"id"`
	Name             types.String   `tfsdk:"name"`
	Namespace        types.String   `tfsdk:"namespace"`
	GatewayClassName types.String   `tfsdk:"gateway_class_name"`
	Listeners        types.List     `tfsdk:"listeners"`
	WaitForAccepted  types.Bool     `tfsdk:"wait_for_accepted"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
	Accepted         types.Bool     `tfsdk:"accepted"`
	AcceptedReason   types.String   `tfsdk:"accepted_reason"`
	Programmed       types.Bool     `tfsdk:"programmed"`
	ProgrammedReason types.String   `tfsdk:"programmed_reason"`
	Addresses        types.List     `tfsdk:"addresses"`
	ListenerStatus   types.List     `tfsdk:"listener_status"`
}

type listenerModel struct {
	Name          types.String `tfsdk:"name"`
	Port          types.Int64  `tfsdk:"port"`
	Protocol      types.String `tfsdk:"protocol"`
	Hostname      types.String `tfsdk:"hostname"`
	TLS           types.Object `tfsdk:"tls"`
	AllowedRoutes types.Object `tfsdk:"allowed_routes"`
}

type listenerTLSModel struct {
	Mode            types.String `tfsdk:"mode"`
	CertificateRefs types.List   `tfsdk:"certificate_refs"`
}

type certificateRefModel struct {
	Name      types.String `tfsdk:"name"`
	Namespace types.String `tfsdk:"namespace"`
}

type allowedRoutesModel struct {
	Namespaces types.Object `tfsdk:"namespaces"`
}

type routeNamespacesModel struct {
	From     types.String `tfsdk:"from"`
	Selector types.Object `tfsdk:"selector"`
}

type listenerStatusModel struct {
	Name           types.String `tfsdk:"name"`
	AttachedRoutes types.Int64  `tfsdk:"attached_routes"`
	Conflicted     types.Bool   `tfsdk:"conflicted"`
	Reason         types.String `tfsdk:"reason"`
}

var (
	certificateRefAttrTypes = map[string]attr.Type{"name": types.StringType, "namespace": types.StringType}
	listenerTLSAttrTypes    = map[string]attr.Type{
		"mode":             types.StringType,
		"certificate_refs": types.ListType{ElemType: types.ObjectType{AttrTypes: certificateRefAttrTypes}},
	}
	routeNamespacesAttrTypes = map[string]attr.Type{
		"from":     types.StringType,
		"selector": types.ObjectType{AttrTypes: selectorAttrTypes},
	}
	allowedRoutesAttrTypes = map[string]attr.Type{
		"namespaces": types.ObjectType{AttrTypes: routeNamespacesAttrTypes},
	}
	listenerAttrTypes = map[string]attr.Type{
		"name":           types.StringType,
		"port":           types.Int64Type,
		"protocol":       types.StringType,
		"hostname":       types.StringType,
		"tls":            types.ObjectType{AttrTypes: listenerTLSAttrTypes},
		"allowed_routes": types.ObjectType{AttrTypes: allowedRoutesAttrTypes},
	}
	listenerStatusAttrTypes = map[string]attr.Type{
		"name": types.StringType, "attached_routes": types.Int64Type, "conflicted": types.BoolType, "reason": types.StringType,
	}
	listenerType       = types.ObjectType{AttrTypes: listenerAttrTypes}
	listenerStatusType = types.ObjectType{AttrTypes: listenerStatusAttrTypes}
)

// translateGateway converts the plan (or state) into the translator's
// input. Unknown values stay unknown attribute by attribute, so one unknown
// hostname does not hide the rest of the Gateway from the checks.
func (m gatewayModel) translateGateway(ctx context.Context) (translate.Gateway, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := translate.Gateway{
		Name:             str(m.Name),
		Namespace:        str(m.Namespace),
		GatewayClassName: str(m.GatewayClassName),
	}
	switch {
	case m.Listeners.IsUnknown():
		out.Listeners = translate.Unknown[[]translate.Listener]()
	case !m.Listeners.IsNull():
		ls := make([]translate.Listener, 0, len(m.Listeners.Elements()))
		for _, e := range m.Listeners.Elements() {
			ls = append(ls, translateListener(ctx, e, &diags))
		}
		out.Listeners = translate.Known(ls)
	}
	return out, diags
}

func translateListener(ctx context.Context, e attr.Value, diags *diag.Diagnostics) translate.Listener {
	obj, ok := e.(types.Object)
	if !ok || obj.IsUnknown() || obj.IsNull() {
		return translate.Listener{
			Name: translate.Unknown[string](), Port: translate.Unknown[int64](), Protocol: translate.Unknown[string](),
			Hostname: translate.Unknown[string](), TLS: translate.Unknown[translate.ListenerTLS](),
			AllowedRoutes: translate.Unknown[translate.AllowedRoutes](),
		}
	}
	var l listenerModel
	diags.Append(obj.As(ctx, &l, asObject)...)
	out := translate.Listener{
		Name:     str(l.Name),
		Port:     int64Value(l.Port),
		Protocol: str(l.Protocol),
		Hostname: str(l.Hostname),
	}
	switch {
	case l.TLS.IsUnknown():
		out.TLS = translate.Unknown[translate.ListenerTLS]()
	case !l.TLS.IsNull():
		var t listenerTLSModel
		diags.Append(l.TLS.As(ctx, &t, asObject)...)
		tls := translate.ListenerTLS{Mode: str(t.Mode)}
		switch {
		case t.CertificateRefs.IsUnknown():
			tls.CertificateRefs = translate.Unknown[[]translate.CertificateRef]()
		case !t.CertificateRefs.IsNull():
			refs := make([]translate.CertificateRef, 0, len(t.CertificateRefs.Elements()))
			for _, re := range t.CertificateRefs.Elements() {
				ro, ok := re.(types.Object)
				if !ok || ro.IsUnknown() || ro.IsNull() {
					refs = append(refs, translate.CertificateRef{Name: translate.Unknown[string](), Namespace: translate.Unknown[string]()})
					continue
				}
				var r certificateRefModel
				diags.Append(ro.As(ctx, &r, asObject)...)
				refs = append(refs, translate.CertificateRef{Name: str(r.Name), Namespace: str(r.Namespace)})
			}
			tls.CertificateRefs = translate.Known(refs)
		}
		out.TLS = translate.Known(tls)
	}
	switch {
	case l.AllowedRoutes.IsUnknown():
		out.AllowedRoutes = translate.Unknown[translate.AllowedRoutes]()
	case !l.AllowedRoutes.IsNull():
		var a allowedRoutesModel
		diags.Append(l.AllowedRoutes.As(ctx, &a, asObject)...)
		ar := translate.AllowedRoutes{}
		switch {
		case a.Namespaces.IsUnknown():
			ar.Namespaces = translate.Unknown[translate.RouteNamespaces]()
		case !a.Namespaces.IsNull():
			var rn routeNamespacesModel
			diags.Append(a.Namespaces.As(ctx, &rn, asObject)...)
			ns := translate.RouteNamespaces{From: str(rn.From)}
			switch {
			case rn.Selector.IsUnknown():
				ns.Selector = translate.Unknown[translate.LabelSelector]()
			case !rn.Selector.IsNull():
				ns.Selector = translate.Known(labelSelector(ctx, rn.Selector, diags))
			}
			ar.Namespaces = translate.Known(ns)
		}
		out.AllowedRoutes = translate.Known(ar)
	}
	return out
}

func int64Value(v types.Int64) translate.Value[int64] {
	switch {
	case v.IsUnknown():
		return translate.Unknown[int64]()
	case v.IsNull():
		return translate.Null[int64]()
	}
	return translate.Known(v.ValueInt64())
}

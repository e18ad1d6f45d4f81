// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

type routeModel struct {
	ID              types.String   `tfsdk:"id"`
	Name            types.String   `tfsdk:"name"`
	Namespace       types.String   `tfsdk:"namespace"`
	ParentRefs      types.List     `tfsdk:"parent_refs"`
	Hostnames       types.List     `tfsdk:"hostnames"`
	Rules           types.List     `tfsdk:"rules"`
	WaitForAccepted types.Bool     `tfsdk:"wait_for_accepted"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	Parents         types.List     `tfsdk:"parents"`
}

var routeTypes = typesOf(httpRouteSchema)

func routeAttrType(ctx context.Context, name string) attr.Type { return routeTypes(ctx)[name] }

// toRoute is the model as the translator's input.
func (m *routeModel) toRoute() (translate.HTTPRoute, diag.Diagnostics) {
	var diags diag.Diagnostics
	parents, d := toTranslate[[]translate.ParentRef](m.ParentRefs)
	diags.Append(d...)
	hostnames, d := toTranslate[[]string](m.Hostnames)
	diags.Append(d...)
	rules, d := toTranslate[[]translate.HTTPRouteRule](m.Rules)
	diags.Append(d...)
	return translate.HTTPRoute{Name: str(m.Name), Namespace: str(m.Namespace), ParentRefs: parents, Hostnames: hostnames, Rules: rules}, diags
}

// setRoute is toRoute's inverse.
func (m *routeModel) setRoute(ctx context.Context, r translate.HTTPRoute) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name, m.Namespace = stringOf(r.Name), stringOf(r.Namespace)
	m.ID = types.StringValue(m.Namespace.ValueString() + "/" + m.Name.ValueString())
	var d diag.Diagnostics
	m.ParentRefs, d = fromTranslateAs[types.List](ctx, r.ParentRefs, routeAttrType(ctx, "parent_refs"))
	diags.Append(d...)
	m.Hostnames, d = fromTranslateAs[types.List](ctx, r.Hostnames, routeAttrType(ctx, "hostnames"))
	diags.Append(d...)
	m.Rules, d = fromTranslateAs[types.List](ctx, r.Rules, routeAttrType(ctx, "rules"))
	diags.Append(d...)
	return diags
}

// fromLive sets the attributes from the HTTPRoute in the cluster: nothing
// changes while it holds everything the prior state sets (what the API
// server fills in is no drift); otherwise the paths the prior sets are read
// back as the cluster holds them, so that the plan puts back what changed.
// An import (no prior) reads it all, without the API server's defaults.
func (m *routeModel) fromLive(ctx context.Context, live *gwapiv1.HTTPRoute) diag.Diagnostics {
	prior, diags := m.toRoute()
	if diags.HasError() {
		return diags
	}
	importing := m.ID.IsNull()
	if !importing && translate.RouteSatisfied(prior, live) {
		return m.statusFrom(ctx, live)
	}
	var read translate.HTTPRoute
	var err error
	if importing {
		read, err = translate.ParseHTTPRoute(live)
		read = translate.ShortenRoute(read)
	} else {
		read, err = translate.ProjectRoute(live, prior)
	}
	if err != nil {
		diags.AddError("Cannot read the HTTPRoute", err.Error())
		return diags
	}
	diags.Append(m.setRoute(ctx, read)...)
	diags.Append(m.statusFrom(ctx, live)...)
	return diags
}

type routeParentModel struct {
	Gateway            types.String `tfsdk:"gateway"`
	SectionName        types.String `tfsdk:"section_name"`
	Accepted           types.Bool   `tfsdk:"accepted"`
	AcceptedReason     types.String `tfsdk:"accepted_reason"`
	ResolvedRefs       types.Bool   `tfsdk:"resolved_refs"`
	ResolvedRefsReason types.String `tfsdk:"resolved_refs_reason"`
}

// currentParents is the route's status for the parents its spec names.
// Envoy Gateway keeps what it wrote for a Gateway the route has moved away
// from; that entry says nothing about the route as it is.
func currentParents(r *gwapiv1.HTTPRoute) []gwapiv1.RouteParentStatus {
	named := make(map[string]bool, len(r.Spec.ParentRefs))
	for _, ref := range r.Spec.ParentRefs {
		named[parentRefKey(r.Namespace, ref)] = true
	}
	out := make([]gwapiv1.RouteParentStatus, 0, len(r.Status.Parents))
	for _, p := range r.Status.Parents {
		if named[parentRefKey(r.Namespace, p.ParentRef)] {
			out = append(out, p)
		}
	}
	return out
}

// parentRefKey names a parent reference with its defaults filled in.
func parentRefKey(routeNamespace string, ref gwapiv1.ParentReference) string {
	ns, section, port := routeNamespace, "", ""
	if ref.Namespace != nil {
		ns = string(*ref.Namespace)
	}
	if ref.SectionName != nil {
		section = string(*ref.SectionName)
	}
	if ref.Port != nil {
		port = strconv.Itoa(int(*ref.Port))
	}
	return ns + "/" + string(ref.Name) + "/" + section + "/" + port
}

// statusFrom sets parents from what the controllers reported for the
// parents the route names.
func (m *routeModel) statusFrom(ctx context.Context, r *gwapiv1.HTTPRoute) diag.Diagnostics {
	current := currentParents(r)
	out := make([]routeParentModel, 0, len(current))
	for _, p := range current {
		ns := r.Namespace
		if p.ParentRef.Namespace != nil {
			ns = string(*p.ParentRef.Namespace)
		}
		pm := routeParentModel{Gateway: types.StringValue(ns + "/" + string(p.ParentRef.Name)), SectionName: types.StringNull()}
		if p.ParentRef.SectionName != nil {
			pm.SectionName = types.StringValue(string(*p.ParentRef.SectionName))
		}
		pm.Accepted, pm.AcceptedReason = conditionState(p.Conditions, string(gwapiv1.RouteConditionAccepted), r.Generation)
		pm.ResolvedRefs, pm.ResolvedRefsReason = conditionState(p.Conditions, string(gwapiv1.RouteConditionResolvedRefs), r.Generation)
		out = append(out, pm)
	}
	elem, diags := listElemType(routeAttrType(ctx, "parents"))
	if diags.HasError() {
		return diags
	}
	list, d := types.ListValueFrom(ctx, elem, out)
	m.Parents = list
	return append(diags, d...)
}

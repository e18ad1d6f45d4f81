// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

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
	ID                types.String   `tfsdk:"id"`
	Name              types.String   `tfsdk:"name"`
	Namespace         types.String   `tfsdk:"namespace"`
	GatewayClassName  types.String   `tfsdk:"gateway_class_name"`
	Listeners         types.List     `tfsdk:"listeners"`
	Labels            types.Map      `tfsdk:"labels"`
	Annotations       types.Map      `tfsdk:"annotations"`
	Infrastructure    types.Object   `tfsdk:"infrastructure"`
	WaitForAccepted   types.Bool     `tfsdk:"wait_for_accepted"`
	WaitForProgrammed types.Bool     `tfsdk:"wait_for_programmed"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	Accepted          types.Bool     `tfsdk:"accepted"`
	AcceptedReason    types.String   `tfsdk:"accepted_reason"`
	Programmed        types.Bool     `tfsdk:"programmed"`
	ProgrammedReason  types.String   `tfsdk:"programmed_reason"`
	Addresses         types.List     `tfsdk:"addresses"`
	ListenerStatus    types.List     `tfsdk:"listener_status"`
}

// gatewayAttrType is the type of one of eg_gateway's attributes, read from
// its schema.
func gatewayAttrType(ctx context.Context, name string) attr.Type { return gatewayTypes(ctx)[name] }

var gatewayTypes = typesOf(gatewaySchema)

// toGateway is the model as the translator's input. Unknown values stay
// unknown attribute by attribute, so one unknown hostname does not hide the
// rest of the Gateway from the checks.
func (m *gatewayModel) toGateway() (translate.Gateway, diag.Diagnostics) {
	var diags diag.Diagnostics
	ls, d := toTranslate[[]translate.Listener](m.Listeners)
	diags.Append(d...)
	labels, d := toTranslate[map[string]string](m.Labels)
	diags.Append(d...)
	annotations, d := toTranslate[map[string]string](m.Annotations)
	diags.Append(d...)
	infra, d := toTranslate[translate.GatewayInfrastructure](m.Infrastructure)
	diags.Append(d...)
	return translate.Gateway{
		Name:             str(m.Name),
		Namespace:        str(m.Namespace),
		GatewayClassName: str(m.GatewayClassName),
		Listeners:        ls,
		Labels:           labels,
		Annotations:      annotations,
		Infrastructure:   infra,
	}, diags
}

// setGateway is toGateway's inverse for a Gateway read from the cluster, so
// that changes made outside Terraform show in the plan. A listener that
// means what the prior listener of its name means (the API server filled in
// CRD defaults and left out empty strings) keeps the prior value; one that
// changed, or is new (import), is read in its shortest form.
func (m *gatewayModel) setGateway(ctx context.Context, g translate.Gateway) diag.Diagnostics {
	m.Name, m.Namespace, m.GatewayClassName = stringOf(g.Name), stringOf(g.Namespace), stringOf(g.GatewayClassName)
	m.ID = types.StringValue(m.Namespace.ValueString() + "/" + m.Name.ValueString())
	prior := map[string]translate.Listener{}
	priorList, diags := toTranslate[[]translate.Listener](m.Listeners)
	for _, l := range priorList.Or(nil) {
		prior[l.Name.Or("")] = l
	}
	live := g.Listeners.Or(nil)
	out := make([]translate.Listener, len(live))
	for i, l := range live {
		p, ok := prior[l.Name.Or("")]
		if ok && translate.EquivalentListener(p, l) {
			out[i] = p
			continue
		}
		out[i] = translate.Shorten(l, p)
	}
	var d diag.Diagnostics
	m.Listeners, d = fromTranslateAs[types.List](ctx, translate.Known(out), gatewayAttrType(ctx, "listeners"))
	diags.Append(d...)
	diags.Append(m.setMetadata(ctx, g)...)
	return diags
}

// setMetadata reads the labels, annotations and infrastructure as far as
// they are this resource's: the configured keys, with their values in the
// cluster (keys other controllers add are no drift), and the EnvoyProxy
// reference, whose namespace the cluster does not keep.
func (m *gatewayModel) setMetadata(ctx context.Context, g translate.Gateway) diag.Diagnostics {
	prior, diags := m.toGateway()
	g.Labels = translate.KeepOwnKeys(g.Labels, prior.Labels)
	g.Annotations = translate.KeepOwnKeys(g.Annotations, prior.Annotations)
	g.Infrastructure = keepOwnInfrastructure(g.Infrastructure, prior.Infrastructure, g.Namespace)
	var d diag.Diagnostics
	m.Labels, d = fromTranslateAs[types.Map](ctx, g.Labels, gatewayAttrType(ctx, "labels"))
	diags.Append(d...)
	m.Annotations, d = fromTranslateAs[types.Map](ctx, g.Annotations, gatewayAttrType(ctx, "annotations"))
	diags.Append(d...)
	m.Infrastructure, d = fromTranslateAs[types.Object](ctx, g.Infrastructure, gatewayAttrType(ctx, "infrastructure"))
	diags.Append(d...)
	return diags
}

// keepOwnInfrastructure is the infrastructure read from the cluster as far
// as it is this resource's (see setMetadata).
func keepOwnInfrastructure(live, prior translate.Value[translate.GatewayInfrastructure], gwNS translate.Value[string]) translate.Value[translate.GatewayInfrastructure] {
	p, ok := prior.Get()
	if !ok {
		return prior
	}
	l := live.Or(translate.GatewayInfrastructure{})
	out := translate.GatewayInfrastructure{
		Labels:        translate.KeepOwnKeys(l.Labels, p.Labels),
		Annotations:   translate.KeepOwnKeys(l.Annotations, p.Annotations),
		ParametersRef: l.ParametersRef,
	}
	if ref, ok := out.ParametersRef.Get(); ok {
		// The cluster keeps no namespace: the proxy is the Gateway's.
		ref.Namespace = p.ParametersRef.Or(translate.ParametersRef{}).Namespace
		if ns := ref.Namespace.Or(""); ns != "" && ns != gwNS.Or("") {
			ref.Namespace = gwNS
		}
		out.ParametersRef = translate.Known(ref)
	}
	return translate.Known(out)
}

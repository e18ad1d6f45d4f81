// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// proxyModel is eg_envoy_proxy's and eg_merged_proxy's.
type proxyModel struct {
	ID            types.String   `tfsdk:"id"`
	Name          types.String   `tfsdk:"name"`
	Namespace     types.String   `tfsdk:"namespace"`
	MergeGateways types.Bool     `tfsdk:"merge_gateways"`
	Service       types.Object   `tfsdk:"service"`
	Deployment    types.Object   `tfsdk:"deployment"`
	Spec          types.String   `tfsdk:"spec"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
	ParametersRef types.Object   `tfsdk:"parameters_ref"`
}

var proxyTypes = typesOf(func(ctx context.Context) schema.Schema { return proxySchema(ctx, false) })

// proxyAttrType is the type of one of the proxies' attributes.
func proxyAttrType(ctx context.Context, name string) attr.Type { return proxyTypes(ctx)[name] }

// toProxy is the model as the translator's input; kind is the resource.
func (m *proxyModel) toProxy(kind translate.Kind) (translate.EnvoyProxy, diag.Diagnostics) {
	var diags diag.Diagnostics
	svc, d := toTranslate[translate.ProxyService](m.Service)
	diags.Append(d...)
	dep, d := toTranslate[translate.ProxyDeployment](m.Deployment)
	diags.Append(d...)
	return translate.EnvoyProxy{Kind: kind, Name: str(m.Name), Namespace: str(m.Namespace),
		MergeGateways: boolean(m.MergeGateways), Service: svc, Deployment: dep, Spec: str(m.Spec)}, diags
}

// setProxy is toProxy's inverse.
func (m *proxyModel) setProxy(ctx context.Context, p translate.EnvoyProxy) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name, m.Namespace, m.Spec = stringOf(p.Name), stringOf(p.Namespace), stringOf(p.Spec)
	m.MergeGateways = types.BoolValue(p.MergeGateways.Or(false))
	var d diag.Diagnostics
	m.Service, d = fromTranslateAs[types.Object](ctx, p.Service, proxyAttrType(ctx, "service"))
	diags.Append(d...)
	m.Deployment, d = fromTranslateAs[types.Object](ctx, p.Deployment, proxyAttrType(ctx, "deployment"))
	diags.Append(d...)
	diags.Append(m.derive(ctx)...)
	return diags
}

// fromLive sets the attributes from the EnvoyProxy in the cluster: nothing
// changes while it holds everything the prior state sets (the API server's
// defaults and others' additions are no drift); otherwise the prior's
// paths are read back as the cluster holds them, so that the plan puts
// back what changed. An import (no prior) reads it all, in its shortest form.
func (m *proxyModel) fromLive(ctx context.Context, kind translate.Kind, live *egv1a1.EnvoyProxy) diag.Diagnostics {
	prior, diags := m.toProxy(kind)
	if diags.HasError() {
		return diags
	}
	importing := m.ID.IsNull()
	if !importing && translate.ProxySatisfied(prior, live) {
		return m.derive(ctx)
	}
	var read translate.EnvoyProxy
	var err error
	if importing {
		read, err = translate.ParseEnvoyProxy(live)
		read = translate.ShortenProxy(read, prior)
	} else {
		read, err = translate.ProjectProxy(live, prior)
	}
	if err != nil {
		diags.AddError("Cannot read the EnvoyProxy", err.Error())
		return diags
	}
	diags.Append(m.setProxy(ctx, read)...)
	return diags
}

// derive sets what follows from name and namespace: the id and the
// parameters_ref, unknown while either is.
func (m *proxyModel) derive(ctx context.Context) diag.Diagnostics {
	id, ok := namespacedID(translate.KindEnvoyProxy, m.Namespace, m.Name)
	ref := translate.Unknown[translate.ParametersRef]()
	m.ID = types.StringUnknown()
	if ok {
		m.ID = types.StringValue(id.namespace + "/" + id.name)
		ref = translate.Known(translate.ProxyParametersRef(id.name, id.namespace))
	}
	var diags diag.Diagnostics
	m.ParametersRef, diags = fromTranslateAs[types.Object](ctx, ref, proxyAttrType(ctx, "parameters_ref"))
	return diags
}

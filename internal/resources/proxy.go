// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"time"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var (
	_ resource.Resource                   = (*proxyResource)(nil)
	_ resource.ResourceWithConfigure      = (*proxyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*proxyResource)(nil)
	_ resource.ResourceWithImportState    = (*proxyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*proxyResource)(nil)
)

// NewEnvoyProxyResource returns the eg_envoy_proxy resource.
func NewEnvoyProxyResource() resource.Resource { return &proxyResource{} }

// NewMergedProxyResource returns the eg_merged_proxy resource: the same,
// with merge_gateways always true.
func NewMergedProxyResource() resource.Resource { return &proxyResource{merged: true} }

// proxyResource serves both proxy resources; only merge_gateways differs.
type proxyResource struct {
	data   *ProviderData
	merged bool
}

func (r *proxyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_envoy_proxy"
	if r.merged {
		resp.TypeName = req.ProviderTypeName + "_merged_proxy"
	}
}

func (r *proxyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = proxySchema(ctx, r.merged)
}

func (r *proxyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *proxyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *proxyModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Create(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m proxyModel) (*proxyModel, diag.Diagnostics) { return r.apply(ctx, m, true) })
}

func (r *proxyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *proxyModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Update(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m proxyModel) (*proxyModel, diag.Diagnostics) { return r.apply(ctx, m, false) })
}

// apply writes the EnvoyProxy and returns the new state, with an error when
// it was written but still differs from the plan (another field manager
// keeps a value this provider set).
func (r *proxyResource) apply(ctx context.Context, plan proxyModel, creating bool) (*proxyModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	in, d := plan.toProxy(r.kind())
	if diags.Append(d...); diags.HasError() {
		return nil, diags
	}
	obj, err := translate.RenderEnvoyProxy(in)
	if err != nil {
		diags.AddError("Cannot build the EnvoyProxy", err.Error())
		return nil, diags
	}
	var live *egv1a1.EnvoyProxy
	if creating {
		live, err = clients.EnvoyProxies.Create(ctx, r.data.Kube, obj)
	} else {
		live, err = clients.EnvoyProxies.Apply(ctx, r.data.Kube, obj)
	}
	if err != nil {
		diags.Append(clientError(err, "applying EnvoyProxy "+obj.Namespace+"/"+obj.Name))
		return nil, diags
	}
	state := plan
	if !translate.ProxySatisfied(in, live) {
		diags.AddError("EnvoyProxy differs from the configuration after apply",
			fmt.Sprintf("EnvoyProxy %s/%s still has other values than configured after the apply: field manager(s) %v own them. "+
				"Remove their values with the tool that set them, or run terraform apply -replace=<address> to recreate the proxy.",
				obj.Namespace, obj.Name, clients.OtherManagers(live)))
	}
	return &state, diags
}

func (r *proxyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state proxyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "reading EnvoyProxy", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	r.data.Plan.MarkManaged(objectID{translate.KindEnvoyProxy, ns, name})
	live, err := clients.EnvoyProxies.Read(ctx, r.data.Kube, ns, name)
	if isGone(err) {
		resp.Diagnostics.AddWarning("EnvoyProxy removed outside Terraform",
			fmt.Sprintf("EnvoyProxy %s/%s no longer exists; it will be created again.", ns, name))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading EnvoyProxy "+ns+"/"+name))
		return
	}
	resp.Diagnostics.Append(state.fromLive(ctx, r.kind(), live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *proxyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteObject(ctx, req.State, &resp.Diagnostics, r.data.Kube, func(m *proxyModel) deleteTarget {
		return deleteTarget{kind: "EnvoyProxy", namespace: m.Namespace.ValueString(), name: m.Name.ValueString(), timeouts: m.Timeouts}
	}, clients.EnvoyProxies.Delete)
}

// ImportState takes "namespace/name".
func (r *proxyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNamespaced{kind: "EnvoyProxy", example: "marketing/edge"}.into(ctx, req, resp)
}

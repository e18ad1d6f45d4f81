// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var (
	_ resource.Resource                   = (*gatewayResource)(nil)
	_ resource.ResourceWithConfigure      = (*gatewayResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*gatewayResource)(nil)
	_ resource.ResourceWithImportState    = (*gatewayResource)(nil)
	_ resource.ResourceWithValidateConfig = (*gatewayResource)(nil)
)

// NewGatewayResource returns the eg_gateway resource.
func NewGatewayResource() resource.Resource { return &gatewayResource{} }

type gatewayResource struct {
	data *ProviderData
}

func (r *gatewayResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway"
}

func (r *gatewayResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = gatewaySchema(ctx)
}

func (r *gatewayResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *gatewayResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *gatewayModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Create(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m gatewayModel) (*gatewayModel, diag.Diagnostics) {
			return r.apply(ctx, m, true)
		})
}

func (r *gatewayResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *gatewayModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Update(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m gatewayModel) (*gatewayModel, diag.Diagnostics) {
			return r.apply(ctx, m, false)
		})
}

// apply writes the Gateway and returns the new state: nil when nothing was
// written, the state with an error when it was written but did not become
// what was planned.
func (r *gatewayResource) apply(ctx context.Context, plan gatewayModel, creating bool) (*gatewayModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	in, d := plan.toGateway()
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	obj, err := translate.RenderGateway(in)
	if err != nil {
		diags.AddError("Cannot build the Gateway", err.Error())
		return nil, diags
	}
	c := r.data.Kube
	id := obj.Namespace + "/" + obj.Name
	var live *gwapiv1.Gateway
	if creating {
		live, err = clients.Gateways.Create(ctx, c, obj)
	} else {
		live, err = clients.Gateways.Apply(ctx, c, obj)
	}
	if err != nil {
		diags.Append(clientError(err, "applying Gateway "+id))
		return nil, diags
	}

	state := plan
	if plan.WaitForAccepted.ValueBool() {
		err := waitAccepted(ctx, "Gateway "+id, func(ctx context.Context) ([]metav1.Condition, int64, error) {
			gw, err := clients.Gateways.Get(ctx, c, obj.Namespace, obj.Name)
			if err != nil {
				return nil, 0, err
			}
			live = gw
			return gw.Status.Conditions, gw.Generation, nil
		})
		if err != nil {
			diags.AddAttributeError(path.Root("wait_for_accepted"), "Gateway not accepted", err.Error())
		}
	}
	if plan.WaitForProgrammed.ValueBool() {
		err := waitProgrammed(ctx, "Gateway "+id, func(ctx context.Context) (*gwapiv1.Gateway, error) {
			gw, err := clients.Gateways.Get(ctx, c, obj.Namespace, obj.Name)
			if err == nil {
				live = gw
			}
			return gw, err
		})
		if err != nil {
			diags.AddAttributeError(path.Root("wait_for_programmed"), "Gateway not programmed", err.Error())
		}
	}
	diags.Append(state.statusFrom(ctx, live)...)
	diags.Append(verifyGatewayApplied(ctx, plan, live)...)
	return &state, diags
}

// verifyGatewayApplied reports what still differs from the plan after the
// apply: another field manager keeps a listener or value this provider
// stopped setting. Without this, every later plan would show the change.
func verifyGatewayApplied(ctx context.Context, plan gatewayModel, live *gwapiv1.Gateway) diag.Diagnostics {
	var diags diag.Diagnostics
	got := plan
	diags.Append(got.fromLive(ctx, live)...)
	var differ []string
	if !got.GatewayClassName.Equal(plan.GatewayClassName) {
		differ = append(differ, "gateway_class_name")
	}
	if !got.Listeners.Equal(plan.Listeners) {
		differ = append(differ, "listeners")
	}
	for name, same := range map[string]bool{"labels": got.Labels.Equal(plan.Labels), "annotations": got.Annotations.Equal(plan.Annotations),
		"infrastructure": got.Infrastructure.Equal(plan.Infrastructure)} {
		if !same {
			differ = append(differ, name)
		}
	}
	slices.Sort(differ)
	if len(differ) > 0 {
		diags.AddError("Gateway differs from the configuration after apply",
			fmt.Sprintf("Gateway %s/%s still has other values for %s after the apply: field manager(s) %v own them. "+
				"Remove those values with the tool that set them, or run terraform apply -replace=<address> to recreate the Gateway.",
				live.Namespace, live.Name, strings.Join(differ, ", "), clients.OtherManagers(live)))
	}
	return diags
}

func (r *gatewayResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state gatewayModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "reading Gateway", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	r.data.Plan.MarkManaged(objectID{translate.KindGateway, ns, name})
	live, err := clients.Gateways.Read(ctx, r.data.Kube, ns, name)
	if isGone(err) {
		resp.Diagnostics.AddWarning("Gateway removed outside Terraform",
			fmt.Sprintf("Gateway %s/%s no longer exists; it will be created again.", ns, name))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading Gateway "+ns+"/"+name))
		return
	}
	resp.Diagnostics.Append(state.fromLive(ctx, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *gatewayResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteObject(ctx, req.State, &resp.Diagnostics, r.data.Kube, func(m *gatewayModel) deleteTarget {
		return deleteTarget{kind: "Gateway", namespace: m.Namespace.ValueString(), name: m.Name.ValueString(), timeouts: m.Timeouts}
	}, clients.Gateways.Delete)
}

// ImportState takes "namespace/name".
func (r *gatewayResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNamespaced{kind: "Gateway", example: "marketing/eg", withID: true, waits: []string{"wait_for_accepted", "wait_for_programmed"}}.into(ctx, req, resp)
}

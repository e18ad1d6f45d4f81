// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
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
	_ resource.Resource                   = (*gatewayClassResource)(nil)
	_ resource.ResourceWithConfigure      = (*gatewayClassResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*gatewayClassResource)(nil)
	_ resource.ResourceWithImportState    = (*gatewayClassResource)(nil)
	_ resource.ResourceWithValidateConfig = (*gatewayClassResource)(nil)
)

// NewGatewayClassResource returns the eg_gatewayclass resource.
func NewGatewayClassResource() resource.Resource { return &gatewayClassResource{} }

type gatewayClassResource struct {
	data *ProviderData
}

func (r *gatewayClassResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gatewayclass"
}

func (r *gatewayClassResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = gatewayClassSchema(ctx)
}

func (r *gatewayClassResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *gatewayClassResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *gatewayClassModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Create(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m gatewayClassModel) (*gatewayClassModel, diag.Diagnostics) {
			return r.apply(ctx, m, true)
		})
}

func (r *gatewayClassResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *gatewayClassModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Update(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m gatewayClassModel) (*gatewayClassModel, diag.Diagnostics) {
			return r.apply(ctx, m, false)
		})
}

// apply writes the class and returns the new state: nil when nothing was
// written, the state with an error when the class was written but did not
// become what was planned (Terraform then records what exists).
func (r *gatewayClassResource) apply(ctx context.Context, plan gatewayClassModel, creating bool) (*gatewayClassModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	in, d := plan.toClass()
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	obj, err := translate.RenderGatewayClass(in)
	if err != nil {
		diags.AddError("Cannot build the GatewayClass", err.Error())
		return nil, diags
	}
	c := r.data.Kube
	var live *gwapiv1.GatewayClass
	if creating {
		live, err = clients.GatewayClasses.Create(ctx, c, obj)
	} else {
		live, err = clients.GatewayClasses.Apply(ctx, c, obj)
	}
	if err != nil {
		diags.Append(clientError(err, "applying GatewayClass "+obj.Name))
		return nil, diags
	}

	state := plan
	state.statusFrom(live)
	if plan.WaitForAccepted.ValueBool() {
		err := waitAccepted(ctx, "GatewayClass "+obj.Name, func(ctx context.Context) ([]metav1.Condition, int64, error) {
			gc, err := clients.GatewayClasses.Get(ctx, c, "", obj.Name)
			if err != nil {
				return nil, 0, err
			}
			live = gc
			return gc.Status.Conditions, gc.Generation, nil
		})
		state.statusFrom(live)
		if err != nil {
			diags.AddAttributeError(path.Root("wait_for_accepted"), "GatewayClass not accepted", err.Error())
		}
	}
	diags.Append(verifyClassApplied(ctx, plan, live)...)
	return &state, diags
}

// verifyClassApplied reports fields that still differ from the plan after
// the apply: another field manager keeps a value this provider stopped
// setting. Without this, every later plan would show the same change.
func verifyClassApplied(ctx context.Context, plan gatewayClassModel, live *gwapiv1.GatewayClass) diag.Diagnostics {
	var diags diag.Diagnostics
	got := plan
	diags.Append(got.fromLive(ctx, live)...)
	var differ []string
	if !got.Description.Equal(plan.Description) {
		differ = append(differ, "description")
	}
	if !got.ParametersRef.Equal(plan.ParametersRef) {
		differ = append(differ, "parameters_ref")
	}
	if len(differ) > 0 {
		diags.AddError("GatewayClass differs from the configuration after apply",
			fmt.Sprintf("GatewayClass %s still has other values for %s after the apply: field manager(s) %v own them. "+
				"Remove those fields with the tool that set them, or run terraform apply -replace=<address> to recreate the class.",
				live.Name, strings.Join(differ, ", "), clients.OtherManagers(live)))
	}
	return diags
}

func (r *gatewayClassResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state gatewayClassModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	done := logStep(ctx, "reading GatewayClass", map[string]any{"id": name})
	defer func() { done(resp.Diagnostics) }()
	r.data.Plan.MarkManaged(objectID{translate.KindGatewayClass, "", name})
	live, err := clients.GatewayClasses.Read(ctx, r.data.Kube, "", name)
	if isGone(err) {
		resp.Diagnostics.AddWarning("GatewayClass removed outside Terraform",
			fmt.Sprintf("GatewayClass %s no longer exists; it will be created again.", name))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading GatewayClass "+name))
		return
	}
	resp.Diagnostics.Append(state.fromLive(ctx, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *gatewayClassResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteObject(ctx, req.State, &resp.Diagnostics, r.data.Kube, func(m *gatewayClassModel) deleteTarget {
		return deleteTarget{kind: "GatewayClass", namespace: "", name: m.Name.ValueString(), timeouts: m.Timeouts}
	}, clients.GatewayClasses.Delete)
}

// ImportState takes the class name.
func (r *gatewayClassResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" || strings.Contains(req.ID, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected the GatewayClass name (classes are cluster-scoped), e.g. eg-marketing; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_accepted"), false)...)
}

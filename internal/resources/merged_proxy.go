package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var (
	_ resource.Resource                   = (*mergedProxyResource)(nil)
	_ resource.ResourceWithConfigure      = (*mergedProxyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*mergedProxyResource)(nil)
	_ resource.ResourceWithImportState    = (*mergedProxyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*mergedProxyResource)(nil)
)

// NewMergedProxyResource returns the eg_merged_proxy resource.
func NewMergedProxyResource() resource.Resource { return &mergedProxyResource{} }

type mergedProxyResource struct {
	data *ProviderData
}

func (r *mergedProxyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_merged_proxy"
}

func (r *mergedProxyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = mergedProxySchema(ctx)
}

func (r *mergedProxyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

// proxyPlanner plans an eg_merged_proxy: id and parameters_ref are known,
// a proxy changed outside Terraform is planned back to merging, and the
// rules check that the tenant serving its classes watches its namespace.
var proxyPlanner = planner[mergedProxyModel]{
	kind: translate.KindMergedProxy,
	identity: func(m *mergedProxyModel) (objectID, bool) {
		return namespacedID(translate.KindEnvoyProxy, m.Namespace, m.Name)
	},
	complete: func(ctx context.Context, step *planStep[mergedProxyModel]) diag.Diagnostics {
		step.plan.MergeGateways = types.BoolValue(true)
		return step.plan.derive(ctx)
	},
	object: func(_ context.Context, m *mergedProxyModel) (translate.Object, diag.Diagnostics) {
		return m.toProxy(), nil
	},
}

// ValidateConfig applies the rules that need this proxy alone.
func (r *mergedProxyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateAlone(ctx, req.Config, &resp.Diagnostics, proxyPlanner)
}

func (r *mergedProxyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planResource(ctx, r.data, req, resp, proxyPlanner)
}

func (r *mergedProxyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *mergedProxyModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Create(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m mergedProxyModel) (*mergedProxyModel, diag.Diagnostics) {
			return r.apply(ctx, m, true)
		})
}

// Update only runs when the proxy was changed outside Terraform (every
// configurable attribute forces replacement): it applies mergeGateways again.
func (r *mergedProxyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *mergedProxyModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Update(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m mergedProxyModel) (*mergedProxyModel, diag.Diagnostics) {
			return r.apply(ctx, m, false)
		})
}

func (r *mergedProxyResource) apply(ctx context.Context, plan mergedProxyModel, creating bool) (*mergedProxyModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	obj, err := translate.RenderEnvoyProxy(plan.toProxy())
	if err != nil {
		diags.AddError("Cannot build the EnvoyProxy", err.Error())
		return nil, diags
	}
	c := r.data.Kube
	var live *egv1a1.EnvoyProxy
	if creating {
		live, err = clients.EnvoyProxies.Create(ctx, c, obj)
	} else {
		live, err = clients.EnvoyProxies.Apply(ctx, c, obj)
	}
	if err != nil {
		diags.Append(clientError(err, "applying EnvoyProxy "+obj.Namespace+"/"+obj.Name))
		return nil, diags
	}
	state := plan
	state.MergeGateways = types.BoolValue(live.Spec.MergeGateways != nil && *live.Spec.MergeGateways)
	if !state.MergeGateways.ValueBool() {
		diags.AddError("EnvoyProxy does not merge gateways after apply",
			fmt.Sprintf("EnvoyProxy %s/%s has spec.mergeGateways unset or false after the apply: field manager(s) %v own it. "+
				"Remove their value, or run terraform apply -replace=<address> to recreate the proxy.",
				obj.Namespace, obj.Name, clients.OtherManagers(live)))
	}
	return &state, diags
}

func (r *mergedProxyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mergedProxyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "reading EnvoyProxy", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	r.data.Plan.MarkManaged(objectID{translate.KindEnvoyProxy, ns, name})
	live, err := clients.EnvoyProxies.Get(ctx, r.data.Kube, ns, name)
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
	resp.Diagnostics.Append(state.derive(ctx)...)
	state.MergeGateways = types.BoolValue(live.Spec.MergeGateways != nil && *live.Spec.MergeGateways)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *mergedProxyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mergedProxyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, 5*time.Minute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "deleting EnvoyProxy", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	if err := clients.EnvoyProxies.Delete(ctx, r.data.Kube, ns, name); err != nil {
		resp.Diagnostics.Append(clientError(err, "deleting EnvoyProxy "+ns+"/"+name))
	}
}

// ImportState takes "namespace/name".
func (r *mergedProxyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ns, name, ok := strings.Cut(req.ID, "/")
	if !ok || ns == "" || name == "" || strings.Contains(name, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected <namespace>/<name> of the EnvoyProxy, e.g. marketing/merged-eg; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("namespace"), ns)...)
}

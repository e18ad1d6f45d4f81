package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// ModifyPlan makes the plan honest and complete before anything changes:
// derived names are known, drift is planned back, and the translator's
// tenant rules run over every tenant this plan and the cluster know.
// It never installs or changes anything.
func (r *tenantResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // validate: the provider is not configured
	}
	var state *tenantModel
	if !req.State.Raw.IsNull() {
		state = &tenantModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if req.Plan.Raw.IsNull() { // destroy
		if state != nil {
			r.data.Plan.DropTenant(tenantKey(*state))
		}
		return
	}
	var plan tenantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Names derived from known inputs are known now, so classes and the
	// checks downstream see them.
	if name, ok := known(plan.Name); ok {
		plan.ReleaseName = types.StringValue(translate.ReleaseName(name))
		if plan.ControllerName.IsUnknown() {
			var cfg types.String
			resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathControllerName, &cfg)...)
			if cfg.IsNull() {
				plan.ControllerName = types.StringValue(translate.DefaultControllerName(name))
			}
		}
		if ns, ok := known(plan.Namespace); ok {
			plan.ID = types.StringValue(ns + "/" + name)
		}
	}
	plan.ChartVersion = plan.desiredChartVersion(ctx, r.data.Clients.Chart)
	plan.Status = types.StringValue("deployed")

	in, diags := plan.translateTenant(ctx)
	resp.Diagnostics.Append(diags...)
	plan.ValuesSHA256 = types.StringUnknown()
	if rendered, err := translate.RenderTenant(in); err == nil {
		if sum, err := valuesSHA256(rendered.Values); err == nil {
			plan.ValuesSHA256 = types.StringValue(sum)
		}
	}

	// Something will change (config, drift in values, chart or status):
	// what Helm computes is known after apply.
	if state == nil || changed(state, &plan) {
		plan.Revision = types.Int64Unknown()
		plan.AppVersion = types.StringUnknown()
	} else {
		plan.Revision, plan.AppVersion = state.Revision, state.AppVersion
	}

	key := tenantKey(plan)
	if plan.Name.IsUnknown() || plan.Namespace.IsUnknown() {
		// Two such tenants must not share the key "eg_tenant /eg-".
		var d diag.Diagnostics
		key, d = r.data.Plan.planKey(ctx, translate.KindTenant, req.Private, resp.Private)
		resp.Diagnostics.Append(d...)
	}
	r.data.Plan.PutTenant(key, in)
	set := translate.Set{Tenants: r.data.Plan.Tenants()}
	live, ok := r.data.Plan.LiveTenants(r.data.Clients, func(ns, release string) bool {
		return r.data.Plan.Managed(translate.KindTenant, ns, release) || r.data.Plan.PlannedRelease(ns, release)
	})
	set.Tenants = append(set.Tenants, live...)
	set.ClusterUnknown = !ok
	if !ok && r.data.Clients.Known() {
		resp.Diagnostics.Append(checksWithoutCluster(r.data.Plan.liveErr))
	}
	problems := problemDiagnostics(translate.Validate(set), key)
	resp.Diagnostics.Append(redactDiagnostics(problems, sensitiveStrings(plan.SensitiveValues))...)

	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// changed reports whether applying the plan changes the release.
func changed(state, plan *tenantModel) bool {
	return !state.ValuesSHA256.Equal(plan.ValuesSHA256) ||
		!state.ChartVersion.Equal(plan.ChartVersion) ||
		!state.Status.Equal(plan.Status) ||
		!state.Chart.Equal(plan.Chart) ||
		!state.CreateNamespace.Equal(plan.CreateNamespace) ||
		!state.Wait.Equal(plan.Wait) ||
		!state.DisableHooks.Equal(plan.DisableHooks)
}

// tenantKey identifies a tenant in the plan set: its release.
func tenantKey(m tenantModel) string {
	return objectID(translate.KindTenant, m.Namespace.ValueString(), translate.ReleaseName(m.Name.ValueString()))
}

func known(v types.String) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}

var pathControllerName = path.Root("controller_name")

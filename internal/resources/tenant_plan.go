// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"helm.sh/helm/v3/pkg/release"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// tenantPlanner makes a tenant's plan honest and complete before anything
// changes: derived names are known, drift is planned back, and the rules
// check its watch, its values (with Envoy Gateway's own validation) and
// controller names across tenants. Diagnostics never show what came from
// sensitive_values. It never installs or changes anything.
var tenantPlanner = planner[tenantModel]{
	kind: translate.KindTenant,
	identity: func(m *tenantModel) (objectID, bool) {
		rel, rok := translate.ReleaseNameOf(translate.Tenant{Name: str(m.Name), ReleaseName: str(m.ReleaseName)}).Get()
		ns, sok := known(m.Namespace)
		return objectID{translate.KindTenant, ns, rel}, rok && sok
	},
	complete: completeTenant,
	object: func(_ context.Context, m *tenantModel) (translate.Object, diag.Diagnostics) {
		return m.toTenant()
	},
	report: func(m *tenantModel, c check, key string) diag.Diagnostics {
		return redactDiagnostics(problemDiagnostics(c.problems, key), sensitiveStrings(m.SensitiveValues))
	},
}

func (r *tenantResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planResource(ctx, r.data, req, resp, tenantPlanner)
}

// ValidateConfig applies the rules that need this tenant alone, Envoy
// Gateway's validation of its config included, so that `terraform
// validate` reports them without a cluster.
func (r *tenantResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateAlone(ctx, req.Config, &resp.Diagnostics, tenantPlanner)
}

// completeTenant makes the names derived from known inputs known, so that
// classes and the checks downstream see them, and plans what Helm computes
// as unknown when the release will change.
func completeTenant(ctx context.Context, step *planStep[tenantModel]) diag.Diagnostics {
	var diags diag.Diagnostics
	plan, prior := &step.plan, step.prior
	if name, ok := known(plan.Name); ok {
		if plan.ReleaseName.IsUnknown() {
			plan.ReleaseName = defaultReleaseName(name, prior)
		}
		if prior == nil {
			takeOverInterrupted(step.data, plan)
		}
		// Left out, it is the default whatever the release runs now: a
		// controller name changed outside Terraform is planned back.
		var cfg types.String
		diags.Append(step.req.Config.GetAttribute(ctx, pathControllerName, &cfg)...)
		if cfg.IsNull() {
			plan.ControllerName = types.StringValue(translate.DefaultControllerName(name))
		}
		if ns, ok := known(plan.Namespace); ok {
			plan.ID = types.StringValue(ns + "/" + name)
		}
	}
	plan.ChartVersion = plan.desiredChartVersion(ctx, step.data.Chart)
	plan.Status = types.StringValue("deployed")
	plan.ValuesSHA256 = plannedValuesSHA256(ctx, step, plan)
	// Something will change (config, drift in values, chart or status):
	// what Helm computes is known after apply.
	if prior == nil || changed(prior, plan) {
		plan.Revision = types.Int64Unknown()
		plan.AppVersion = types.StringUnknown()
	} else {
		plan.Revision, plan.AppVersion = prior.Revision, prior.AppVersion
	}
	return diags
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

var pathControllerName = path.Root("controller_name")

// defaultReleaseName is release_name when the configuration leaves it out:
// the release the tenant has (an adopted one keeps its name), or eg-<name>.
func defaultReleaseName(name string, prior *tenantModel) types.String {
	if prior != nil && prior.Name.ValueString() == name && prior.ReleaseName.ValueString() != "" {
		return prior.ReleaseName
	}
	return types.StringValue(translate.ReleaseName(name))
}

// takeOverInterrupted counts a release that an interrupted apply left
// pending or failed as this tenant's own, not another owner's: the apply
// recovers it (recoverRelease). A deployed one stays another owner's.
func takeOverInterrupted(d *ProviderData, plan *tenantModel) {
	ns, ok := known(plan.Namespace)
	if !ok || !d.Kube.Known() {
		return
	}
	rel, err := d.Helm.Latest(plan.release(), ns)
	if err != nil || rel.Info == nil || rel.Info.Status == release.StatusDeployed {
		return
	}
	d.Plan.MarkManaged(objectID{translate.KindTenant, ns, rel.Name})
}

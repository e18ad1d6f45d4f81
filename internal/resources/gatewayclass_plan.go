// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// classPlanner plans an eg_gatewayclass: the id is known, a replacement
// the class's Gateways would hold up is refused, and the rules check that a
// tenant runs its controller and watches the proxy it takes its parameters
// from.
var classPlanner = planner[gatewayClassModel]{
	kind: translate.KindGatewayClass,
	identity: func(m *gatewayClassModel) (objectID, bool) {
		name, ok := known(m.Name)
		return objectID{translate.KindGatewayClass, "", name}, ok
	},
	complete: completeClass,
	object: func(_ context.Context, m *gatewayClassModel) (translate.Object, diag.Diagnostics) {
		return m.toClass()
	},
	report: func(_ *gatewayClassModel, c check, key string) diag.Diagnostics {
		return append(problemDiagnostics(c.problems, key), classCausedDiagnostics(c.set, c.problems, key)...)
	},
}

func (r *gatewayClassResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planResource(ctx, r.data, req, resp, classPlanner)
}

// ValidateConfig applies the rules that need this class alone, so that
// `terraform validate` reports them without a cluster.
func (r *gatewayClassResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateAlone(ctx, req.Config, &resp.Diagnostics, classPlanner)
}

func completeClass(ctx context.Context, step *planStep[gatewayClassModel]) diag.Diagnostics {
	var diags diag.Diagnostics
	plan, prior, d := &step.plan, step.prior, step.data
	if name, ok := known(plan.Name); ok {
		plan.ID = types.StringValue(name)
	}
	if prior == nil || (prior.Name.Equal(plan.Name) && prior.ControllerName.Equal(plan.ControllerName)) {
		return diags
	}
	// Replaced: the old class goes, and the Gateways that use it must go
	// first. Without the cluster, only planned Gateways are checked.
	old := prior.Name.ValueString()
	d.Plan.ReplaceClass(old)
	_ = d.Plan.loadLive(ctx, d)
	planned, others := d.Plan.classHolders(old)
	return classReplacementDiagnostics(old, planned, others)
}

// classCausedRules are the rules the translator reports on the other side
// only: on a merged proxy outside the serving tenant's watch, and on a
// tenant whose deploy type cannot serve a merged class. Both are planned
// before the class that references them, so without this the class that
// causes the problem would pass and nobody would report it.
var classCausedRules = map[translate.Rule]path.Path{
	translate.RuleProxyInScope:            path.Root("parameters_ref").AtName("namespace"),
	translate.RuleMergedGatewayNamespaces: path.Root("parameters_ref"),
}

// classCausedDiagnostics reports on the class the problems that planned
// proxies and tenants have only because of this class: those found with it
// and not without it.
func classCausedDiagnostics(set translate.Set, problems []translate.Problem, key string) diag.Diagnostics {
	var candidates []translate.Problem
	for _, p := range problems {
		if _, ok := classCausedRules[p.Rule]; ok && p.Resource.Key != key {
			candidates = append(candidates, p)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	without := set
	without.GatewayClasses = nil
	for _, c := range set.GatewayClasses {
		if c.Key != key {
			without.GatewayClasses = append(without.GatewayClasses, c)
		}
	}
	before := map[string]bool{}
	for _, p := range translate.Validate(without) {
		before[p.String()+p.Detail] = true
	}
	var out diag.Diagnostics
	for _, p := range candidates {
		if before[p.String()+p.Detail] {
			continue
		}
		out.AddAttributeError(classCausedRules[p.Rule], p.Resource.String()+": "+p.Summary, p.Detail)
	}
	return out
}

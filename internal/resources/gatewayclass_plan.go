package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// ModifyPlan makes the id known and runs the translator's rules over this
// class, everything planned before it in this provider process, and the
// cluster's objects of other owners. It never writes to the cluster.
func (r *gatewayClassResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // validate: the provider is not configured
	}
	var state *gatewayClassModel
	if !req.State.Raw.IsNull() {
		state = &gatewayClassModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if req.Plan.Raw.IsNull() { // destroy
		if state != nil {
			r.data.Plan.Drop(translate.KindGatewayClass, "", state.Name.ValueString())
		}
		return
	}
	var plan gatewayClassModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if name, ok := known(plan.Name); ok {
		plan.ID = types.StringValue(name)
	}
	if state != nil && (!state.Name.Equal(plan.Name) || !state.ControllerName.Equal(plan.ControllerName)) {
		// Replaced: the old class goes, and the Gateways that use it must
		// go first.
		old := state.Name.ValueString()
		r.data.Plan.ReplaceClass(old)
		if r.data.Clients.Known() {
			_ = r.data.Plan.gw.load(ctx, r.data.Clients) // without the cluster, only planned gateways are checked
		}
		planned, others := r.data.Plan.classHolders(old)
		resp.Diagnostics.Append(classReplacementDiagnostics(old, planned, others)...)
	}

	in, diags := plan.translateClass(ctx)
	resp.Diagnostics.Append(diags...)
	key, diags := r.data.Plan.planKey(ctx, translate.KindGatewayClass, req.Private, resp.Private)
	resp.Diagnostics.Append(diags...)
	r.data.Plan.PutGatewayClass(key, in)
	set, diags := r.data.checkSet(ctx)
	resp.Diagnostics.Append(diags...)
	problems := translate.Validate(set)
	resp.Diagnostics.Append(problemDiagnostics(problems, key)...)
	resp.Diagnostics.Append(classCausedDiagnostics(set, problems, key)...)

	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
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

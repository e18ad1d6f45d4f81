package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// ModifyPlan makes the id known and runs the translator's rules over this
// Gateway, everything planned before it in this provider process, and the
// cluster's objects of other owners: the class exists and its tenant
// watches the namespace, and in a merged class no listener collides with
// another Gateway's. It never writes to the cluster.
func (r *gatewayResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // validate: the provider is not configured
	}
	var state *gatewayModel
	if !req.State.Raw.IsNull() {
		state = &gatewayModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if req.Plan.Raw.IsNull() { // destroy
		if state != nil {
			r.data.Plan.Drop(translate.KindGateway, state.Namespace.ValueString(), state.Name.ValueString())
		}
		return
	}
	var plan gatewayModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, nok := known(plan.Name)
	ns, sok := known(plan.Namespace)
	if nok && sok {
		plan.ID = types.StringValue(ns + "/" + name)
	}
	if state != nil && (!state.Name.Equal(plan.Name) || !state.Namespace.Equal(plan.Namespace)) {
		// Replaced: the old Gateway goes, and its listeners with it.
		r.data.Plan.Drop(translate.KindGateway, state.Namespace.ValueString(), state.Name.ValueString())
	}

	in, diags := plan.translateGateway(ctx)
	resp.Diagnostics.Append(diags...)
	key, diags := r.data.Plan.planKey(ctx, translate.KindGateway, req.Private, resp.Private)
	resp.Diagnostics.Append(diags...)
	if state != nil && r.data.Plan.ClassReplaced(state.GatewayClassName.ValueString()) {
		// See planset_replace.go: the old class cannot go while this
		// Gateway uses it. A replacement needs a changed attribute; the id
		// becomes unknown (the same id is assigned again).
		r.data.Plan.ReplaceWithClass(key)
		plan.ID = types.StringUnknown()
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("id"))
		resp.Diagnostics.AddAttributeWarning(path.Root("gateway_class_name"), "Gateway replaced with its GatewayClass",
			fmt.Sprintf("GatewayClass %s is replaced, and Kubernetes keeps a class until no Gateway uses it, so Gateway %s "+
				"is deleted before the old class and created again after the new one.",
				state.GatewayClassName.ValueString(), state.ID.ValueString()))
	}
	r.data.Plan.PutGateway(key, in)
	set, diags := r.data.checkSet(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(problemDiagnostics(translate.Validate(set), key)...)

	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

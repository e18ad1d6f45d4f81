// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// gatewayPlanner plans an eg_gateway: the id is known, a Gateway whose
// class is replaced is replaced with it, and the rules check that the class
// exists and its tenant watches the namespace, and that in a merged class
// no listener collides with another Gateway's.
var gatewayPlanner = planner[gatewayModel]{
	kind: translate.KindGateway,
	identity: func(m *gatewayModel) (objectID, bool) {
		return namespacedID(translate.KindGateway, m.Namespace, m.Name)
	},
	complete: completeGateway,
	object: func(_ context.Context, m *gatewayModel) (translate.Object, diag.Diagnostics) {
		return m.toGateway()
	},
}

func (r *gatewayResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planResource(ctx, r.data, req, resp, gatewayPlanner)
}

// ValidateConfig applies the rules that need this Gateway alone (the CRD's
// and the controller's per-Gateway rules), so that `terraform validate`
// reports them without a cluster.
func (r *gatewayResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateAlone(ctx, req.Config, &resp.Diagnostics, gatewayPlanner)
}

func completeGateway(_ context.Context, step *planStep[gatewayModel]) diag.Diagnostics {
	var diags diag.Diagnostics
	plan, prior := &step.plan, step.prior
	if id, ok := namespacedID(translate.KindGateway, plan.Namespace, plan.Name); ok {
		plan.ID = types.StringValue(id.namespace + "/" + id.name)
	}
	if prior == nil || !step.data.Plan.ClassReplaced(prior.GatewayClassName.ValueString()) {
		return diags
	}
	// See planset_replace.go: the old class cannot go while this Gateway
	// uses it. A replacement needs a changed attribute; the id becomes
	// unknown (the same id is assigned again).
	step.data.Plan.ReplaceWithClass(step.key)
	plan.ID = types.StringUnknown()
	step.resp.RequiresReplace = append(step.resp.RequiresReplace, path.Root("id"))
	diags.AddAttributeWarning(path.Root("gateway_class_name"), "Gateway replaced with its GatewayClass",
		fmt.Sprintf("GatewayClass %s is replaced, and Kubernetes keeps a class until no Gateway uses it, so Gateway %s "+
			"is deleted before the old class and created again after the new one.",
			prior.GatewayClassName.ValueString(), prior.ID.ValueString()))
	return diags
}

// namespacedID names a namespaced object, when its name and namespace are
// known.
func namespacedID(kind translate.Kind, namespace, name types.String) (objectID, bool) {
	n, nok := known(name)
	ns, sok := known(namespace)
	return objectID{kind, ns, n}, nok && sok
}

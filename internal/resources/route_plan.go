// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// routePlanner plans an eg_http_route: the id is known, and the rules
// check the route against the CRD, whether it attaches to each parent, the
// serving tenant's watch, and its backends.
var routePlanner = planner[routeModel]{
	kind: translate.KindHTTPRoute,
	identity: func(m *routeModel) (objectID, bool) {
		return namespacedID(translate.KindHTTPRoute, m.Namespace, m.Name)
	},
	complete: func(_ context.Context, step *planStep[routeModel]) diag.Diagnostics {
		if id, ok := namespacedID(translate.KindHTTPRoute, step.plan.Namespace, step.plan.Name); ok {
			step.plan.ID = types.StringValue(id.namespace + "/" + id.name)
		}
		return nil
	},
	object: func(_ context.Context, m *routeModel) (translate.Object, diag.Diagnostics) {
		return m.toRoute()
	},
}

func (r *routeResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planResource(ctx, r.data, req, resp, routePlanner)
}

// ValidateConfig applies the rules that need this route alone (the CRD's),
// so that `terraform validate` reports them without a cluster.
func (r *routeResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateAlone(ctx, req.Config, &resp.Diagnostics, routePlanner)
}

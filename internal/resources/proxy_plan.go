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

// planner plans an eg_envoy_proxy or eg_merged_proxy: id and
// parameters_ref are known, a merged proxy changed outside Terraform is
// planned back to merging, and the rules check the spec (strictly, with
// Envoy Gateway's validation) and that the tenant serving its classes
// watches its namespace.
func (r *proxyResource) planner() planner[proxyModel] {
	return planner[proxyModel]{
		kind: r.kind(),
		identity: func(m *proxyModel) (objectID, bool) {
			return namespacedID(translate.KindEnvoyProxy, m.Namespace, m.Name)
		},
		complete: func(ctx context.Context, step *planStep[proxyModel]) diag.Diagnostics {
			if r.merged {
				step.plan.MergeGateways = types.BoolValue(true)
			}
			return step.plan.derive(ctx)
		},
		object: func(_ context.Context, m *proxyModel) (translate.Object, diag.Diagnostics) {
			if r.merged {
				m.MergeGateways = types.BoolValue(true)
			}
			return m.toProxy(r.kind())
		},
	}
}

func (r *proxyResource) kind() translate.Kind {
	if r.merged {
		return translate.KindMergedProxy
	}
	return translate.KindEnvoyProxy
}

// ValidateConfig applies the rules that need this proxy alone: its spec,
// strictly decoded and validated by Envoy Gateway, and its typed attributes.
func (r *proxyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateAlone(ctx, req.Config, &resp.Diagnostics, r.planner())
}

func (r *proxyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planResource(ctx, r.data, req, resp, r.planner())
}

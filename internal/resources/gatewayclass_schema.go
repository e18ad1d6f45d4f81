// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

func gatewayClassSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Gateway API `GatewayClass` (cluster-scoped) served by the tenant whose `controller_name` it names. " +
			"With `parameters_ref` pointing at an `eg_merged_proxy`, all Gateways of the class share one Envoy fleet (merged gateways), " +
			"and the plan refuses listeners that would collide across them.\n\n" +
			"At plan time the class is checked against every tenant of this configuration and the Envoy Gateway installs in the " +
			"cluster: a `controller_name` no tenant runs is an error. Reference the tenant's attribute " +
			"(`controller_name = eg_tenant.x.controller_name`) so the tenant is planned first; with a literal name, a tenant of the " +
			"same configuration that is created in the same apply may be planned after the class and not be seen.\n\n" +
			"Written with server-side apply (field manager `terraform-provider-eg`) and labelled " +
			"`app.kubernetes.io/managed-by=terraform-provider-eg`. Fields another field manager changed are a conflict, never overwritten.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The class name, also the import ID. Known at plan time.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Name of the GatewayClass; Gateways name it in `gateway_class_name`. Changing it replaces the class.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"controller_name": schema.StringAttribute{Required: true,
				MarkdownDescription: "The controller that serves the class: a tenant's `controller_name`. Immutable in the GatewayClass; changing it replaces the class.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"description": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Human-readable description, at most 64 characters."},
			"parameters_ref": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "The class's parameters. For merged gateways: `eg_merged_proxy.x.parameters_ref`.",
				Attributes: map[string]schema.Attribute{
					"group": schema.StringAttribute{Required: true,
						MarkdownDescription: "API group of the parameters, `gateway.envoyproxy.io` for an EnvoyProxy."},
					"kind": schema.StringAttribute{Required: true,
						MarkdownDescription: "Kind of the parameters, `EnvoyProxy`."},
					"name": schema.StringAttribute{Required: true,
						MarkdownDescription: "Name of the parameters object."},
					"namespace": schema.StringAttribute{Optional: true,
						MarkdownDescription: "Namespace of the parameters object; required for an EnvoyProxy."},
				},
			},
			"wait_for_accepted": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "After create and update, wait until the controller reports the class `Accepted` (up to the " +
					"create or update timeout), and fail if it refuses it. Default `false`. Recommended when the controller " +
					"already runs: Gateways that reference the class are then created after it is Accepted. Envoy Gateway " +
					"v1.9.1 was seen to leave a class without `parameters_ref` reported `Pending` when the class and its " +
					"first Gateway were created at the same moment."},
			"timeouts": timeoutsAttribute(ctx),

			"accepted": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the controller accepted the class; `null` while no controller has reported on the " +
					"current generation (no tenant runs, or it has not got to it yet: `accepted_reason` is then `Pending`)."},
			"accepted_reason": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Reason of the `Accepted` condition: `Accepted`, `InvalidParameters`, `Pending` (waiting for a controller) ..."},
		},
	}
}

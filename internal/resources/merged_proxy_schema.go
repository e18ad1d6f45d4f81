package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

func mergedProxySchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An Envoy Gateway `EnvoyProxy` with `spec.mergeGateways: true`. A GatewayClass whose `parameters_ref` " +
			"points at it is a merged class: all its Gateways share one Envoy fleet, so their listeners must not collide. The plan " +
			"refuses a (protocol, hostname, port) used twice across the class's Gateways, and a port that mixes protocol families, " +
			"naming both Gateways.\n\n" +
			"The proxy must be in a namespace the serving tenant watches, and the tenant must use `deploy_type = \"ControllerNamespace\"`. " +
			"`parameters_ref` and `id` are known at plan time.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`<namespace>/<name>`, also the import ID. Known at plan time.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Name of the EnvoyProxy. Changing it replaces the proxy.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"namespace": schema.StringAttribute{Required: true,
				MarkdownDescription: "Namespace of the EnvoyProxy: one the serving tenant watches, and that exists (reference the tenant, " +
					"e.g. `namespace = eg_tenant.x.namespace`, so it is created first). Changing it replaces the proxy.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),

			"parameters_ref": schema.SingleNestedAttribute{Computed: true,
				MarkdownDescription: "What a GatewayClass puts in `parameters_ref` to merge its Gateways: `{ group = \"gateway.envoyproxy.io\", " +
					"kind = \"EnvoyProxy\", name, namespace }`. Known at plan time.",
				Attributes: map[string]schema.Attribute{
					"group":     schema.StringAttribute{Computed: true, MarkdownDescription: "`gateway.envoyproxy.io`."},
					"kind":      schema.StringAttribute{Computed: true, MarkdownDescription: "`EnvoyProxy`."},
					"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "The proxy's name."},
					"namespace": schema.StringAttribute{Computed: true, MarkdownDescription: "The proxy's namespace."},
				},
			},
			"merge_gateways": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "`spec.mergeGateways` as found in the cluster; always planned `true`, so a proxy changed outside " +
					"Terraform shows in the plan."},
		},
	}
}

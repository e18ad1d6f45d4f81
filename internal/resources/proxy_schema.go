// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const proxyDescription = "An Envoy Gateway `EnvoyProxy`: the shape of an Envoy fleet. A GatewayClass takes it through " +
	"`parameters_ref` (for every Gateway of the class), a Gateway through `infrastructure.parameters_ref` (for that Gateway " +
	"alone, in its own namespace, not under a merged class). `service` and `deployment` set how the fleet is exposed and " +
	"sized; `spec` holds the rest of Envoy Gateway's `EnvoyProxySpec` as YAML, decoded strictly at plan time (a misspelt " +
	"field is an error with its path) and validated with Envoy Gateway's own validation. The typed attributes win, and a " +
	"value of `spec` that contradicts one is a plan error on `spec`.\n\n" +
	"Cloud load balancers read the Service's annotations: for example `service.beta.kubernetes.io/aws-load-balancer-type = \"nlb\"` " +
	"(AWS), `service.beta.kubernetes.io/azure-load-balancer-internal = \"true\"` (Azure), `networking.gke.io/load-balancer-type = \"Internal\"` " +
	"(GKE). Annotations for cert-manager and external-dns go on the Gateway (`eg_gateway.annotations`).\n\n" +
	"The proxy must be in a namespace the serving tenant watches. Fields the API server or Envoy Gateway fill in, and keys others " +
	"add, are no drift; a value this resource sets that someone changed shows in the plan. `id` and `parameters_ref` are known at plan time."

// proxySchema is the schema of eg_envoy_proxy and, with merged, of
// eg_merged_proxy, whose merge_gateways is always true.
func proxySchema(ctx context.Context, merged bool) schema.Schema {
	mergeGateways := schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
		MarkdownDescription: "Merge the Gateways of every class that points at this proxy onto one Envoy fleet; the plan then " +
			"refuses a (protocol, hostname, port) used twice across them. Default `false`."}
	description := proxyDescription
	if merged {
		mergeGateways = schema.BoolAttribute{Computed: true,
			MarkdownDescription: "`spec.mergeGateways` as found in the cluster; always planned `true`, so a proxy changed outside Terraform shows in the plan."}
		description = "An Envoy Gateway `EnvoyProxy` with `spec.mergeGateways: true`: the same as `eg_envoy_proxy` with " +
			"`merge_gateways = true`. A GatewayClass whose `parameters_ref` points at it is a merged class: all its Gateways share " +
			"one Envoy fleet, so the plan refuses a (protocol, hostname, port) used twice across them, and a port that mixes protocol " +
			"families, naming both Gateways. The serving tenant must use `deploy_type = \"ControllerNamespace\"`.\n\n" + proxyDescription
	}
	return schema.Schema{
		MarkdownDescription: description,
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
			"merge_gateways": mergeGateways,
			"service":        proxyServiceAttribute(),
			"deployment":     proxyDeploymentAttribute(),
			"spec": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The rest of `EnvoyProxySpec` as YAML (`yamlencode({ telemetry = {...} })`), in Envoy Gateway's " +
					"camelCase names. Compared by meaning, not formatting.",
				PlanModifiers: []planmodifier.String{yamlSemanticEqual()}},
			"timeouts": timeoutsAttribute(ctx),
			"parameters_ref": schema.SingleNestedAttribute{Computed: true,
				MarkdownDescription: "What a GatewayClass's `parameters_ref` or a Gateway's `infrastructure.parameters_ref` holds to " +
					"use this proxy: `{ group = \"gateway.envoyproxy.io\", kind = \"EnvoyProxy\", name, namespace }`. Known at plan time.",
				Attributes: map[string]schema.Attribute{
					"group":     schema.StringAttribute{Computed: true, MarkdownDescription: "`gateway.envoyproxy.io`."},
					"kind":      schema.StringAttribute{Computed: true, MarkdownDescription: "`EnvoyProxy`."},
					"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "The proxy's name."},
					"namespace": schema.StringAttribute{Computed: true, MarkdownDescription: "The proxy's namespace."},
				},
			},
		},
	}
}

func proxyServiceAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{Optional: true,
		MarkdownDescription: "The Envoy fleet's Service (`provider.kubernetes.envoyService`).",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`LoadBalancer` (Envoy Gateway's default), `NodePort` or `ClusterIP`."},
			"annotations": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Annotations of the Service: where cloud load balancers take their settings."},
			"labels": schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Labels of the Service."},
			"external_traffic_policy": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`Local` (Envoy Gateway's default: keeps client addresses) or `Cluster`."},
			"load_balancer_class": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The load balancer implementation, e.g. `service.k8s.aws/nlb`."},
			"load_balancer_source_ranges": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Client CIDRs the load balancer admits (type `LoadBalancer` only)."},
		},
	}
}

func proxyDeploymentAttribute() schema.SingleNestedAttribute {
	resourceList := func(what string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{Optional: true, MarkdownDescription: what + " of the Envoy container.",
			Attributes: map[string]schema.Attribute{
				"cpu":    schema.StringAttribute{Optional: true, MarkdownDescription: "A Kubernetes quantity, e.g. `100m`."},
				"memory": schema.StringAttribute{Optional: true, MarkdownDescription: "A Kubernetes quantity, e.g. `256Mi`."},
			}}
	}
	return schema.SingleNestedAttribute{Optional: true,
		MarkdownDescription: "The Envoy fleet's Deployment (`provider.kubernetes.envoyDeployment`).",
		Attributes: map[string]schema.Attribute{
			"replicas": schema.Int64Attribute{Optional: true, MarkdownDescription: "Envoy pods (Envoy Gateway's default: 1)."},
			"pod_annotations": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Annotations of the Envoy pods."},
			"pod_labels": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Labels of the Envoy pods. Envoy Gateway v1.9.1 puts them on the Envoy Service too."},
			"resources": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "Requests and limits of the Envoy container; a limit below its request is a plan error.",
				Attributes: map[string]schema.Attribute{
					"requests": resourceList("Requests"),
					"limits":   resourceList("Limits"),
				}},
		},
	}
}

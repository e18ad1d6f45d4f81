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

func gatewaySchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Gateway API `Gateway`: listeners that a GatewayClass's controller programs into Envoy.\n\n" +
			"The plan checks each Gateway against the Gateway API v1.6 CRD rules and Envoy Gateway's own (one protocol family and " +
			"distinct hostnames per port), that its class exists and its namespace is watched by the tenant serving the class, and, in " +
			"a merged class, that no (protocol, hostname, port) repeats across the class's Gateways — those planned in this " +
			"configuration and those of other owners in the cluster. Both Gateways are named in the error. A value known only after " +
			"apply skips the checks that need it until the apply plans this Gateway with the final value.\n\n" +
			"Written with server-side apply (field manager `terraform-provider-eg`) and labelled " +
			"`app.kubernetes.io/managed-by=terraform-provider-eg`; see the provider documentation for how the plan tells these from " +
			"other owners' Gateways. Fields another field manager changed are a conflict, never overwritten.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`<namespace>/<name>`, also the import ID. Known at plan time.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Name of the Gateway. Changing it replaces the Gateway.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"namespace": schema.StringAttribute{Required: true,
				MarkdownDescription: "Namespace of the Gateway: it must exist, and the tenant serving the class must watch it. Changing it replaces the Gateway.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"gateway_class_name": schema.StringAttribute{Required: true,
				MarkdownDescription: "The GatewayClass, e.g. `eg_gatewayclass.x.name` (a reference orders the class first, so the plan sees it). " +
					"When the class is replaced (its `controller_name` changes, for example with a tenant's rename), the Gateway is replaced " +
					"with it: Kubernetes keeps a class until no Gateway uses it, so the Gateway is deleted before the old class."},
			"listeners": schema.ListNestedAttribute{Required: true,
				MarkdownDescription: "Between 1 and 64 listeners, with unique names.",
				NestedObject:        schema.NestedAttributeObject{Attributes: listenerAttributes()},
			},
			"labels": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Labels of the Gateway. Only these keys are this resource's: labels other controllers add are no drift."},
			"annotations": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Annotations of the Gateway, for example cert-manager's `cert-manager.io/cluster-issuer` or " +
					"external-dns's `external-dns.alpha.kubernetes.io/hostname`. Only these keys are this resource's: annotations " +
					"other controllers add are no drift."},
			"infrastructure": gatewayInfrastructureAttribute(),
			"wait_for_programmed": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "After create and update, wait until the controller reports the Gateway `Programmed` with an " +
					"address assigned (up to the create or update timeout), so that `addresses` can feed DNS in the same apply; fail " +
					"with the `Programmed` condition's reason at the timeout. Default `false`."},
			"wait_for_accepted": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "After create and update, wait until the controller reports the Gateway `Accepted` (up to the create " +
					"or update timeout), and fail if it refuses it. Default `false`."},
			"timeouts": timeoutsAttribute(ctx),

			"accepted": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the controller accepted the Gateway; `null` while no controller has reported on the current " +
					"generation (`accepted_reason` is then `Pending`)."},
			"accepted_reason": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Reason of the `Accepted` condition, `Pending` while no controller has reported."},
			"programmed": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether Envoy is programmed with the Gateway's configuration and has an address; `null` while pending."},
			"programmed_reason": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Reason of the `Programmed` condition, e.g. `AddressNotAssigned`, `Pending` while no controller has reported."},
			"addresses": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Addresses (IPs or hostnames) the Gateway is reachable at, once assigned."},
			"listener_status": listenerStatusAttribute(),
		},
	}
}

func gatewayInfrastructureAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{Optional: true,
		MarkdownDescription: "What Envoy Gateway applies to the Envoy Service and Deployment it runs for this Gateway.",
		Attributes: map[string]schema.Attribute{
			"labels": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Labels Envoy Gateway copies onto the Envoy Service, the Envoy Deployment and its pods; at most 8."},
			"annotations": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Annotations Envoy Gateway copies onto the Envoy Service, the Envoy Deployment and its " +
					"pods (cloud load balancer settings for this Gateway alone); at most 16."},
			"parameters_ref": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "An EnvoyProxy of the Gateway's namespace that shapes this Gateway's fleet alone, e.g. " +
					"`eg_envoy_proxy.x.parameters_ref`. Not under a merged class, whose Gateways share the class's fleet.",
				Attributes: map[string]schema.Attribute{
					"group":     schema.StringAttribute{Required: true, MarkdownDescription: "`gateway.envoyproxy.io`."},
					"kind":      schema.StringAttribute{Required: true, MarkdownDescription: "`EnvoyProxy`."},
					"name":      schema.StringAttribute{Required: true, MarkdownDescription: "The proxy's name."},
					"namespace": schema.StringAttribute{Optional: true, MarkdownDescription: "The proxy's namespace; it must be the Gateway's."},
				}},
		},
	}
}

func listenerStatusAttribute() schema.Attribute {
	return schema.ListNestedAttribute{Computed: true,
		MarkdownDescription: "One entry per listener, in the order of `listeners`.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Listener name."},
			"attached_routes": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Routes attached to the listener; `null` while no controller has reported."},
			"conflicted": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the controller found the listener in conflict (e.g. the same hostname and port on another merged Gateway); `null` while pending."},
			"reason": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The reason of the listener's first failing condition (`Conflicted`, `Accepted`, `ResolvedRefs`, `Programmed`), " +
					"else of `Programmed`; `Pending` while no controller has reported."},
		}},
	}
}

func listenerAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true,
			MarkdownDescription: "Listener name, unique in the Gateway (a DNS label)."},
		"port": schema.Int64Attribute{Required: true, MarkdownDescription: "Port, 1–65535."},
		"protocol": schema.StringAttribute{Required: true,
			MarkdownDescription: "`HTTP`, `HTTPS`, `TLS`, `TCP` or `UDP`."},
		"hostname": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Hostname to match, optionally with a leading `*.` wildcard; not allowed on `TCP` and `UDP`. Omitted or `\"\"`: any hostname."},
		"tls": schema.SingleNestedAttribute{Optional: true,
			MarkdownDescription: "TLS settings; required for `HTTPS`, and for `TLS` with mode `Terminate`.",
			Attributes: map[string]schema.Attribute{
				"mode": schema.StringAttribute{Optional: true,
					MarkdownDescription: "`Terminate` (default) or `Passthrough` (`TLS` listeners only)."},
				"certificate_refs": schema.ListNestedAttribute{Optional: true,
					MarkdownDescription: "Secrets holding the certificate and key; at least one with mode `Terminate`.",
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{Required: true, MarkdownDescription: "Secret name."},
						"namespace": schema.StringAttribute{Optional: true,
							MarkdownDescription: "Secret namespace; omitted or `\"\"`: the Gateway's. Another namespace needs a ReferenceGrant there."},
					}},
				},
			},
		},
		"allowed_routes": schema.SingleNestedAttribute{Optional: true,
			MarkdownDescription: "Which routes may attach. Omitted: routes of the Gateway's namespace (`from = \"Same\"`), of every kind the protocol serves.",
			Attributes: map[string]schema.Attribute{
				"kinds": schema.ListNestedAttribute{Optional: true,
					MarkdownDescription: "The route kinds that may attach: `HTTPRoute` or `GRPCRoute` on `HTTP` and `HTTPS`, `TLSRoute` " +
						"(and `TCPRoute` unless Passthrough) on `TLS`, `TCPRoute` on `TCP`, `UDPRoute` on `UDP`. Omitted: all of them.",
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"group": schema.StringAttribute{Optional: true,
							MarkdownDescription: "The route's API group; omitted: `gateway.networking.k8s.io`, the only one Envoy Gateway serves."},
						"kind": schema.StringAttribute{Required: true, MarkdownDescription: "The route kind, e.g. `HTTPRoute`."},
					}},
				},
				"namespaces": schema.SingleNestedAttribute{Optional: true,
					MarkdownDescription: "The namespaces routes may come from.",
					Attributes: map[string]schema.Attribute{
						"from": schema.StringAttribute{Optional: true,
							MarkdownDescription: "`Same` (default), `All` or `Selector`."},
						"selector": schema.SingleNestedAttribute{Optional: true,
							MarkdownDescription: "With `from = \"Selector\"`: the labels of the namespaces.",
							Attributes:          labelSelectorAttributes()},
					},
				},
			},
		},
	}
}

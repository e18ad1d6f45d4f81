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

func httpRouteSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Gateway API `HTTPRoute`: which requests to the Gateways' listeners go to which backends.\n\n" +
			"The plan checks the route against the HTTPRoute CRD's rules and, for each parent, that it would attach: the Gateway " +
			"exists, `section_name` and `port` name a listener, the listener allows the route's namespace and kind, and the " +
			"hostnames intersect the listener's (Envoy Gateway's `NoMatchingParent`, `NotAllowedByListeners`, " +
			"`NoMatchingListenerHostname`), and that the tenant serving the parent's class watches the route's namespace (otherwise " +
			"the controller never sees the route). A route that attaches to none of its parents is an error; to some, a warning " +
			"for the others. A backend Service that does not exist, or in another namespace without a ReferenceGrant, is a warning.\n\n" +
			"Written with server-side apply (field manager `terraform-provider-eg`); what the API server fills in is no drift.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`<namespace>/<name>`, also the import ID. Known at plan time.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Name of the HTTPRoute. Changing it replaces the route.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"namespace": schema.StringAttribute{Required: true,
				MarkdownDescription: "Namespace of the route: one the parent's listeners allow and the serving tenant watches. Changing it replaces the route.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"parent_refs": schema.ListNestedAttribute{Required: true,
				MarkdownDescription: "The Gateways (optionally one listener of each) the route attaches to.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{Required: true, MarkdownDescription: "The Gateway's name, e.g. `eg_gateway.x.name`."},
					"namespace": schema.StringAttribute{Optional: true,
						MarkdownDescription: "The Gateway's namespace; omitted: the route's."},
					"section_name": schema.StringAttribute{Optional: true, MarkdownDescription: "One listener of the Gateway, by name."},
					"port":         schema.Int64Attribute{Optional: true, MarkdownDescription: "The listeners of the Gateway on this port."},
				}}},
			"hostnames": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Hostnames the route serves, optionally with a leading `*.`; they must intersect the listener's."},
			"rules":             schema.ListNestedAttribute{Required: true, MarkdownDescription: "1 to 16 rules.", NestedObject: schema.NestedAttributeObject{Attributes: routeRuleAttributes()}},
			"wait_for_accepted": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false), MarkdownDescription: "After create and update, wait until every parent reports the route `Accepted` (up to the timeout), and fail if one refuses it. Default `false`."},
			"timeouts":          timeoutsAttribute(ctx),
			"parents": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "What the controllers reported per parent: `accepted` and `resolved_refs` with their reasons; empty while none has.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"gateway":              schema.StringAttribute{Computed: true, MarkdownDescription: "`<namespace>/<name>` of the parent Gateway."},
					"section_name":         schema.StringAttribute{Computed: true, MarkdownDescription: "The listener, when the parent ref names one."},
					"accepted":             schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the route attached."},
					"accepted_reason":      schema.StringAttribute{Computed: true, MarkdownDescription: "Reason of `Accepted`, e.g. `NotAllowedByListeners`."},
					"resolved_refs":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether every backend resolved."},
					"resolved_refs_reason": schema.StringAttribute{Computed: true, MarkdownDescription: "Reason of `ResolvedRefs`, e.g. `RefNotPermitted`."},
				}}},
		},
	}
}

func routeRuleAttributes() map[string]schema.Attribute {
	valueMatch := func(what string) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{Optional: true, MarkdownDescription: what + " that must match.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":  schema.StringAttribute{Required: true, MarkdownDescription: "Name."},
				"value": schema.StringAttribute{Required: true, MarkdownDescription: "Value."},
				"type":  schema.StringAttribute{Optional: true, MarkdownDescription: "`Exact` (default) or `RegularExpression`."},
			}}}
	}
	return map[string]schema.Attribute{
		"matches": schema.ListNestedAttribute{Optional: true,
			MarkdownDescription: "Which requests the rule takes (any of the matches); omitted: every request.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"path": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "The request path.",
					Attributes: map[string]schema.Attribute{
						"type":  schema.StringAttribute{Optional: true, MarkdownDescription: "`Exact`, `PathPrefix` (default) or `RegularExpression`."},
						"value": schema.StringAttribute{Optional: true, MarkdownDescription: "The path; default `/`."},
					}},
				"method":       schema.StringAttribute{Optional: true, MarkdownDescription: "The HTTP method, e.g. `GET`."},
				"headers":      valueMatch("Headers"),
				"query_params": valueMatch("Query parameters"),
			}}},
		"filters": schema.ListNestedAttribute{Optional: true,
			MarkdownDescription: "What happens to matched requests, in order; each sets exactly one of its attributes.",
			NestedObject:        schema.NestedAttributeObject{Attributes: routeFilterAttributes()}},
		"backend_refs": schema.ListNestedAttribute{Optional: true,
			MarkdownDescription: "Where matched requests go, by weight: Services unless `group` and `kind` say otherwise.",
			NestedObject:        schema.NestedAttributeObject{Attributes: backendRefAttributes(true)}},
		"timeouts": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Gateway API durations, e.g. `10s`.",
			Attributes: map[string]schema.Attribute{
				"request":         schema.StringAttribute{Optional: true, MarkdownDescription: "For the whole request."},
				"backend_request": schema.StringAttribute{Optional: true, MarkdownDescription: "For each request to a backend; at most `request`."},
			}},
	}
}

func backendRefAttributes(weighted bool) map[string]schema.Attribute {
	out := map[string]schema.Attribute{
		"group":     schema.StringAttribute{Optional: true, MarkdownDescription: "API group; omitted: the core group."},
		"kind":      schema.StringAttribute{Optional: true, MarkdownDescription: "Kind; omitted: `Service`."},
		"name":      schema.StringAttribute{Required: true, MarkdownDescription: "Name."},
		"namespace": schema.StringAttribute{Optional: true, MarkdownDescription: "Namespace; omitted: the route's. Another namespace needs a ReferenceGrant there."},
		"port":      schema.Int64Attribute{Optional: true, MarkdownDescription: "Port; required for a Service."},
	}
	if weighted {
		out["weight"] = schema.Int64Attribute{Optional: true, MarkdownDescription: "Share of the rule's requests; default 1, 0 sends none."}
	}
	return out
}

func routeFilterAttributes() map[string]schema.Attribute {
	headers := func(what string) schema.SingleNestedAttribute {
		pair := schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":  schema.StringAttribute{Required: true, MarkdownDescription: "Header name."},
			"value": schema.StringAttribute{Required: true, MarkdownDescription: "Header value."},
		}}
		return schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Changes the " + what + " headers.",
			Attributes: map[string]schema.Attribute{
				"set":    schema.ListNestedAttribute{Optional: true, NestedObject: pair, MarkdownDescription: "Headers to set, replacing any value."},
				"add":    schema.ListNestedAttribute{Optional: true, NestedObject: pair, MarkdownDescription: "Headers to add."},
				"remove": schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Headers to remove."},
			}}
	}
	pathModifier := schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Replaces the whole path or the matched prefix.",
		Attributes: map[string]schema.Attribute{
			"type":                 schema.StringAttribute{Required: true, MarkdownDescription: "`ReplaceFullPath` or `ReplacePrefixMatch`."},
			"replace_full_path":    schema.StringAttribute{Optional: true, MarkdownDescription: "With `ReplaceFullPath`."},
			"replace_prefix_match": schema.StringAttribute{Optional: true, MarkdownDescription: "With `ReplacePrefixMatch`."},
		}}
	return map[string]schema.Attribute{
		"request_header_modifier":  headers("request's"),
		"response_header_modifier": headers("response's"),
		"request_redirect": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Answers with a redirect.",
			Attributes: map[string]schema.Attribute{
				"scheme":      schema.StringAttribute{Optional: true, MarkdownDescription: "`http` or `https`."},
				"hostname":    schema.StringAttribute{Optional: true, MarkdownDescription: "Hostname to redirect to."},
				"path":        pathModifier,
				"port":        schema.Int64Attribute{Optional: true, MarkdownDescription: "Port to redirect to."},
				"status_code": schema.Int64Attribute{Optional: true, MarkdownDescription: "`301` or `302` (default)."},
			}},
		"url_rewrite": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Rewrites the request before it goes to a backend.",
			Attributes: map[string]schema.Attribute{
				"hostname": schema.StringAttribute{Optional: true, MarkdownDescription: "Host header to send."},
				"path":     pathModifier,
			}},
		"request_mirror": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Copies requests to another backend; its answers are ignored.",
			Attributes: map[string]schema.Attribute{
				"backend_ref": schema.SingleNestedAttribute{Required: true, MarkdownDescription: "The backend that gets the copies.",
					Attributes: backendRefAttributes(false)},
				"percent": schema.Int64Attribute{Optional: true, MarkdownDescription: "Share of requests copied, 0–100; default all."},
			}},
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultMaxHistory is max_history's default.
const defaultMaxHistory = 10

// The translator is the one source of what is valid (eg_tenant's
// ValidateConfig and plan run it): the schema validates only what no rule
// of the translator covers.
func tenantSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An Envoy Gateway controller installed with the Helm SDK: one per team namespace in the " +
			"multi-tenant mode, each with its own `controller_name` and watch scope. The release is named " +
			"`eg-<name>`, so several tenants share a cluster without their cluster-scoped RBAC colliding. " +
			"The Envoy Gateway and Gateway API CRDs come with the first tenant's chart and are never removed " +
			"by uninstalling a tenant.\n\n" +
			"Deleting a tenant uninstalls its release and deletes the namespaces it created only when nothing else is in them: " +
			"a namespace that holds anyone else's objects (a team's apps, another tenant's Roles, labels someone added) is kept, " +
			"and the apply says what keeps it in a warning.\n\n" +
			"Import restores every attribute but `values` and `sensitive_values`: the release keeps them merged and nothing tells " +
			"a secret from a plain value, so neither is written to the state. The first apply after an import writes the " +
			"configured values to the state without upgrading the release when they match it (`values_sha256`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`<namespace>/<name>`, also the import ID.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Tenant name: the release is `eg-<name>` and the default controller name " +
					"`gateway.envoyproxy.io/<name>-gatewayclass-controller`. Changing it replaces the tenant.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"namespace": schema.StringAttribute{Required: true,
				MarkdownDescription: "Namespace of the controller (and of the Envoy fleet with the `ControllerNamespace` deploy type). Changing it replaces the tenant.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"create_namespace": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Create `namespace` when missing. A namespace the tenant created is labelled as such and deleted with it " +
					"when it holds nothing but the tenant's own objects; otherwise it is kept, with a warning. Default `false`."},
			"controller_name": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "The controllerName this Envoy Gateway serves; GatewayClasses name it. Defaults to " +
					"`gateway.envoyproxy.io/<name>-gatewayclass-controller`, known at plan time. Unique across tenants."},
			"watch": tenantWatchAttribute(),
			"deploy_type": schema.StringAttribute{Optional: true, Computed: true,
				Default:             stringdefault.StaticString("ControllerNamespace"),
				MarkdownDescription: "Where Envoy Gateway runs the Envoy fleets: `ControllerNamespace` (default) or `GatewayNamespace`. Merged proxies need `ControllerNamespace`."},
			"chart": tenantChartAttribute(),
			"values": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Extra chart values as YAML (`yamlencode({...})`). The typed attributes win; a " +
					"value that contradicts one (controllerName, watch, deploy type, namespace) is a plan error. " +
					"Compared by meaning, not formatting.",
				PlanModifiers: []planmodifier.String{yamlSemanticEqual()}},
			"sensitive_values": schema.StringAttribute{Optional: true, Sensitive: true,
				MarkdownDescription: "Like `values`, for values that must not show in plan output; merged over `values`.",
				PlanModifiers:       []planmodifier.String{yamlSemanticEqual()}},
			"wait": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Wait for the controller Deployment to be Available after install and upgrade. Default `true`."},
			"disable_hooks": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Skip chart hooks (the certgen Job). Only for clusters that cannot run Jobs. Default `false`."},
			"max_history": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(defaultMaxHistory),
				MarkdownDescription: "How many revisions of the release Helm keeps; older ones are deleted on upgrade. Each revision is a " +
					"Secret holding that revision's values, `sensitive_values` included, so the default keeps few. `0` keeps all. Default `10`.",
				Validators: []validator.Int64{int64validator.Between(0, 1000)}},
			"timeouts": timeoutsAttribute(ctx),

			"release_name": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Helm release name. Default `eg-<name>`. Set it to adopt a release installed with Helm under " +
					"another name (see the guide on adopting an existing Envoy Gateway); changing it replaces the tenant.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"revision": schema.Int64Attribute{Computed: true, MarkdownDescription: "Helm release revision."},
			"status": schema.StringAttribute{Computed: true, MarkdownDescription: "Helm release status, `deployed` after a successful apply; " +
				"`not installed` when a create failed before Helm wrote a release (the tenant is tainted, and the next apply replaces it)."},
			"chart_version": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Chart version of the release. A release changed outside Terraform shows here and is planned back."},
			"app_version": schema.StringAttribute{Computed: true, MarkdownDescription: "Envoy Gateway version of the chart."},
			"values_sha256": schema.StringAttribute{Computed: true,
				MarkdownDescription: "SHA-256 of the release's effective values (typed attributes, `values` and `sensitive_values` merged over the chart's defaults). " +
					"The values themselves are not stored; values edited outside Terraform change this and are planned back."},
		},
	}
}

func tenantWatchAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{Optional: true,
		MarkdownDescription: "Which namespaces the controller watches. Omitted: all namespaces. Watched " +
			"namespaces that do not exist are created (the chart puts a Role in each), and deleted with the tenant " +
			"under the same rule as `create_namespace`. Only a `namespaces` watch limits what the controller " +
			"may read to those namespaces; with a selector or no watch the chart grants it cluster-wide reads, Secrets " +
			"included (see the reliability guide).",
		Attributes: map[string]schema.Attribute{
			"namespaces": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Watch exactly these namespaces (at least one, each once)."},
			"namespace_selector": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "Watch the namespaces whose labels match.",
				Attributes:          labelSelectorAttributes()},
		},
	}
}

func tenantChartAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{Optional: true,
		MarkdownDescription: "Overrides the provider's `chart`: where this tenant's chart comes from.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`oci://host/path/gateway-helm`, an `https://` chart repository (its `gateway-helm` chart is used), or a local chart directory or `.tgz`. Default: the provider's."},
			"version": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Chart version. Default: the provider's."},
			"username": schema.StringAttribute{Optional: true,
				MarkdownDescription: "User name for the registry or repository."},
			"password_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true,
				MarkdownDescription: "Password or token for the registry or repository. Write-only: never stored in plan or state. " +
					"Needs Terraform ≥ 1.11 or OpenTofu ≥ 1.11; an older CLI stops at validate with `WriteOnly Attribute Not Allowed` " +
					"(there, leave it out and use a public chart or a local chart directory or `.tgz`)."},
			"ca_certificate": schema.StringAttribute{Optional: true,
				MarkdownDescription: "PEM CA bundle that signs the registry's or repository's certificate."},
			"insecure_skip_tls_verify": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Skip TLS verification of the registry or repository."},
			"plain_http": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Talk to an OCI registry over plain HTTP."},
		},
	}
}

func labelSelectorAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"match_labels": schema.MapAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Labels a namespace must have."},
		"match_expressions": schema.ListNestedAttribute{Optional: true,
			MarkdownDescription: "Label requirements, all of which must hold.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"key":      schema.StringAttribute{Required: true, MarkdownDescription: "Label key."},
				"operator": schema.StringAttribute{Required: true, MarkdownDescription: "`In`, `NotIn`, `Exists` or `DoesNotExist`."},
				"values": schema.ListAttribute{Optional: true, ElementType: types.StringType,
					MarkdownDescription: "Values for `In` and `NotIn`."},
			}},
		},
	}
}

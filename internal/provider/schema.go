// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// DefaultChartRepository and DefaultChartVersion are the chart tenants
// install when neither the provider nor the tenant names one.
const (
	DefaultChartRepository = "oci://docker.io/envoyproxy/gateway-helm"
	DefaultChartVersion    = "v1.9.1"
)

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Provisions Envoy Gateway declaratively: namespace-scoped controllers (tenants), " +
			"GatewayClasses, Gateways and merged EnvoyProxies, with the mistakes Envoy Gateway reports only after " +
			"apply refused at plan time.",
		Attributes: map[string]schema.Attribute{
			"kubernetes": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "How to reach the cluster. When omitted, the kubeconfig named by `KUBE_CONFIG_PATH`, " +
					"then by `KUBECONFIG`, is used. Inline attributes override what the kubeconfig says. " +
					"Nothing connects until a resource or data source needs the cluster, so the values may be " +
					"unknown until apply (a cluster created in the same apply).",
				Attributes: map[string]schema.Attribute{
					"config_path": schema.StringAttribute{Optional: true,
						MarkdownDescription: "Path to a kubeconfig file (`~` is expanded). Overrides `KUBE_CONFIG_PATH` and `KUBECONFIG`."},
					"config_context": schema.StringAttribute{Optional: true,
						MarkdownDescription: "Context of the kubeconfig to use instead of its current context."},
					"host": schema.StringAttribute{Optional: true,
						MarkdownDescription: "URL of the Kubernetes API server, e.g. `https://127.0.0.1:6443`."},
					"token": schema.StringAttribute{Optional: true, Sensitive: true,
						MarkdownDescription: "Bearer token."},
					"cluster_ca_certificate": schema.StringAttribute{Optional: true,
						MarkdownDescription: "PEM-encoded CA certificate of the API server."},
					"client_certificate": schema.StringAttribute{Optional: true,
						MarkdownDescription: "PEM-encoded client certificate for TLS authentication."},
					"client_key": schema.StringAttribute{Optional: true, Sensitive: true,
						MarkdownDescription: "PEM-encoded private key of `client_certificate`."},
					"insecure": schema.BoolAttribute{Optional: true,
						MarkdownDescription: "Skip verification of the API server's certificate. Only for throwaway clusters."},
					"exec": schema.SingleNestedAttribute{Optional: true,
						MarkdownDescription: "A client-go credential plugin that prints credentials (e.g. a cloud CLI).",
						Attributes: map[string]schema.Attribute{
							"api_version": schema.StringAttribute{Required: true,
								MarkdownDescription: "API version of the ExecCredential, e.g. `client.authentication.k8s.io/v1`."},
							"command": schema.StringAttribute{Required: true, MarkdownDescription: "Command to run."},
							"args":    schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Arguments."},
							"env":     schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Environment variables."},
						},
					},
				},
			},
			"chart": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "The Envoy Gateway Helm chart tenants install unless they name their own. " +
					"Defaults to `" + DefaultChartRepository + "` at `" + DefaultChartVersion + "`.",
				Attributes: map[string]schema.Attribute{
					"repository": schema.StringAttribute{Optional: true,
						MarkdownDescription: "An OCI reference (`oci://...`), an HTTPS chart repository URL, or a local chart directory or archive. Default `" + DefaultChartRepository + "`."},
					"version": schema.StringAttribute{Optional: true,
						MarkdownDescription: "Chart version. Default `" + DefaultChartVersion + "`."},
				},
			},
		},
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
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
				MarkdownDescription: "How to reach the cluster, with the settings and `KUBE_*` environment variables of the " +
					"kubernetes provider, and the same precedence: an attribute wins over its variable, inline settings win " +
					"over what the kubeconfig says. With no kubeconfig and no host, `KUBECONFIG` is used, then the service " +
					"account of the pod Terraform runs in. Nothing connects until a resource or data source needs the " +
					"cluster, so the values may be unknown until apply (a cluster created in the same apply).",
				Attributes: kubernetesAttributes(),
			},
			"qps": schema.Float64Attribute{Optional: true,
				Validators: []validator.Float64{float64validator.AtLeast(1)},
				MarkdownDescription: "Requests per second the provider may send the API server, as the helm provider's `qps`. " +
					"Unset: no client-side limit; Terraform's `-parallelism` bounds the requests in flight, and the API " +
					"server's priority and fairness answers an overload with `429`, which the provider retries."},
			"burst_limit": schema.Int64Attribute{Optional: true,
				Validators: []validator.Int64{int64validator.AtLeast(1), int64validator.AlsoRequires(path.MatchRoot("qps"))},
				MarkdownDescription: "Requests the provider may send at once above `qps` before it waits, as the helm " +
					"provider's `burst_limit`. Only with `qps`; default " + fmt.Sprint(clients.DefaultBurst) + "."},
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

func kubernetesAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"config_path": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Path to a kubeconfig file (`~` is expanded; several paths may be joined with the OS " +
				"list separator). Can be set with `KUBE_CONFIG_PATH`. Wins over `config_paths`, `KUBE_CONFIG_PATHS` and `KUBECONFIG`."},
		"config_paths": schema.ListAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Paths to kubeconfig files, merged as kubectl merges `KUBECONFIG` (the first file that " +
				"sets a value wins). Can be set with `KUBE_CONFIG_PATHS`. Conflicts with `config_path` and with `KUBE_CONFIG_PATH`.",
			Validators: []validator.List{listvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("config_path"))}},
		"config_context": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Context of the kubeconfig to use instead of its current context. Can be set with `KUBE_CTX`."},
		"config_context_auth_info": schema.StringAttribute{Optional: true,
			MarkdownDescription: "User of the kubeconfig to use instead of the context's (kubectl's `--user`). Can be set with `KUBE_CTX_AUTH_INFO`."},
		"config_context_cluster": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Cluster of the kubeconfig to use instead of the context's (kubectl's `--cluster`). Can be set with `KUBE_CTX_CLUSTER`."},
		"host": schema.StringAttribute{Optional: true,
			MarkdownDescription: "URL of the Kubernetes API server, e.g. `https://127.0.0.1:6443`. Can be set with `KUBE_HOST`."},
		"username": schema.StringAttribute{Optional: true,
			MarkdownDescription: "User name for HTTP basic authentication (Kubernetes itself dropped basic authentication " +
				"in 1.19; an authenticating proxy in front of the API server may still use it). Can be set with `KUBE_USER`."},
		"password": schema.StringAttribute{Optional: true, Sensitive: true,
			MarkdownDescription: "Password for HTTP basic authentication. Can be set with `KUBE_PASSWORD`."},
		"token": schema.StringAttribute{Optional: true, Sensitive: true,
			MarkdownDescription: "Bearer token. Can be set with `KUBE_TOKEN`."},
		"cluster_ca_certificate": schema.StringAttribute{Optional: true,
			MarkdownDescription: "PEM-encoded CA certificate of the API server. Can be set with `KUBE_CLUSTER_CA_CERT_DATA`."},
		"client_certificate": schema.StringAttribute{Optional: true,
			MarkdownDescription: "PEM-encoded client certificate for TLS authentication. Can be set with `KUBE_CLIENT_CERT_DATA`."},
		"client_key": schema.StringAttribute{Optional: true, Sensitive: true,
			MarkdownDescription: "PEM-encoded private key of `client_certificate`. Can be set with `KUBE_CLIENT_KEY_DATA`."},
		"insecure": schema.BoolAttribute{Optional: true,
			MarkdownDescription: "Skip verification of the API server's certificate. Only for throwaway clusters. Can be set with `KUBE_INSECURE`."},
		"tls_server_name": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Server name sent for SNI and checked against the API server's certificate, when the " +
				"address in `host` is not one the certificate names. Can be set with `KUBE_TLS_SERVER_NAME`."},
		"proxy_url": schema.StringAttribute{Optional: true,
			MarkdownDescription: "URL of an `http`, `https` or `socks5` proxy for every request to the API server. " +
				"Can be set with `KUBE_PROXY_URL`.",
			Validators: []validator.String{proxyURLValidator{}}},
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
	}
}

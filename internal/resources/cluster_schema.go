// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

func clusterSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads what the cluster offers Envoy Gateway: the Kubernetes version, whether and which " +
			"Gateway API CRDs are installed, whether Envoy Gateway's CRDs are, and the Envoy Gateway tenants " +
			"(Helm releases of the `gateway-helm` chart) already running, whoever installed them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The API server's URL."},
			"kubernetes_version": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The API server's version, e.g. `v1.37.2`."},
			"gateway_api_installed": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the `gateways.gateway.networking.k8s.io` CRD exists."},
			"gateway_api_version": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The Gateway API bundle version (the CRD's `gateway.networking.k8s.io/bundle-version` annotation), e.g. `v1.6.3`; null when not installed."},
			"gateway_api_channel": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The Gateway API release channel (`standard` or `experimental`, the CRD's `gateway.networking.k8s.io/channel` annotation); null when not installed."},
			"envoy_gateway_crds_installed": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether Envoy Gateway's CRDs (`envoyproxies.gateway.envoyproxy.io`) exist."},
			"tenants": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "Envoy Gateway Helm releases found in any namespace, newest revision of each, sorted by namespace and name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":            schema.StringAttribute{Computed: true, MarkdownDescription: "Helm release name."},
					"namespace":       schema.StringAttribute{Computed: true, MarkdownDescription: "Namespace of the release (the controller's namespace)."},
					"controller_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The controllerName the release's Envoy Gateway runs (values over chart defaults)."},
					"chart_version":   schema.StringAttribute{Computed: true, MarkdownDescription: "Chart version of the release."},
					"app_version":     schema.StringAttribute{Computed: true, MarkdownDescription: "Envoy Gateway version of the chart."},
					"status":          schema.StringAttribute{Computed: true, MarkdownDescription: "Helm status of the newest revision, e.g. `deployed`, `pending-install`."},
				}},
			},
		},
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import "github.com/hashicorp/terraform-plugin-framework/types"

type clusterModel struct {
	ID                        types.String  `tfsdk:"id"`
	KubernetesVersion         types.String  `tfsdk:"kubernetes_version"`
	GatewayAPIInstalled       types.Bool    `tfsdk:"gateway_api_installed"`
	GatewayAPIVersion         types.String  `tfsdk:"gateway_api_version"`
	GatewayAPIChannel         types.String  `tfsdk:"gateway_api_channel"`
	EnvoyGatewayCRDsInstalled types.Bool    `tfsdk:"envoy_gateway_crds_installed"`
	Tenants                   []tenantFound `tfsdk:"tenants"`
}

type tenantFound struct {
	Name           types.String `tfsdk:"name"`
	Namespace      types.String `tfsdk:"namespace"`
	ControllerName types.String `tfsdk:"controller_name"`
	ChartVersion   types.String `tfsdk:"chart_version"`
	AppVersion     types.String `tfsdk:"app_version"`
	Status         types.String `tfsdk:"status"`
}

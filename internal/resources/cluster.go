// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// CRD names and annotations the data source reads.
const (
	gatewayCRD           = "gateways.gateway.networking.k8s.io"
	envoyProxyCRD        = "envoyproxies.gateway.envoyproxy.io"
	bundleVersionAnno    = "gateway.networking.k8s.io/bundle-version"
	gatewayAPIChannelAnn = "gateway.networking.k8s.io/channel"
)

var (
	_ datasource.DataSource              = (*clusterDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterDataSource)(nil)
)

// NewClusterDataSource returns the eg_cluster data source.
func NewClusterDataSource() datasource.DataSource { return &clusterDataSource{} }

type clusterDataSource struct {
	data *ProviderData
}

func (d *clusterDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (d *clusterDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = clusterSchema()
}

func (d *clusterDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *clusterDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "eg_cluster was read before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	kube, err := d.data.Kube.Core()
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "connecting to the cluster"))
		return
	}
	cfg, _ := d.data.Kube.RESTConfig() // cannot fail once Core() succeeded
	state := clusterModel{ID: types.StringValue(cfg.Host)}

	version, err := kube.Discovery().ServerVersion()
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading the Kubernetes version"))
		return
	}
	state.KubernetesVersion = types.StringValue(version.GitVersion)
	if resp.Diagnostics.Append(d.readCRDs(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	if resp.Diagnostics.Append(d.readTenants(&state)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readCRDs reads which Gateway API version and channel, and whether Envoy
// Gateway's CRDs, are installed.
func (d *clusterDataSource) readCRDs(ctx context.Context, state *clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	apiext, err := d.data.Kube.APIExtensions()
	if err != nil {
		diags.Append(clientError(err, "connecting to the cluster"))
		return diags
	}
	crds := apiext.ApiextensionsV1().CustomResourceDefinitions()
	gw, err := crds.Get(ctx, gatewayCRD, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		state.GatewayAPIInstalled = types.BoolValue(false)
		state.GatewayAPIVersion, state.GatewayAPIChannel = types.StringNull(), types.StringNull()
	case err != nil:
		diags.Append(clientError(err, "reading CustomResourceDefinition "+gatewayCRD))
		return diags
	default:
		state.GatewayAPIInstalled = types.BoolValue(true)
		state.GatewayAPIVersion = annotation(gw.Annotations, bundleVersionAnno)
		state.GatewayAPIChannel = annotation(gw.Annotations, gatewayAPIChannelAnn)
	}
	_, err = crds.Get(ctx, envoyProxyCRD, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		state.EnvoyGatewayCRDsInstalled = types.BoolValue(false)
	case err != nil:
		diags.Append(clientError(err, "reading CustomResourceDefinition "+envoyProxyCRD))
	default:
		state.EnvoyGatewayCRDsInstalled = types.BoolValue(true)
	}
	return diags
}

// readTenants lists the Envoy Gateway releases in the cluster.
func (d *clusterDataSource) readTenants(state *clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	releases, err := d.data.Helm.ListTenants()
	if err != nil {
		diags.Append(clientError(err, "listing Helm releases (Secrets labelled owner=helm in all namespaces)"))
		return diags
	}
	state.Tenants = make([]tenantFound, 0, len(releases))
	for _, r := range releases {
		state.Tenants = append(state.Tenants, tenantFound{
			Name:           types.StringValue(r.Name),
			Namespace:      types.StringValue(r.Namespace),
			ControllerName: types.StringValue(r.ControllerName),
			ChartVersion:   types.StringValue(r.ChartVersion),
			AppVersion:     types.StringValue(r.AppVersion),
			Status:         types.StringValue(r.Status),
		})
	}
	return diags
}

// annotation is null when the key is absent, so "unknown version" is not
// confused with an empty one.
func annotation(annos map[string]string, key string) types.String {
	if v, ok := annos[key]; ok {
		return types.StringValue(v)
	}
	return types.StringNull()
}

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
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
	clients *clients.Clients
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
	if data != nil {
		d.clients = data.Clients
	}
}

func (d *clusterDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.clients == nil {
		resp.Diagnostics.AddError("Provider not configured", "eg_cluster was read before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	kube, err := d.clients.Kubernetes()
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "connecting to the cluster"))
		return
	}
	cfg, _ := d.clients.RESTConfig() // cannot fail once Kubernetes() succeeded
	state := clusterModel{ID: types.StringValue(cfg.Host)}

	version, err := kube.Discovery().ServerVersion()
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading the Kubernetes version"))
		return
	}
	state.KubernetesVersion = types.StringValue(version.GitVersion)

	apiext, err := d.clients.APIExtensions()
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "connecting to the cluster"))
		return
	}
	crds := apiext.ApiextensionsV1().CustomResourceDefinitions()
	gw, err := crds.Get(ctx, gatewayCRD, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		state.GatewayAPIInstalled = types.BoolValue(false)
		state.GatewayAPIVersion, state.GatewayAPIChannel = types.StringNull(), types.StringNull()
	case err != nil:
		resp.Diagnostics.Append(clientError(err, "reading CustomResourceDefinition "+gatewayCRD))
		return
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
		resp.Diagnostics.Append(clientError(err, "reading CustomResourceDefinition "+envoyProxyCRD))
		return
	default:
		state.EnvoyGatewayCRDsInstalled = types.BoolValue(true)
	}

	releases, err := d.clients.ListTenantReleases()
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "listing Helm releases (Secrets labelled owner=helm in all namespaces)"))
		return
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
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// annotation is null when the key is absent, so "unknown version" is not
// confused with an empty one.
func annotation(annos map[string]string, key string) types.String {
	if v, ok := annos[key]; ok {
		return types.StringValue(v)
	}
	return types.StringNull()
}

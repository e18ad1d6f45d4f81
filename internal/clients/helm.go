// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"helm.sh/helm/v3/pkg/action"

	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage/driver"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// ChartName is the name of Envoy Gateway's Helm chart; releases of it are tenants.
const ChartName = "gateway-helm"

// ChartControllerName is the controllerName the chart sets when its values say none
// (translate.DefaultControllerName is what a tenant sets by default).
const ChartControllerName = "gateway.envoyproxy.io/gatewayclass-controller"

// TenantRelease is an Envoy Gateway Helm release found in the cluster.
type TenantRelease struct {
	Name           string
	Namespace      string
	ControllerName string
	ChartVersion   string
	AppVersion     string
	Status         string
	Revision       int
}

// Helm is the cluster's Helm releases and the charts they install, through
// the Helm SDK, on a Kube's connection. Its release operations run on an
// action.Configuration per namespace, which tests build over Helm's
// in-memory storage to reach the error paths.
type Helm struct {
	kube *Kube
	// Log, when set, receives the Helm SDK's log lines (the provider sends
	// them to its own log).
	Log func(ctx context.Context, msg string)
	// actionConfig builds the SDK configuration of a namespace; nil means
	// the cluster's (helmConfig).
	actionConfig func(ctx context.Context, namespace string) (*action.Configuration, error)
	charts       chartCache
}

// NewHelm returns the Helm releases of kube's cluster.
func NewHelm(kube *Kube) *Helm { return &Helm{kube: kube} }

// ListTenants reads Helm's release records (Secrets labelled owner=helm, in
// every namespace) and returns the newest revision of each release of Envoy
// Gateway's chart, sorted by namespace and name.
func (h *Helm) ListTenants() ([]TenantRelease, error) {
	kube, err := h.kube.Core()
	if err != nil {
		return nil, err
	}
	d := driver.NewSecrets(kube.CoreV1().Secrets(""))
	all, err := d.List(func(r *release.Release) bool {
		return r.Chart != nil && r.Chart.Metadata != nil && r.Chart.Metadata.Name == ChartName
	})
	if err != nil {
		return nil, err
	}
	newest := map[string]*release.Release{}
	for _, r := range all {
		key := r.Namespace + "/" + r.Name
		if cur, ok := newest[key]; !ok || r.Version > cur.Version {
			newest[key] = r
		}
	}
	out := make([]TenantRelease, 0, len(newest))
	for _, r := range newest {
		t := TenantRelease{
			Name:         r.Name,
			Namespace:    r.Namespace,
			ChartVersion: r.Chart.Metadata.Version,
			AppVersion:   r.Chart.Metadata.AppVersion,
			Revision:     r.Version,
		}
		if r.Info != nil {
			t.Status = r.Info.Status.String()
		}
		if t.ControllerName, err = releaseControllerName(r); err != nil {
			return nil, fmt.Errorf("release %s/%s: %w", r.Namespace, r.Name, err)
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// releaseControllerName reads config.envoyGateway.gateway.controllerName from
// the release's user values coalesced over its chart's defaults.
func releaseControllerName(r *release.Release) (string, error) {
	vals, err := chartutil.CoalesceValues(r.Chart, r.Config)
	if err != nil {
		return "", err
	}
	v, err := vals.PathValue("config.envoyGateway.gateway.controllerName")
	var absent chartutil.ErrNoValue
	if errors.As(err, &absent) {
		// The chart always sets it; an edited chart may not.
		return ChartControllerName, nil
	}
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("config.envoyGateway.gateway.controllerName is a %T, not a string", v)
	}
	return s, nil
}

// restGetter adapts a rest.Config to the getter interface the Helm SDK and
// kubectl's resource builder expect.
type restGetter struct {
	cfg       *rest.Config
	namespace string
	discovery discovery.CachedDiscoveryInterface
}

func newRESTGetter(cfg *rest.Config, namespace string) (*restGetter, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &restGetter{cfg: cfg, namespace: namespace, discovery: memory.NewMemCacheClient(dc)}, nil
}

func (g *restGetter) ToRESTConfig() (*rest.Config, error) { return rest.CopyConfig(g.cfg), nil }

func (g *restGetter) ToDiscoveryClient() (discovery.CachedDiscoveryInterface, error) {
	return g.discovery, nil
}

func (g *restGetter) ToRESTMapper() (meta.RESTMapper, error) {
	m := restmapper.NewDeferredDiscoveryRESTMapper(g.discovery)
	return restmapper.NewShortcutExpander(m, g.discovery, nil), nil
}

// ToRawKubeConfigLoader serves only the namespace: every connection detail
// already lives in cfg.
func (g *restGetter) ToRawKubeConfigLoader() clientcmd.ClientConfig {
	overrides := &clientcmd.ConfigOverrides{Context: clientcmdapi.Context{Namespace: g.namespace}}
	return clientcmd.NewDefaultClientConfig(*clientcmdapi.NewConfig(), overrides)
}

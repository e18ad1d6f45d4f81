// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"sort"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"sigs.k8s.io/yaml"
)

// The configuration Envoy Gateway's chart installs for each release: a
// ConfigMap of this name holding the EnvoyGateway file, annotated by Helm
// with the release it belongs to.
const (
	tenantConfigMap          = "envoy-gateway-config"
	tenantConfigKey          = "envoy-gateway.yaml"
	helmReleaseNameKey       = "meta.helm.sh/release-name"
	helmReleaseNamespaceKey  = "meta.helm.sh/release-namespace"
	tenantConfigListPageSize = 500
)

// TenantConfigs finds the cluster's Envoy Gateway releases through the
// configuration each one installs: one small ConfigMap per release, where
// Helm's release records carry every release's chart and manifest. Only
// Name, Namespace and ControllerName are set. A release whose ConfigMap is
// gone (deleted by hand, or an install killed before it was written) is not
// found; ListTenants reads the records themselves.
func (k *Kube) TenantConfigs(ctx context.Context) ([]TenantRelease, error) {
	core, err := k.Core()
	if err != nil {
		return nil, err
	}
	opts := metav1.ListOptions{
		FieldSelector: fields.OneTermEqualSelector("metadata.name", tenantConfigMap).String(),
		Limit:         tenantConfigListPageSize,
	}
	var out []TenantRelease
	for {
		page, err := core.CoreV1().ConfigMaps(metav1.NamespaceAll).List(ctx, opts)
		if err != nil {
			return nil, err
		}
		for i := range page.Items {
			if t, ok := tenantOfConfig(&page.Items[i]); ok {
				out = append(out, t)
			}
		}
		if opts.Continue = page.Continue; opts.Continue == "" {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// tenantOfConfig reads the release and controller name of one chart
// configuration; false for a ConfigMap of that name Helm did not install.
// A file Envoy Gateway could not read either leaves ControllerName empty.
func tenantOfConfig(cm *corev1.ConfigMap) (TenantRelease, bool) {
	name, ns := cm.Annotations[helmReleaseNameKey], cm.Annotations[helmReleaseNamespaceKey]
	if name == "" || ns == "" {
		return TenantRelease{}, false
	}
	t := TenantRelease{Name: name, Namespace: ns}
	var cfg egv1a1.EnvoyGateway
	if yaml.Unmarshal([]byte(cm.Data[tenantConfigKey]), &cfg) != nil {
		return t, true
	}
	t.ControllerName = ChartControllerName
	if cfg.Gateway != nil && cfg.Gateway.ControllerName != "" {
		t.ControllerName = cfg.Gateway.ControllerName
	}
	return t, true
}

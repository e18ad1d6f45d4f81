// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"fmt"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
)

// TenantRelease is what the provider installs for one tenant.
type TenantRelease struct {
	// Name is the Helm release name: release_name, or eg-<tenant name>.
	Name      string
	Namespace string
	// Values are the chart values: the user's values underneath, the typed
	// attributes on top.
	Values map[string]any
	// Config is the EnvoyGateway configuration the values put into the
	// chart's config.envoyGateway (the chart merges its own defaults, such
	// as image names, underneath). Validate checks it with Envoy Gateway's
	// validation.
	Config *egv1a1.EnvoyGateway
}

// RenderTenant builds the Helm release of a tenant. Call it when Validate
// reports no errors for the tenant; it fails on unknown values and on
// values that cannot be parsed or decoded.
func RenderTenant(t Tenant) (*TenantRelease, error) {
	name, ok := t.Name.Get()
	if !ok {
		return nil, fmt.Errorf("name: %w", ErrUnknown)
	}
	release, ok := ReleaseNameOf(t).Get()
	if !ok {
		return nil, fmt.Errorf("tenant %q: release_name: %w", name, ErrUnknown)
	}
	typed, err := typedValues(t)
	if err != nil {
		return nil, fmt.Errorf("tenant %q: %w", name, err)
	}
	if t.Values.IsUnknown() {
		return nil, fmt.Errorf("tenant %q: values: %w", name, ErrUnknown)
	}
	user, err := parseValues(t.Values.Or(""))
	if err != nil {
		return nil, fmt.Errorf("tenant %q: values: %w", name, err)
	}
	merged := leaveOutDefaultDeploy(mergeValues(user, typed))
	cfg, _, err := envoyGatewayConfig(merged)
	if err != nil {
		return nil, fmt.Errorf("tenant %q: values config.envoyGateway: %w", name, err)
	}
	return &TenantRelease{
		Name:      release,
		Namespace: t.Namespace.Or(""),
		Values:    merged,
		Config:    cfg,
	}, nil
}

// leaveOutDefaultDeploy drops a deploy of Envoy Gateway's default type
// (and a provider.kubernetes left empty), as the chart's own values leave
// it out: a release installed with the chart's defaults then has the
// values a tenant that spells them out renders.
func leaveOutDefaultDeploy(values map[string]any) map[string]any {
	kube, _ := lookup(values, []string{"config", "envoyGateway", "provider", "kubernetes"}).(map[string]any)
	if deploy, _ := kube["deploy"].(map[string]any); len(deploy) == 1 && deploy["type"] == DeployControllerNamespace {
		delete(kube, "deploy")
	}
	if provider, _ := lookup(values, []string{"config", "envoyGateway", "provider"}).(map[string]any); kube != nil && len(kube) == 0 {
		delete(provider, "kubernetes")
	}
	return values
}

// ParseTenantRelease reads a tenant back from its release: the attributes
// the chart values record (controller_name, watch, deploy_type), decoded
// through Envoy Gateway's own EnvoyGateway type. What the values do not
// record stays null: create_namespace, and values, which the release holds
// merged with the typed ones and with sensitive_values, so that nothing
// tells them apart. name is the tenant's name.
func ParseTenantRelease(name, namespace string, values map[string]any) (Tenant, error) {
	out := Tenant{Name: Known(name), Namespace: Known(namespace)}
	cfg, _, err := envoyGatewayConfig(values)
	if err != nil {
		return out, fmt.Errorf("release values config.envoyGateway: %w", err)
	}
	if g := cfg.Gateway; g != nil && g.ControllerName != "" {
		out.ControllerName = Known(g.ControllerName)
	}
	// Envoy Gateway deploys proxies in its own namespace unless told otherwise.
	out.DeployType = Known(DeployControllerNamespace)
	if cfg.Provider == nil || cfg.Provider.Kubernetes == nil {
		return out, nil
	}
	k := cfg.Provider.Kubernetes
	if d := k.Deploy; d != nil && d.Type != nil {
		out.DeployType = Known(string(*d.Type))
	}
	if w := k.Watch; w != nil {
		switch w.Type {
		case egv1a1.KubernetesWatchModeTypeNamespaces:
			out.Watch = Known(Watch{Namespaces: Known(w.Namespaces)})
		case egv1a1.KubernetesWatchModeTypeNamespaceSelector:
			sel := LabelSelector{}
			if w.NamespaceSelector != nil {
				sel = fromLabelSelector(w.NamespaceSelector)
			}
			out.Watch = Known(Watch{NamespaceSelector: Known(sel)})
		}
	}
	return out, nil
}

// asValues turns a Kubernetes API value into the generic form of Helm
// values, through its JSON form.
func asValues(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	return out, json.Unmarshal(b, &out)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"errors"
	"reflect"
	"testing"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/envoyproxy/gateway/api/v1alpha1/validation"
)

func TestRenderTenantWatchModes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		watch Value[Watch]
		want  any // config.envoyGateway.provider.kubernetes.watch
	}{
		{"all namespaces", Null[Watch](), nil},
		{"namespaces", Known(Watch{Namespaces: Known([]string{"a", "b"})}),
			map[string]any{"type": "Namespaces", "namespaces": []any{"a", "b"}}},
		{"selector", Known(Watch{NamespaceSelector: Known(LabelSelector{MatchLabels: Known(map[string]string{"eg": "on"})})}),
			map[string]any{"type": "NamespaceSelector", "namespaceSelector": map[string]any{"matchLabels": map[string]any{"eg": "on"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rel, err := RenderTenant(Tenant{Name: Known("eg"), Namespace: Known("eg-system"), Watch: tc.watch})
			if err != nil {
				t.Fatal(err)
			}
			got := lookup(rel.Values, []string{"config", "envoyGateway", "provider", "kubernetes", "watch"})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("watch values = %#v, want %#v", got, tc.want)
			}
			if rel.Name != "eg-eg" || rel.Namespace != "eg-system" {
				t.Errorf("release %s/%s", rel.Namespace, rel.Name)
			}
			if err := validation.ValidateEnvoyGateway(rel.Config); err != nil {
				t.Errorf("rendered config fails Envoy Gateway validation: %v", err)
			}
			if rel.Config.Gateway.ControllerName != DefaultControllerName("eg") {
				t.Errorf("controller name %q", rel.Config.Gateway.ControllerName)
			}
			if k := rel.Config.Provider.Kubernetes; tc.want == nil && k != nil && k.Watch != nil {
				t.Errorf("all namespaces must leave watch out, got %+v", k.Watch)
			}
		})
	}
}

func TestRenderTenantPutsTypedValuesOnTop(t *testing.T) {
	rel, err := RenderTenant(Tenant{
		Name: Known("eg"), Namespace: Known("eg"), DeployType: Known(DeployGatewayNamespace),
		Values: Known("deployment:\n  replicas: 3\nconfig:\n  envoyGateway:\n    gateway:\n      controllerName: other.io/x\n    logging:\n      level:\n        default: debug\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := lookup(rel.Values, []string{"deployment", "replicas"}); got != float64(3) {
		t.Errorf("user value lost: %#v", got)
	}
	if got := rel.Config.Gateway.ControllerName; got != DefaultControllerName("eg") {
		t.Errorf("typed controller name must win, got %q", got)
	}
	if got := rel.Config.Logging.Level[egv1a1.LogComponentGatewayDefault]; got != egv1a1.LogLevelDebug {
		t.Errorf("user config.envoyGateway setting lost: %q", got)
	}
	if got := *rel.Config.Provider.Kubernetes.Deploy.Type; got != egv1a1.KubernetesDeployModeTypeGatewayNamespace {
		t.Errorf("deploy type %q", got)
	}
}

func TestRenderTenantUnknown(t *testing.T) {
	_, err := RenderTenant(Tenant{Name: Known("eg"), Namespace: Known("eg"), Values: Unknown[string]()})
	if !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown values: err = %v, want ErrUnknown", err)
	}
	_, err = RenderTenant(Tenant{Name: Known("eg"), Namespace: Known("eg"), Watch: Known(Watch{Namespaces: Unknown[[]string]()})})
	if !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown watch: err = %v, want ErrUnknown", err)
	}
}

func TestFindConflicts(t *testing.T) {
	typed, err := typedValues(Tenant{Name: Known("eg"), Namespace: Known("eg")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		user string
		keys []string
	}{
		{"nothing", "", nil},
		{"unrelated", "deployment: {replicas: 2}", nil},
		{"equal", "config: {envoyGateway: {gateway: {controllerName: gateway.envoyproxy.io/eg-gatewayclass-controller}}}", nil},
		{"null is harmless", "config: {envoyGateway: {provider: {kubernetes: {watch: null}}}}", nil},
		{"empty namespaceOverride", "namespaceOverride: ''", nil},
		{"same namespaceOverride", "namespaceOverride: eg", nil},
		{"controller", "config: {envoyGateway: {gateway: {controllerName: x.io/y}}}", []string{"config.envoyGateway.gateway.controllerName"}},
		{"watch while typed says all", "config: {envoyGateway: {provider: {kubernetes: {watch: {type: Namespaces, namespaces: [a]}}}}}", []string{"config.envoyGateway.provider.kubernetes.watch"}},
		{"scalar in the way", "config: oops", []string{"config"}},
		{"other namespace", "namespaceOverride: x", []string{"namespaceOverride"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user, err := parseValues(tc.user)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, c := range findConflicts(user, typed, "eg") {
				keys = append(keys, c.key)
			}
			if !reflect.DeepEqual(keys, tc.keys) {
				t.Errorf("conflicts %v, want %v", keys, tc.keys)
			}
		})
	}
}

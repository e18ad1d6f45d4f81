// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"reflect"

	"sigs.k8s.io/yaml"

	"github.com/egplatform/terraform-provider-eg/internal/jsonvalue"
)

// parseProxyTyped reads the typed attributes back from the paths they own
// (see proxyOwned) of a spec in generic form.
func parseProxyTyped(spec map[string]any) (Value[ProxyService], Value[ProxyDeployment]) {
	var svc Value[ProxyService]
	if m, ok := lookup(spec, []string{"provider", "kubernetes", "envoyService"}).(map[string]any); ok {
		s := ProxyService{
			Type:                     stringAt(m, "type"),
			Annotations:              stringMapAt(m, "annotations"),
			Labels:                   stringMapAt(m, "labels"),
			ExternalTrafficPolicy:    stringAt(m, "externalTrafficPolicy"),
			LoadBalancerClass:        stringAt(m, "loadBalancerClass"),
			LoadBalancerSourceRanges: stringListAt(m, "loadBalancerSourceRanges"),
		}
		if !reflect.ValueOf(s).IsZero() {
			svc = Known(s)
		}
	}
	var dep Value[ProxyDeployment]
	if m, ok := lookup(spec, []string{"provider", "kubernetes", "envoyDeployment"}).(map[string]any); ok {
		d := ProxyDeployment{
			PodAnnotations: stringMapAt(m, "pod", "annotations"),
			PodLabels:      stringMapAt(m, "pod", "labels"),
		}
		if n, ok := lookup(m, []string{"replicas"}).(float64); ok {
			d.Replicas = Known(int64(n))
		}
		if r, ok := lookup(m, []string{"container", "resources"}).(map[string]any); ok {
			d.Resources = Known(ProxyResources{Requests: resourceListAt(r, "requests"), Limits: resourceListAt(r, "limits")})
		}
		if !reflect.ValueOf(d).IsZero() {
			dep = Known(d)
		}
	}
	return svc, dep
}

// withoutTyped is a spec in generic form without the paths the typed
// attributes own, nor what is left empty, nor provider.type when nothing
// else is left under provider: what the spec attribute says.
func withoutTyped(spec map[string]any) map[string]any {
	out := deepCopyMap(spec)
	for _, o := range proxyOwned {
		if o.path[len(o.path)-1] != "type" || len(o.path) > 2 {
			deleteKey(out, o.path)
		}
	}
	jsonvalue.PruneEmpty(out)
	if p, ok := out["provider"].(map[string]any); ok && len(p) == 1 && p["type"] == "Kubernetes" {
		delete(out, "provider")
	}
	return out
}

// ShortenProxy returns a proxy read from the cluster in its shortest form:
// without the values Envoy Gateway's CRD fills in (Service type
// LoadBalancer, external traffic policy Local, logging level warn) where
// prior (the configured proxy, or the zero EnvoyProxy on import) leaves
// them out.
func ShortenProxy(live, prior EnvoyProxy) EnvoyProxy {
	if s, ok := live.Service.Get(); ok {
		ps := prior.Service.Or(ProxyService{})
		if s.Type.Or("") == "LoadBalancer" && ps.Type.IsNull() {
			s.Type = Null[string]()
		}
		if s.ExternalTrafficPolicy.Or("") == "Local" && ps.ExternalTrafficPolicy.IsNull() {
			s.ExternalTrafficPolicy = Null[string]()
		}
		live.Service = Known(s)
		if reflect.ValueOf(s).IsZero() && prior.Service.IsNull() {
			live.Service = Null[ProxyService]()
		}
	}
	rest, err := parseValues(live.Spec.Or(""))
	if err != nil {
		return live
	}
	priorRest, _ := parseValues(prior.Spec.Or(""))
	if _, set := priorRest["logging"]; !set && sameValue(rest["logging"], map[string]any{"level": map[string]any{"default": "warn"}}) {
		delete(rest, "logging")
	}
	live.Spec = Null[string]()
	if len(rest) > 0 {
		text, err := yaml.Marshal(rest)
		if err == nil {
			live.Spec = Known(string(text))
		}
	}
	return live
}

func stringAt(m map[string]any, path ...string) Value[string] {
	if s, ok := lookup(m, path).(string); ok {
		return Known(s)
	}
	return Null[string]()
}

func stringMapAt(m map[string]any, path ...string) Value[map[string]string] {
	mm, ok := lookup(m, path).(map[string]any)
	if !ok {
		return Null[map[string]string]()
	}
	out := make(map[string]string, len(mm))
	for k, v := range mm {
		out[k], _ = v.(string)
	}
	return Known(out)
}

func stringListAt(m map[string]any, path ...string) Value[[]string] {
	l, ok := lookup(m, path).([]any)
	if !ok {
		return Null[[]string]()
	}
	out := make([]string, len(l))
	for i, v := range l {
		out[i], _ = v.(string)
	}
	return Known(out)
}

func resourceListAt(m map[string]any, key string) Value[ResourceList] {
	l, ok := m[key].(map[string]any)
	if !ok {
		return Null[ResourceList]()
	}
	return Known(ResourceList{CPU: stringAt(l, "cpu"), Memory: stringAt(l, "memory")})
}

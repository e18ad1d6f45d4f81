// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"fmt"
	"slices"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/egplatform/terraform-provider-eg/internal/jsonvalue"
)

// An EnvoyProxy's spec is the user's spec (YAML) with the typed attributes
// laid on top. The typed attributes own these paths of EnvoyProxySpec, when
// they are set:
//
//	mergeGateways                                           merge_gateways
//	provider.type                                           Kubernetes, with service or deployment
//	provider.kubernetes.envoyService.{type, annotations, labels,
//	  externalTrafficPolicy, loadBalancerClass,
//	  loadBalancerSourceRanges}                             service.*
//	provider.kubernetes.envoyDeployment.replicas            deployment.replicas
//	provider.kubernetes.envoyDeployment.pod.{annotations,labels}  deployment.pod_*
//	provider.kubernetes.envoyDeployment.container.resources deployment.resources
//
// A value of spec at one of those paths that differs from the attribute's
// is a contradiction, reported on spec.

// proxyKind is the resource that manages a proxy.
func proxyKind(p EnvoyProxy) Kind {
	if p.Kind == KindMergedProxy {
		return KindMergedProxy
	}
	return KindEnvoyProxy // "", or a kind no resource has
}

// ProxyParametersRef is the parameters_ref a GatewayClass or a Gateway's
// infrastructure uses to point at an EnvoyProxy (the computed attribute of
// eg_envoy_proxy and eg_merged_proxy).
func ProxyParametersRef(name, namespace string) ParametersRef {
	return ParametersRef{
		Group:     Known(egv1a1.GroupName),
		Kind:      Known(egv1a1.KindEnvoyProxy),
		Name:      Known(name),
		Namespace: Known(namespace),
	}
}

// RenderEnvoyProxy builds the EnvoyProxy of an eg_envoy_proxy or
// eg_merged_proxy. Call it when Validate reports no errors for the proxy.
func RenderEnvoyProxy(p EnvoyProxy) (*egv1a1.EnvoyProxy, error) {
	name, ns, err := knownNames(p.Name, p.Namespace)
	if err != nil {
		return nil, err
	}
	spec, _, err := proxySpec(p)
	if err != nil {
		return nil, err
	}
	return &egv1a1.EnvoyProxy{
		TypeMeta:   metav1.TypeMeta{APIVersion: egv1a1.GroupVersion.String(), Kind: egv1a1.KindEnvoyProxy},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       *spec,
	}, nil
}

// proxySpec decodes a proxy's spec with the typed attributes on top,
// strictly: unknown fields are an error. conflicts are the values of spec
// that contradict a typed attribute.
func proxySpec(p EnvoyProxy) (*egv1a1.EnvoyProxySpec, []valuesConflict, error) {
	merged, conflicts, err := proxySpecValues(p)
	if err != nil {
		return nil, nil, err
	}
	spec, err := decodeProxySpec(merged)
	return spec, conflicts, err
}

// proxySpecValues is proxySpec before decoding: the generic form of the
// user's spec with the typed attributes' values laid on top.
func proxySpecValues(p EnvoyProxy) (map[string]any, []valuesConflict, error) {
	if p.Spec.IsUnknown() {
		return nil, nil, fmt.Errorf("spec: %w", ErrUnknown)
	}
	user, err := parseValues(p.Spec.Or(""))
	if err != nil {
		return nil, nil, fmt.Errorf("spec: %w", err)
	}
	typed, err := typedProxyValues(p)
	if err != nil {
		return nil, nil, err
	}
	conflicts := typedConflicts(user, typed, nil)
	out := deepCopyMap(user)
	overlay(out, typed)
	return out, conflicts, nil
}

// decodeProxySpec decodes generic values into an EnvoyProxySpec, refusing
// fields Envoy Gateway does not know, with their paths.
func decodeProxySpec(values map[string]any) (*egv1a1.EnvoyProxySpec, error) {
	data, err := json.Marshal(values)
	if err != nil {
		return nil, err
	}
	spec := &egv1a1.EnvoyProxySpec{}
	strict, err := sigsjson.UnmarshalStrict(data, spec, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, err
	}
	if len(strict) > 0 {
		return nil, strict[0]
	}
	return spec, nil
}

// typedConflicts lists the leaves of typed that user sets to another value,
// at path below the values' root. A scalar or list of user's where typed
// has a mapping is a conflict of the whole mapping.
func typedConflicts(user, typed map[string]any, path []string) []valuesConflict {
	var out []valuesConflict
	for _, k := range sortedKeys(typed) {
		tv, uv := typed[k], user[k]
		at := append(slices.Clone(path), k)
		if uv == nil {
			continue
		}
		if tm, ok := tv.(map[string]any); ok {
			if um, ok := uv.(map[string]any); ok {
				out = append(out, typedConflicts(um, tm, at)...)
				continue
			}
		}
		if !sameValue(uv, tv) {
			out = append(out, valuesConflict{key: joinPath(at), owner: proxyOwner(at), user: uv, typed: tv})
		}
	}
	return out
}

// ParseEnvoyProxy reads an EnvoyProxy from the cluster as the translator's
// input: the typed attributes from the paths they own, the rest of the spec
// as YAML. Key and Origin are left to the caller.
func ParseEnvoyProxy(p *egv1a1.EnvoyProxy) (EnvoyProxy, error) {
	all, err := asValues(p.Spec)
	if err != nil {
		return EnvoyProxy{}, err
	}
	return parseProxyValues(p.Name, p.Namespace, all)
}

// ProjectProxy reads an EnvoyProxy from the cluster as far as it concerns
// the planned proxy: the values at the paths the plan sets, as the cluster
// holds them, and nothing else (what the API server or others added is not
// the plan's). What changed in the cluster then shows against the plan.
func ProjectProxy(live *egv1a1.EnvoyProxy, planned EnvoyProxy) (EnvoyProxy, error) {
	want, _, err := proxySpecValues(planned)
	if err != nil {
		return EnvoyProxy{}, err
	}
	all, err := asValues(live.Spec)
	if err != nil {
		return EnvoyProxy{}, err
	}
	projected, _ := project(all, want).(map[string]any)
	return parseProxyValues(live.Name, live.Namespace, projected)
}

// project keeps of have what want has: the keys of want's mappings, and
// lists element by element when they are as long (recursively); a list of
// another length, or a scalar, whole.
func project(have, want any) any {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return have
		}
		out := map[string]any{}
		for k, v := range w {
			if hv, present := h[k]; present {
				if p := project(hv, v); p != nil {
					out[k] = p
				}
			}
		}
		return out
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return have
		}
		out := make([]any, len(h))
		for i := range h {
			out[i] = project(h[i], w[i])
		}
		return out
	}
	return have
}

func parseProxyValues(name, namespace string, all map[string]any) (EnvoyProxy, error) {
	out := EnvoyProxy{Name: Known(name), Namespace: Known(namespace)}
	jsonvalue.PruneEmpty(all)
	if m, ok := all["mergeGateways"].(bool); ok {
		out.MergeGateways = Known(m)
	}
	out.Service, out.Deployment = parseProxyTyped(all)
	if rest := withoutTyped(all); len(rest) > 0 {
		text, err := yaml.Marshal(rest)
		if err != nil {
			return out, err
		}
		out.Spec = Known(string(text))
	}
	return out, nil
}

// ProxySpecBody is what an EnvoyProxy's server-side apply sends of its
// spec: the decoded spec's JSON, without the empty objects its non-pointer
// structs (logging) leave, so that the apply claims no field it does not set.
func ProxySpecBody(spec *egv1a1.EnvoyProxySpec) (map[string]any, error) {
	out, err := asValues(spec)
	if err != nil {
		return nil, err
	}
	jsonvalue.PruneEmpty(out)
	return out, nil
}

// ProxySatisfied reports whether the live EnvoyProxy holds everything the
// planned proxy sets, whatever else the API server (defaults) or others
// added: then it has not drifted.
func ProxySatisfied(planned EnvoyProxy, live *egv1a1.EnvoyProxy) bool {
	want, _, err := proxySpec(planned)
	if err != nil {
		return false
	}
	wantBody, err := ProxySpecBody(want)
	if err != nil {
		return false
	}
	liveBody, err := ProxySpecBody(&live.Spec)
	return err == nil && subsetOf(wantBody, liveBody)
}

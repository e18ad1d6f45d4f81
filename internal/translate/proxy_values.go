// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// The paths of EnvoyProxySpec the typed attributes own (see proxy_object.go),
// each with the attribute that owns it, for messages.
var proxyOwned = []struct {
	path  []string
	owner string
}{
	{[]string{"mergeGateways"}, "merge_gateways"},
	{[]string{"provider", "kubernetes", "envoyService", "type"}, "service.type"},
	{[]string{"provider", "kubernetes", "envoyService", "annotations"}, "service.annotations"},
	{[]string{"provider", "kubernetes", "envoyService", "labels"}, "service.labels"},
	{[]string{"provider", "kubernetes", "envoyService", "externalTrafficPolicy"}, "service.external_traffic_policy"},
	{[]string{"provider", "kubernetes", "envoyService", "loadBalancerClass"}, "service.load_balancer_class"},
	{[]string{"provider", "kubernetes", "envoyService", "loadBalancerSourceRanges"}, "service.load_balancer_source_ranges"},
	{[]string{"provider", "kubernetes", "envoyDeployment", "replicas"}, "deployment.replicas"},
	{[]string{"provider", "kubernetes", "envoyDeployment", "pod", "annotations"}, "deployment.pod_annotations"},
	{[]string{"provider", "kubernetes", "envoyDeployment", "pod", "labels"}, "deployment.pod_labels"},
	{[]string{"provider", "kubernetes", "envoyDeployment", "container", "resources"}, "deployment.resources"},
	{[]string{"provider", "type"}, "service or deployment (the Kubernetes provider)"},
}

// proxyOwner names the attribute that owns a path, or its nearest owned
// ancestor's.
func proxyOwner(path []string) string {
	for _, o := range proxyOwned {
		if len(path) >= len(o.path) && slices.Equal(path[:len(o.path)], o.path) {
			return o.owner
		}
	}
	for _, o := range proxyOwned {
		if len(o.path) > len(path) && slices.Equal(o.path[:len(path)], path) {
			return o.owner
		}
	}
	return "a typed attribute"
}

// typedProxyValues is what the set typed attributes put into the spec.
func typedProxyValues(p EnvoyProxy) (map[string]any, error) {
	out := map[string]any{}
	if err := put(out, "mergeGateways", p.MergeGateways, "merge_gateways"); err != nil {
		return nil, err
	}
	kube := map[string]any{}
	svc, err := serviceValues(p.Service)
	if err != nil {
		return nil, err
	}
	setNonEmpty(kube, "envoyService", svc)
	dep, err := deploymentValues(p.Deployment)
	if err != nil {
		return nil, err
	}
	setNonEmpty(kube, "envoyDeployment", dep)
	if len(kube) > 0 {
		out["provider"] = map[string]any{"type": "Kubernetes", "kubernetes": kube}
	}
	return out, nil
}

func serviceValues(v Value[ProxyService]) (map[string]any, error) {
	svc, ok := v.Get()
	if !ok {
		if v.IsUnknown() {
			return nil, fmt.Errorf("service: %w", ErrUnknown)
		}
		return nil, nil
	}
	m := map[string]any{}
	return m, errors.Join(
		put(m, "type", svc.Type, "service.type"),
		put(m, "annotations", svc.Annotations, "service.annotations"),
		put(m, "labels", svc.Labels, "service.labels"),
		put(m, "externalTrafficPolicy", svc.ExternalTrafficPolicy, "service.external_traffic_policy"),
		put(m, "loadBalancerClass", svc.LoadBalancerClass, "service.load_balancer_class"),
		put(m, "loadBalancerSourceRanges", svc.LoadBalancerSourceRanges, "service.load_balancer_source_ranges"),
	)
}

func deploymentValues(v Value[ProxyDeployment]) (map[string]any, error) {
	d, ok := v.Get()
	if !ok {
		if v.IsUnknown() {
			return nil, fmt.Errorf("deployment: %w", ErrUnknown)
		}
		return nil, nil
	}
	out, pod := map[string]any{}, map[string]any{}
	if err := put(out, "replicas", d.Replicas, "deployment.replicas"); err != nil {
		return nil, err
	}
	if err := put(pod, "annotations", d.PodAnnotations, "deployment.pod_annotations"); err != nil {
		return nil, err
	}
	if err := put(pod, "labels", d.PodLabels, "deployment.pod_labels"); err != nil {
		return nil, err
	}
	setNonEmpty(out, "pod", pod)
	res, ok := d.Resources.Get()
	if !ok {
		if d.Resources.IsUnknown() {
			return nil, fmt.Errorf("deployment.resources: %w", ErrUnknown)
		}
		return out, nil
	}
	rm := map[string]any{}
	for key, list := range map[string]Value[ResourceList]{"requests": res.Requests, "limits": res.Limits} {
		l, ok := list.Get()
		if !ok {
			if list.IsUnknown() {
				return nil, fmt.Errorf("deployment.resources.%s: %w", key, ErrUnknown)
			}
			continue
		}
		m := map[string]any{}
		if err := put(m, "cpu", l.CPU, "deployment.resources."+key+".cpu"); err != nil {
			return nil, err
		}
		if err := put(m, "memory", l.Memory, "deployment.resources."+key+".memory"); err != nil {
			return nil, err
		}
		setNonEmpty(rm, key, m)
	}
	if len(rm) > 0 {
		out["container"] = map[string]any{"resources": rm}
	}
	return out, nil
}

// put sets m[key] to a Value's content in the generic form of values: a
// null Value sets nothing, an unknown one is ErrUnknown.
func put[T any](m map[string]any, key string, v Value[T], attr string) error {
	if v.IsUnknown() {
		return fmt.Errorf("%s: %w", attr, ErrUnknown)
	}
	c, ok := v.Get()
	if !ok {
		return nil
	}
	switch c := any(c).(type) {
	case map[string]string:
		mm := make(map[string]any, len(c))
		for k, s := range c {
			mm[k] = s
		}
		m[key] = mm
	case []string:
		l := make([]any, len(c))
		for i, s := range c {
			l[i] = s
		}
		m[key] = l
	case int64:
		m[key] = float64(c) // as JSON decodes numbers
	default:
		m[key] = c
	}
	return nil
}

func setNonEmpty(m map[string]any, key string, v map[string]any) {
	if len(v) > 0 {
		m[key] = v
	}
}

// sameValue compares two values of generic form; two quantities compare
// by amount ("100m" and "0.1" are one CPU amount).
func sameValue(a, b any) bool {
	if as, ok := a.(string); ok {
		if bs, ok := b.(string); ok && as != bs {
			qa, errA := resource.ParseQuantity(as)
			qb, errB := resource.ParseQuantity(bs)
			return errA == nil && errB == nil && qa.Cmp(qb) == 0
		}
	}
	if am, ok := a.(map[string]any); ok {
		bm, ok := b.(map[string]any)
		if !ok || len(am) != len(bm) {
			return false
		}
		for k, v := range am {
			if w, ok := bm[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// subsetOf reports whether live holds everything want holds: every key of
// a mapping (recursively), lists element by element, equal leaves.
func subsetOf(want, live any) bool {
	switch w := want.(type) {
	case map[string]any:
		l, ok := live.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !subsetOf(v, l[k]) {
				return false
			}
		}
		return true
	case []any:
		l, ok := live.([]any)
		if !ok || len(l) != len(w) {
			return false
		}
		for i := range w {
			if !subsetOf(w[i], l[i]) {
				return false
			}
		}
		return true
	}
	return sameValue(want, live)
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

func joinPath(p []string) string { return strings.Join(p, ".") }

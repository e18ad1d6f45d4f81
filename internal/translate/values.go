// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// The Helm values of a tenant. The typed attributes own a few keys of the
// Envoy Gateway chart; extra user values go underneath and may not touch
// those keys with a different value. The keys (chart gateway-helm v1.9.1,
// values.yaml and templates/envoy-gateway-config.yaml):
//
//	config.envoyGateway.gateway.controllerName          controller_name
//	config.envoyGateway.provider.type                   always Kubernetes
//	config.envoyGateway.provider.kubernetes.watch       watch
//	config.envoyGateway.provider.kubernetes.deploy      deploy_type
//	namespaceOverride                                   namespace
//
// The chart renders config.envoyGateway into the EnvoyGateway config file,
// so that subtree is also decoded into egv1a1.EnvoyGateway and validated
// with Envoy Gateway's own validation.

// ownedKey is a values key a typed attribute owns.
type ownedKey struct {
	path  []string
	owner string // the attribute, for messages
	fix   string // what to do instead, for messages
	// allowEmpty lets the user set the key to "" (namespaceOverride: "" is
	// the chart default and means the release namespace).
	allowEmpty bool
}

var ownedKeys = []ownedKey{
	{path: []string{"config", "envoyGateway", "gateway", "controllerName"}, owner: "controller_name", fix: "set controller_name instead"},
	{path: []string{"config", "envoyGateway", "provider", "type"}, owner: "the provider", fix: "a tenant always runs Envoy Gateway's Kubernetes provider"},
	{path: []string{"config", "envoyGateway", "provider", "kubernetes", "watch"}, owner: "watch", fix: "set the watch attribute instead"},
	{path: []string{"config", "envoyGateway", "provider", "kubernetes", "deploy"}, owner: "deploy_type", fix: "set deploy_type instead"},
	{path: []string{"namespaceOverride"}, owner: "namespace", allowEmpty: true, fix: "the chart installs into the tenant's namespace; change namespace instead"},
}

// errInvalidWatch says typed values cannot be built from a watch that is
// invalid; the tenant phase reports why.
var errInvalidWatch = errors.New("watch must set exactly one of namespaces and namespace_selector")

// typedValues builds the values the typed attributes set. It fails with
// ErrUnknown when a value they need is unknown, and with errInvalidWatch.
func typedValues(t Tenant) (map[string]any, error) {
	ctrl, ok := controllerNameOf(t).Get()
	if !ok {
		if t.Name.IsNull() && t.ControllerName.IsNull() {
			return nil, errors.New("name is not set")
		}
		return nil, fmt.Errorf("controller_name: %w", ErrUnknown)
	}
	if t.DeployType.IsUnknown() {
		return nil, fmt.Errorf("deploy_type: %w", ErrUnknown)
	}
	kube := map[string]any{
		"deploy": map[string]any{"type": t.DeployType.Or(DeployControllerNamespace)},
	}
	switch sc := scopeOf(t.Watch); sc.kind {
	case scopeAll:
		// Omitted: Envoy Gateway watches every namespace.
	case scopeNamespaces:
		nss, _ := t.Watch.Or(Watch{}).Namespaces.Get()
		list := make([]any, len(nss))
		for i, n := range nss {
			list[i] = n
		}
		kube["watch"] = map[string]any{"type": string(egv1a1.KubernetesWatchModeTypeNamespaces), "namespaces": list}
	case scopeSelector:
		ls, known := toLabelSelector(sc.selector)
		if !known {
			return nil, fmt.Errorf("watch.namespace_selector: %w", ErrUnknown)
		}
		sel, err := asValues(ls)
		if err != nil {
			return nil, err
		}
		kube["watch"] = map[string]any{"type": string(egv1a1.KubernetesWatchModeTypeNamespaceSelector), "namespaceSelector": sel}
	default:
		if t.Watch.IsUnknown() || !watchDecided(t.Watch) {
			return nil, fmt.Errorf("watch: %w", ErrUnknown)
		}
		return nil, errInvalidWatch
	}
	return map[string]any{
		"config": map[string]any{
			"envoyGateway": map[string]any{
				"gateway": map[string]any{"controllerName": ctrl},
				"provider": map[string]any{
					"type":       string(egv1a1.ProviderTypeKubernetes),
					"kubernetes": kube,
				},
			},
		},
	}, nil
}

// watchDecided reports whether a watch is known enough to say which mode it
// is in (or that it is invalid).
func watchDecided(w Value[Watch]) bool {
	watch, ok := w.Get()
	return ok && !watch.Namespaces.IsUnknown() && !watch.NamespaceSelector.IsUnknown()
}

// parseValues reads the user's YAML values. Empty text means no values.
func parseValues(text string) (map[string]any, error) {
	if strings.TrimSpace(text) == "" {
		return map[string]any{}, nil
	}
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return nil, err
	}
	switch m := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return m, nil
	default:
		return nil, fmt.Errorf("values must be a YAML mapping at the top level, not %s", yamlKind(v))
	}
}

func yamlKind(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int64, int:
		return "a number"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// valuesConflict is one user value that contradicts a typed attribute.
type valuesConflict struct {
	key   string // dotted values key
	owner string
	fix   string
	user  any
	typed any // nil when the typed attributes leave the key unset
}

// findConflicts lists the owned keys the user values set differently.
// namespace is the tenant's namespace (for namespaceOverride).
func findConflicts(user, typed map[string]any, namespace string) []valuesConflict {
	var out []valuesConflict
	seen := map[string]bool{} // one scalar in the way of several owned keys is one conflict
	for _, own := range ownedKeys {
		cur := user
		for i, k := range own.path {
			v, present := cur[k]
			if !present || v == nil {
				break
			}
			last := i == len(own.path)-1
			if !last {
				m, isMap := v.(map[string]any)
				if !isMap {
					// A scalar or list where the chart needs a mapping
					// replaces everything the typed attributes set below.
					if key := strings.Join(own.path[:i+1], "."); !seen[key] {
						seen[key] = true
						out = append(out, valuesConflict{key: key, owner: own.owner, fix: own.fix, user: v, typed: lookup(typed, own.path[:i+1])})
					}
					break
				}
				cur = m
				continue
			}
			want := lookup(typed, own.path)
			if own.path[0] == "namespaceOverride" {
				want = namespace
			}
			if s, isStr := v.(string); own.allowEmpty && isStr && s == "" {
				break
			}
			if !reflect.DeepEqual(v, want) {
				out = append(out, valuesConflict{key: strings.Join(own.path, "."), owner: own.owner, fix: own.fix, user: v, typed: want})
			}
		}
	}
	return out
}

func lookup(m map[string]any, path []string) any {
	var cur any = m
	for _, k := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

// mergeValues returns the user values with the owned keys removed and the
// typed values laid on top: what the provider hands to Helm.
func mergeValues(user, typed map[string]any) map[string]any {
	out := deepCopyMap(user)
	for _, own := range ownedKeys {
		deleteKey(out, own.path)
	}
	overlay(out, typed)
	return out
}

func deleteKey(m map[string]any, path []string) {
	for i, k := range path {
		if i == len(path)-1 {
			delete(m, k)
			return
		}
		next, ok := m[k].(map[string]any)
		if !ok {
			delete(m, k) // a non-mapping (if any) in the way of an owned key
			return
		}
		m = next
	}
}

func overlay(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			dm, ok := dst[k].(map[string]any)
			if !ok {
				dm = map[string]any{}
				dst[k] = dm
			}
			overlay(dm, sm)
			continue
		}
		dst[k] = deepCopyValue(v)
	}
}

func deepCopyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopyValue(v)
	}
	return out
}

func deepCopyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopyMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopyValue(e)
		}
		return out
	}
	return v
}

// envoyGatewayConfig decodes the config.envoyGateway subtree of merged
// values into the EnvoyGateway the chart writes into its ConfigMap. Fields
// Envoy Gateway does not know are returned as unknownFields (it ignores
// them when it starts); a value of the wrong type is an error (it does not
// start).
func envoyGatewayConfig(merged map[string]any) (eg *egv1a1.EnvoyGateway, unknownFields []string, err error) {
	sub, _ := lookup(merged, []string{"config", "envoyGateway"}).(map[string]any)
	data, err := json.Marshal(sub)
	if err != nil {
		return nil, nil, err
	}
	eg = &egv1a1.EnvoyGateway{}
	strict, err := sigsjson.UnmarshalStrict(data, eg, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range strict {
		unknownFields = append(unknownFields, e.Error())
	}
	slices.Sort(unknownFields)
	eg.APIVersion = egv1a1.GroupVersion.String()
	eg.Kind = egv1a1.KindEnvoyGateway
	return eg, unknownFields, nil
}

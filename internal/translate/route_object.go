// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/jsonvalue"
)

// An HTTPRoute renders and parses through the generic form (generic.go):
// its input mirrors the API's spec, in snake_case, except that a filter's
// type is which of its fields is set.

// filterTypes maps a filter's field to the API's filter type.
var filterTypes = map[string]string{
	"requestHeaderModifier":  string(gwapiv1.HTTPRouteFilterRequestHeaderModifier),
	"responseHeaderModifier": string(gwapiv1.HTTPRouteFilterResponseHeaderModifier),
	"requestRedirect":        string(gwapiv1.HTTPRouteFilterRequestRedirect),
	"urlRewrite":             string(gwapiv1.HTTPRouteFilterURLRewrite),
	"requestMirror":          string(gwapiv1.HTTPRouteFilterRequestMirror),
}

// RenderHTTPRoute builds the HTTPRoute of an eg_http_route. Call it when
// Validate reports no errors for the route.
func RenderHTTPRoute(r HTTPRoute) (*gwapiv1.HTTPRoute, error) {
	name, ns, err := knownNames(r.Name, r.Namespace)
	if err != nil {
		return nil, err
	}
	spec, err := routeSpecValues(r)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	out := &gwapiv1.HTTPRoute{
		TypeMeta:   metav1.TypeMeta{APIVersion: gwapiv1.GroupVersion.String(), Kind: "HTTPRoute"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
	}
	if err := json.Unmarshal(data, &out.Spec); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return out, nil
}

// routeSpecValues is a route's spec in the API's generic form.
func routeSpecValues(r HTTPRoute) (map[string]any, error) {
	spec := map[string]any{}
	for _, f := range []struct {
		name string
		v    any
	}{{"parent_refs", &r.ParentRefs}, {"hostnames", &r.Hostnames}, {"rules", &r.Rules}} {
		g, err := toGeneric(reflect.ValueOf(f.v).Elem(), f.name)
		if err != nil {
			return nil, err
		}
		if g != nil {
			spec[f.name] = g
		}
	}
	out, _ := renameKeys(spec, camelName).(map[string]any)
	dropEmptyNamespaces(out)
	for _, f := range filtersOf(out) {
		// In a stable order: a filter that (wrongly) sets two fields
		// renders the same on every run.
		for _, field := range slices.Sorted(maps.Keys(filterTypes)) {
			if _, ok := f[field]; ok {
				f["type"] = filterTypes[field]
				break
			}
		}
	}
	return asValues(out) // JSON's own types, as a live object's
}

// filtersOf lists the filter mappings of a spec in generic form: the
// rules' and their mirrors' are all at rules[].filters[].
func filtersOf(spec map[string]any) []map[string]any {
	var out []map[string]any
	rules, _ := spec["rules"].([]any)
	for _, rule := range rules {
		rm, _ := rule.(map[string]any)
		filters, _ := rm["filters"].([]any)
		for _, f := range filters {
			if fm, ok := f.(map[string]any); ok {
				out = append(out, fm)
			}
		}
	}
	return out
}

// ParseHTTPRoute reads an HTTPRoute from the cluster as the translator's
// input, as the API server holds it (its defaults included); Key and
// Origin are left to the caller.
func ParseHTTPRoute(r *gwapiv1.HTTPRoute) (HTTPRoute, error) {
	spec, err := asValues(r.Spec)
	if err != nil {
		return HTTPRoute{}, err
	}
	return parseRouteValues(r.Name, r.Namespace, spec), nil
}

func parseRouteValues(name, namespace string, spec map[string]any) HTTPRoute {
	for _, f := range filtersOf(spec) {
		delete(f, "type")
	}
	jsonvalue.PruneEmpty(spec)
	g, _ := renameKeys(spec, snakeName).(map[string]any)
	out := HTTPRoute{Name: Known(name), Namespace: Known(namespace)}
	fromGeneric(g["parent_refs"], reflect.ValueOf(&out.ParentRefs).Elem())
	fromGeneric(g["hostnames"], reflect.ValueOf(&out.Hostnames).Elem())
	fromGeneric(g["rules"], reflect.ValueOf(&out.Rules).Elem())
	return out
}

// RouteSatisfied reports whether the live HTTPRoute holds everything the
// planned route sets, whatever the API server added (defaults): then it
// has not drifted.
func RouteSatisfied(planned HTTPRoute, live *gwapiv1.HTTPRoute) bool {
	want, err := routeSpecValues(planned)
	if err != nil {
		return false
	}
	have, err := asValues(live.Spec)
	return err == nil && subsetOf(want, have)
}

// ProjectRoute reads an HTTPRoute from the cluster as far as it concerns
// the planned route: the values at the paths the plan sets (lists whole),
// as the cluster holds them. What changed then shows against the plan.
func ProjectRoute(live *gwapiv1.HTTPRoute, planned HTTPRoute) (HTTPRoute, error) {
	want, err := routeSpecValues(planned)
	if err != nil {
		return HTTPRoute{}, err
	}
	have, err := asValues(live.Spec)
	if err != nil {
		return HTTPRoute{}, err
	}
	projected, _ := project(have, want).(map[string]any)
	return parseRouteValues(live.Name, live.Namespace, projected), nil
}

// ShortenRoute leaves out of a route read on import what the API server
// fills in: a backend's core group and Service kind, a header or query
// match's Exact type, and the catch-all match it gives a rule without
// matches.
func ShortenRoute(r HTTPRoute) HTTPRoute {
	rules, ok := r.Rules.Get()
	if !ok {
		return r
	}
	out := make([]HTTPRouteRule, len(rules))
	for i, rule := range rules {
		ms, _ := rule.Matches.Get()
		if len(ms) == 1 && reflect.DeepEqual(ms[0], HTTPRouteMatch{Path: Known(PathMatch{Type: Known("PathPrefix"), Value: Known("/")})}) {
			ms = nil
			rule.Matches = Null[[]HTTPRouteMatch]()
		}
		if len(ms) > 0 {
			short := make([]HTTPRouteMatch, len(ms))
			for j, m := range ms {
				m.Headers, m.QueryParams = shortenValueMatches(m.Headers), shortenValueMatches(m.QueryParams)
				short[j] = m
			}
			rule.Matches = Known(short)
		}
		if refs, ok := rule.BackendRefs.Get(); ok {
			short := make([]BackendRef, len(refs))
			for j, b := range refs {
				short[j] = shortenBackend(b)
			}
			rule.BackendRefs = Known(short)
		}
		if fs, ok := rule.Filters.Get(); ok {
			short := make([]HTTPRouteFilter, len(fs))
			for j, f := range fs {
				if m, ok := f.RequestMirror.Get(); ok {
					if b, ok := m.BackendRef.Get(); ok {
						m.BackendRef = Known(shortenBackend(b))
					}
					f.RequestMirror = Known(m)
				}
				short[j] = f
			}
			rule.Filters = Known(short)
		}
		out[i] = rule
	}
	r.Rules = Known(out)
	return r
}

func shortenBackend(b BackendRef) BackendRef {
	if b.Group.Or("x") == "" {
		b.Group = Null[string]()
	}
	if b.Kind.Or("") == "Service" {
		b.Kind = Null[string]()
	}
	return b
}

func shortenValueMatches(v Value[[]ValueMatch]) Value[[]ValueMatch] {
	ms, ok := v.Get()
	if !ok {
		return v
	}
	out := make([]ValueMatch, len(ms))
	for i, m := range ms {
		if m.Type.Or("") == "Exact" {
			m.Type = Null[string]()
		}
		out[i] = m
	}
	return Known(out)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

// dropEmptyNamespaces removes the namespaces set to "" from a route spec
// in generic API form: HTTPRoute says "" means the route's namespace (as
// Terraform users write "" for none), while the API server refuses an
// empty namespace (minLength 1) in a parent or backend reference.
func dropEmptyNamespaces(spec map[string]any) {
	drop := func(ref any) {
		if m, ok := ref.(map[string]any); ok && m["namespace"] == "" {
			delete(m, "namespace")
		}
	}
	refs, _ := spec["parentRefs"].([]any)
	for _, r := range refs {
		drop(r)
	}
	rules, _ := spec["rules"].([]any)
	for _, rule := range rules {
		rm, _ := rule.(map[string]any)
		backends, _ := rm["backendRefs"].([]any)
		for _, b := range backends {
			drop(b)
		}
	}
	for _, f := range filtersOf(spec) {
		if m, ok := f["requestMirror"].(map[string]any); ok {
			drop(m["backendRef"])
		}
	}
}

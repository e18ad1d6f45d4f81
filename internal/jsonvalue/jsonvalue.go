// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package jsonvalue holds what the translator and the clients both do to
// values of the generic JSON form (map[string]any, []any, scalars).
package jsonvalue

// PruneEmpty removes, recursively, the nulls and the mappings left empty
// from m: what a typed Kubernetes struct's non-pointer fields (an
// EnvoyProxy's logging) leave in its JSON, and what no one set.
func PruneEmpty(m map[string]any) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			PruneEmpty(sub)
			if len(sub) == 0 {
				delete(m, k)
			}
			continue
		}
		if v == nil {
			delete(m, k)
		}
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package jsonvalue

import (
	"reflect"
	"testing"
)

func TestPruneEmpty(t *testing.T) {
	m := map[string]any{"logging": map[string]any{}, "a": map[string]any{"b": map[string]any{"c": nil}, "d": 1},
		"list": []any{map[string]any{}}, "zero": 0, "empty": ""}
	PruneEmpty(m)
	want := map[string]any{"a": map[string]any{"d": 1}, "list": []any{map[string]any{}}, "zero": 0, "empty": ""}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %v, want %v", m, want)
	}
}

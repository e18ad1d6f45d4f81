// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestYAMLEqual(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{`"commonLabels": {"team": "marketing"}`, "commonLabels:\n  team: marketing\n", true},
		{"a: 1\nb: [x, y]", "b:\n- x\n- y\na: 1", true},
		{"", "{}", true},
		{"a: 1", "a: 2", false},
		{"a: [x, y]", "a: [y, x]", false},
		{"a: 1", "a: [", false},
	}
	for _, c := range cases {
		if got := yamlEqual(c.a, c.b); got != c.want {
			t.Errorf("yamlEqual(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestValuesSHA256IsCanonical(t *testing.T) {
	a, err := valuesSHA256(map[string]any{"b": 1, "a": map[string]any{"x": []any{"1", 2}}})
	if err != nil {
		t.Fatal(err)
	}
	// Helm's storage returns numbers as float64 and keys in any order.
	b, err := valuesSHA256(map[string]any{"a": map[string]any{"x": []any{"1", float64(2)}}, "b": float64(1)})
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("same values, different hashes: %s %s", a, b)
	}
	c, _ := valuesSHA256(map[string]any{"b": 2})
	if a == c {
		t.Fatal("different values, same hash")
	}
	empty, _ := valuesSHA256(nil)
	alsoEmpty, _ := valuesSHA256(map[string]any{})
	if empty != alsoEmpty {
		t.Fatal("nil and empty values hash differently")
	}
}

func TestMergedValuesText(t *testing.T) {
	var diags diag.Diagnostics
	v := mergedValuesText(types.StringValue("a:\n  b: 1\n  c: 2\n"), types.StringValue("a:\n  c: 3\n"), &diags)
	got, ok := v.Get()
	if !ok || diags.HasError() {
		t.Fatalf("merged values not known: %v %v", v, diags)
	}
	if !yamlEqual(got, "a: {b: 1, c: 3}") {
		t.Fatalf("merged = %q", got)
	}
	if v := mergedValuesText(types.StringUnknown(), types.StringNull(), &diags); !v.IsUnknown() {
		t.Fatal("unknown values must stay unknown")
	}
	diags = nil
	mergedValuesText(types.StringNull(), types.StringValue("password: 'hunter2"), &diags)
	if !diags.HasError() {
		t.Fatal("invalid sensitive YAML must be an error")
	}
	for _, d := range diags {
		if strings.Contains(d.Detail(), "hunter2") {
			t.Fatalf("diagnostic leaks the sensitive value: %s", d.Detail())
		}
	}
}

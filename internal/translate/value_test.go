// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"testing"
)

func TestValueStates(t *testing.T) {
	var zero Value[string]
	if !zero.IsNull() || zero.IsKnown() || zero.IsUnknown() {
		t.Errorf("zero Value is not null: %v", zero)
	}
	if v, ok := Known("x").Get(); !ok || v != "x" {
		t.Errorf("Known(x).Get() = %q, %v", v, ok)
	}
	if _, ok := Unknown[int64]().Get(); ok {
		t.Error("Unknown().Get() reports known")
	}
	if got := Unknown[string]().Or("d"); got != "d" {
		t.Errorf("Unknown().Or(d) = %q", got)
	}
	if got := Known("").Or("d"); got != "" {
		t.Errorf(`Known("").Or(d) = %q, want ""`, got)
	}
}

func TestValueJSON(t *testing.T) {
	type doc struct {
		A Value[string]   `json:"a"`
		B Value[int64]    `json:"b"`
		C Value[[]string] `json:"c"`
		D Value[Watch]    `json:"d"`
	}
	in := doc{A: Known("x"), B: Unknown[int64](), D: Known(Watch{Namespaces: Known([]string{"a"})})}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out doc
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	if out.A.String() != "x" || !out.B.IsUnknown() || !out.C.IsNull() {
		t.Errorf("round trip of %s gave %+v", data, out)
	}
	w, ok := out.D.Get()
	if nss, _ := w.Namespaces.Get(); !ok || len(nss) != 1 || nss[0] != "a" {
		t.Errorf("nested value lost: %s", data)
	}
	// "<" is escaped by encoders; the sentinel must still be recognised.
	if err := json.Unmarshal([]byte(`{"a":"\u003cunknown\u003e"}`), &out); err != nil || !out.A.IsUnknown() {
		t.Errorf("escaped sentinel not read as unknown: %v %v", out.A, err)
	}
	// Misspelt attributes inside a value are errors, not silent nulls.
	if err := json.Unmarshal([]byte(`{"d":{"namespace":["a"]}}`), &out); err == nil {
		t.Error("unknown field inside a Value was accepted")
	}
}

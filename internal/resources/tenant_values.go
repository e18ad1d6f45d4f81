// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"sigs.k8s.io/yaml"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// mergedValuesText is the extra chart values the translator sees: values with
// sensitive_values merged over them, as YAML. Unknown when either is unknown.
func mergedValuesText(values, sensitive types.String, diags *diag.Diagnostics) translate.Value[string] {
	if values.IsUnknown() || sensitive.IsUnknown() {
		return translate.Unknown[string]()
	}
	if sensitive.IsNull() || sensitive.ValueString() == "" {
		return str(values)
	}
	var secret map[string]any
	if err := yaml.Unmarshal([]byte(sensitive.ValueString()), &secret); err != nil {
		// Never echo the text: it is sensitive.
		diags.AddAttributeError(path.Root("sensitive_values"), "Invalid YAML", "sensitive_values is not a YAML mapping: "+redact(err))
		return translate.Unknown[string]()
	}
	var base map[string]any
	if !values.IsNull() {
		if err := yaml.Unmarshal([]byte(values.ValueString()), &base); err != nil {
			return str(values) // the translator reports it on values
		}
	}
	merged, err := yaml.Marshal(deepMerge(base, secret))
	if err != nil {
		diags.AddAttributeError(path.Root("sensitive_values"), "Cannot merge values", err.Error())
		return translate.Unknown[string]()
	}
	return translate.Known(string(merged))
}

// redact keeps the position of a YAML error and drops any quoted content.
func redact(err error) string {
	msg := err.Error()
	for i, r := range msg {
		if r == '`' || r == '"' || r == '\'' {
			return msg[:i] + "(content hidden)"
		}
	}
	return msg
}

// deepMerge returns over merged onto base: maps merge key by key, anything
// else in over replaces what base has.
func deepMerge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if om, ok := v.(map[string]any); ok {
			if bm, ok := out[k].(map[string]any); ok {
				out[k] = deepMerge(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// valuesSHA256 hashes chart values canonically (JSON with sorted keys), so a
// release's stored values and freshly rendered ones compare equal.
func valuesSHA256(values map[string]any) (string, error) {
	if values == nil {
		values = map[string]any{}
	}
	// A round trip through JSON makes numbers and nested types uniform, as
	// Helm's release storage does.
	b, err := json.Marshal(values)
	if err != nil {
		return "", err
	}
	var norm any
	if err := json.Unmarshal(b, &norm); err != nil {
		return "", err
	}
	b, err = json.Marshal(norm)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// yamlSemanticEqual keeps the prior string when the configured YAML means
// the same thing, so reformatting (or an import that wrote the values in
// another layout) plans no change.
func yamlSemanticEqual() planmodifier.String { return yamlEqualModifier{} }

type yamlEqualModifier struct{}

func (yamlEqualModifier) Description(context.Context) string {
	return "Keeps the prior value when the YAML is equal in meaning."
}
func (m yamlEqualModifier) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (yamlEqualModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if yamlEqual(req.StateValue.ValueString(), req.PlanValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

func yamlEqual(a, b string) bool {
	var av, bv any
	if yaml.Unmarshal([]byte(a), &av) != nil || yaml.Unmarshal([]byte(b), &bv) != nil {
		return false
	}
	if av == nil {
		av = map[string]any{}
	}
	if bv == nil {
		bv = map[string]any{}
	}
	return reflect.DeepEqual(av, bv)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the schema validators used to refuse, the translator refuses at
// validate: one source of truth, the same verdicts, on the attribute path.
// Sent through the provider server's ValidateResourceConfig, as Terraform
// does on `terraform validate` and before every plan.
func TestValidateConfigRefusesWhatTheSchemaUsedTo(t *testing.T) {
	p := newRPC(t)
	strs := func(ss ...string) tftypes.Value {
		vals := make([]tftypes.Value, len(ss))
		for i, s := range ss {
			vals[i] = str(s)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vals)
	}
	watch := func(values map[string]tftypes.Value) tftypes.Value { return p.object("eg_tenant", "watch", values) }
	selector := func(op string) tftypes.Value {
		watchType := mustBe[tftypes.Object](t, p.attrType("eg_tenant", "watch"))
		typ := mustBe[tftypes.Object](t, watchType.AttributeTypes["namespace_selector"])
		exprs := mustBe[tftypes.List](t, typ.AttributeTypes["match_expressions"])
		expr := fillObject(mustBe[tftypes.Object](t, exprs.ElementType), map[string]tftypes.Value{"key": str("team"), "operator": str(op)})
		return fillObject(typ, map[string]tftypes.Value{"match_expressions": tftypes.NewValue(exprs, []tftypes.Value{expr})})
	}
	tenant := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		v := map[string]tftypes.Value{"name": str("marketing"), "namespace": str("marketing")}
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	for _, c := range []struct {
		name, path, summary string
		values              map[string]tftypes.Value
	}{
		{"name not a release name", "name", "invalid release name", tenant(map[string]tftypes.Value{"name": str("Marketing_Team")})},
		{"name too long", "name", "exceeds max length", tenant(map[string]tftypes.Value{"name": str(strings.Repeat("a", 51))})},
		{"namespace not a label", "namespace", "", tenant(map[string]tftypes.Value{"namespace": str("Bad_NS")})},
		{"controller name too long", "controller_name", "", tenant(map[string]tftypes.Value{"controller_name": str("example.com/" + strings.Repeat("a", 250))})},
		{"deploy type unknown", "deploy_type", "Unsupported value", tenant(map[string]tftypes.Value{"deploy_type": str("Nowhere")})},
		{"no watched namespace", "watch", "", tenant(map[string]tftypes.Value{"watch": watch(map[string]tftypes.Value{"namespaces": strs()})})},
		{"a watched namespace twice", "watch.namespaces[1]", "listed twice", tenant(map[string]tftypes.Value{"watch": watch(map[string]tftypes.Value{"namespaces": strs("a", "a")})})},
		{"a watched namespace not a label", "watch.namespaces[0]", "", tenant(map[string]tftypes.Value{"watch": watch(map[string]tftypes.Value{"namespaces": strs("Bad")})})},
		{"namespaces and selector", "watch", "both", tenant(map[string]tftypes.Value{"watch": watch(map[string]tftypes.Value{"namespaces": strs("a"), "namespace_selector": selector("Exists")})})},
		{"selector operator unknown", "watch.namespace_selector.match_expressions[0]", "invalid label selector", tenant(map[string]tftypes.Value{"watch": watch(map[string]tftypes.Value{"namespace_selector": selector("Sometimes")})})},
	} {
		t.Run(c.name, func(t *testing.T) {
			diags := p.validate("eg_tenant", c.values)
			found := false
			for _, d := range diags {
				if attributePathText(d.Attribute) == c.path && strings.Contains(d.Summary, c.summary) {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error on %s (%q), got:%s", c.path, c.summary, diagnosticsText(diags))
			}
		})
	}
	if diags := p.validate("eg_tenant", tenant(map[string]tftypes.Value{"watch": watch(map[string]tftypes.Value{"namespace_selector": selector("Exists")})})); len(diags) != 0 {
		t.Errorf("a valid tenant: %s", diagnosticsText(diags))
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"sigs.k8s.io/yaml"
)

// redacted stands where a diagnostic would quote a sensitive value.
const redacted = "(sensitive value)"

// minSecretLen is the shortest value redacted: shorter ones ("true", "80")
// say nothing secret and occur everywhere in a message.
const minSecretLen = 4

// sensitiveStrings lists the scalar values of a sensitive YAML document,
// longest first, so that a diagnostic quoting one (the translator's
// "values sets X", Envoy Gateway's validation errors, Helm's) can hide it.
func sensitiveStrings(doc types.String) []string {
	if doc.IsNull() || doc.IsUnknown() {
		return nil
	}
	var v any
	if yaml.Unmarshal([]byte(doc.ValueString()), &v) != nil {
		return nil // reported on the attribute without its text
	}
	var out []string
	collectScalars(v, &out)
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func collectScalars(v any, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for _, e := range t {
			collectScalars(e, out)
		}
	case []any:
		for _, e := range t {
			collectScalars(e, out)
		}
	case nil, bool:
	default:
		if s := fmt.Sprint(t); len(s) >= minSecretLen {
			*out = append(*out, s)
		}
	}
}

// redactDiagnostics hides every secret in the summaries and details of diags.
func redactDiagnostics(diags diag.Diagnostics, secrets []string) diag.Diagnostics {
	if len(secrets) == 0 {
		return diags
	}
	hide := func(s string) string {
		for _, secret := range secrets {
			s = strings.ReplaceAll(s, secret, redacted)
		}
		return s
	}
	out := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		summary, detail := hide(d.Summary()), hide(d.Detail())
		withPath, ok := d.(diag.DiagnosticWithPath)
		switch {
		case ok && d.Severity() == diag.SeverityWarning:
			out = append(out, diag.NewAttributeWarningDiagnostic(withPath.Path(), summary, detail))
		case ok:
			out = append(out, diag.NewAttributeErrorDiagnostic(withPath.Path(), summary, detail))
		case d.Severity() == diag.SeverityWarning:
			out = append(out, diag.NewWarningDiagnostic(summary, detail))
		default:
			out = append(out, diag.NewErrorDiagnostic(summary, detail))
		}
	}
	return out
}

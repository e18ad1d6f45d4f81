// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// FuzzTenantValuesRedaction feeds values and sensitive_values through what a
// tenant's plan does with them (merge, the translator's rules, redaction)
// and checks that it never panics and that no scalar of a well-formed
// sensitive_values reaches a diagnostic. Seeds: corpus in testdata/fuzz.
func FuzzTenantValuesRedaction(f *testing.F) {
	f.Add("", `config: {envoyGateway: {gateway: {controllerName: "https://admin:hunter2@idp/%zz"}}}`)
	f.Add("commonLabels: {team: x}", "commonLabels: {token: s3cr3t}")
	f.Add(`config: {envoyGateway: {provider: {kubernetes: {watch: {type: Namespaces}}}}}`, `config: {envoyGateway: {logging: {level: {default: "p4ssword"}}}}`)
	f.Add("namespaceOverride: other", "namespaceOverride: t0p-secret-ns")
	f.Add("a: [", "b: {c: [1, 2, {d: sensitive}]}")
	f.Fuzz(func(t *testing.T, values, sensitive string) {
		var diags diag.Diagnostics
		sv := types.StringValue(sensitive)
		merged := mergedValuesText(types.StringValue(values), sv, &diags)
		tenant := translate.Tenant{Key: "k", Name: translate.Known("mkt"), Namespace: translate.Known("mkt"), Values: merged}
		diags.Append(problemDiagnostics(translate.Validate(translate.Set{Tenants: []translate.Tenant{tenant}, ClusterUnknown: true}), "k")...)
		secrets := sensitiveStrings(sv)
		for _, d := range redactDiagnostics(diags, secrets) {
			// The marker itself may hold a short secret ("sens"): look only
			// at what is not the marker.
			text := strings.ReplaceAll(d.Summary()+"\n"+d.Detail(), redacted, "\x00")
			for _, s := range secrets {
				if strings.Contains(text, s) && !strings.Contains(values, s) {
					t.Fatalf("a value of sensitive_values (%q) stands in the diagnostic %q: %q", s, d.Summary(), d.Detail())
				}
			}
		}
	})
}

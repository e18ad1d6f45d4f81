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

// A value from sensitive_values that the translator or Envoy Gateway's
// validation quotes in a plan error is hidden, wherever it stands.
func TestTenantProblemsHideSensitiveValues(t *testing.T) {
	const secret = "https://admin:hunter2-token@idp.example.com/%zz"
	sensitive := types.StringValue(`config: {envoyGateway: {gateway: {controllerName: "` + secret + `"}}}`)
	var diags diag.Diagnostics
	values := mergedValuesText(types.StringNull(), sensitive, &diags)
	tenant := translate.Tenant{Key: "k", Name: translate.Known("mkt"), Namespace: translate.Known("mkt"), Values: values}
	set := translate.Set{Tenants: []translate.Tenant{tenant}, ClusterUnknown: true}
	problems := problemDiagnostics(translate.Validate(set), "k")
	if !problems.HasError() {
		t.Fatal("a controllerName in values that contradicts the typed one must be a plan error")
	}
	quoted := false
	for _, d := range problems {
		quoted = quoted || strings.Contains(d.Detail(), "hunter2")
	}
	if !quoted {
		t.Fatalf("the test needs a diagnostic that quotes the value; got %v", problems)
	}
	for _, d := range redactDiagnostics(problems, sensitiveStrings(sensitive)) {
		if strings.Contains(d.Summary()+d.Detail(), "hunter2") {
			t.Errorf("diagnostic leaks the sensitive value: %s: %s", d.Summary(), d.Detail())
		}
		if !strings.Contains(d.Detail(), redacted) {
			t.Errorf("diagnostic does not say a value was hidden: %s", d.Detail())
		}
		if _, ok := d.(diag.DiagnosticWithPath); !ok {
			t.Errorf("redaction lost the attribute path of %q", d.Summary())
		}
	}
}

func TestSensitiveStringsSkipsShortScalars(t *testing.T) {
	got := sensitiveStrings(types.StringValue("a: {port: 80, on: true, token: abcd, list: [longer-one]}"))
	if strings.Join(got, ",") != "longer-one,abcd" {
		t.Fatalf("sensitiveStrings = %v", got)
	}
	if sensitiveStrings(types.StringNull()) != nil || sensitiveStrings(types.StringValue("a: [")) != nil {
		t.Fatal("null or malformed documents have no strings to hide")
	}
}

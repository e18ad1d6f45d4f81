// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// problemDiagnostics turns the translator's problems about one resource (by
// key) into diagnostics on the attribute paths they name.
func problemDiagnostics(problems []translate.Problem, key string) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, p := range problems {
		if p.Resource.Key != key {
			continue
		}
		at := attributePath(p.Path)
		if p.Severity == translate.SeverityWarning {
			diags.AddAttributeWarning(at, p.Summary, p.Detail)
		} else {
			diags.AddAttributeError(at, p.Summary, p.Detail)
		}
	}
	return diags
}

// attributePath converts a translator path step by step.
func attributePath(p translate.Path) path.Path {
	if len(p) == 0 {
		return path.Empty()
	}
	var out path.Path
	for i, s := range p {
		switch {
		case i == 0:
			out = path.Root(s.Name)
		case s.Kind == translate.StepIndex:
			out = out.AtListIndex(s.Index)
		case s.Kind == translate.StepKey:
			out = out.AtMapKey(s.Name)
		default:
			out = out.AtName(s.Name)
		}
	}
	return out
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import "testing"

// The provider log's fields come in any order; a multi-line value may be
// first, in the middle or last.
func TestProviderDiagnosticsParsesEveryFieldOrder(t *testing.T) {
	const head = "2026-12-02T12:20:42.039Z [ERROR] provider.terraform-provider-eg_v0.1.0: Response contains error diagnostic:"
	detail := "\n  diagnostic_detail=\n  | first line with a = sign\n  | \n  | last \"line\"\n  "
	fields := []string{
		`diagnostic_attribute="AttributeName(\"merge_gateways\")"`,
		`diagnostic_summary="Invalid value: \"x\": should match '^(\*\.)?[a-z]$'"`,
		`diagnostic_severity=ERROR`,
		`tf_rpc=ValidateResourceConfig`,
	}
	orders := [][]int{{-1, 0, 1, 2, 3}, {0, -1, 1, 2, 3}, {0, 1, 2, 3, -1}, {3, 2, -1, 1, 0}}
	for _, order := range orders {
		line := head
		for _, f := range order {
			switch {
			case f < 0:
				line += detail
			default:
				line += " " + fields[f]
			}
		}
		got := providerDiagnostics(line + "\n2026-12-02T12:20:43.000Z [WARN] next entry\n")
		if len(got) != 1 {
			t.Fatalf("order %v: %d diagnostics from %q", order, len(got), line)
		}
		d := got[0]
		if d.Attribute != `AttributeName("merge_gateways")` || d.Summary != `Invalid value: "x": should match '^(\*\.)?[a-z]$'` ||
			d.Detail != "first line with a = sign\n\nlast \"line\"" || d.Severity != "ERROR" || d.RPC != "ValidateResourceConfig" {
			t.Errorf("order %v: %+v\nfrom %q", order, d, line)
		}
	}
}

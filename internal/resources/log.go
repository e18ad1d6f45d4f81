// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logHelm sends a Helm SDK log line to the provider's log (TF_LOG=DEBUG).
func logHelm(ctx context.Context, msg string) {
	tflog.Debug(ctx, msg, map[string]any{"source": "helm"})
}

// logStep logs at DEBUG that the resource starts what (the framework's
// context already names the RPC and the resource type) and returns what
// logs its end: how long it took and whether it failed. Fields must never
// hold a secret: names, ids and counts only.
func logStep(ctx context.Context, what string, fields map[string]any) func(diag.Diagnostics) {
	start := time.Now()
	tflog.Debug(ctx, what, fields)
	return func(diags diag.Diagnostics) {
		end := map[string]any{"duration_ms": time.Since(start).Milliseconds(), "errors": diags.ErrorsCount(), "warnings": diags.WarningsCount()}
		for k, v := range fields {
			end[k] = v
		}
		tflog.Debug(ctx, what+": done", end)
	}
}

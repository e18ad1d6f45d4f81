// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// writePlanned is the one shape of every Create and Update: read the plan,
// bound the work by the configured timeout, write, and record the state the
// write returns. The state is recorded even when a wait after the write
// failed, so Terraform knows what exists (and taints it on create).
func writePlanned[M any](ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics,
	timeout func(context.Context, *M) (time.Duration, diag.Diagnostics),
	write func(context.Context, M) (*M, diag.Diagnostics)) {
	var m M
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	d, dd := timeout(ctx, &m)
	diags.Append(dd...)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	done := logStep(ctx, "writing the planned object", map[string]any{"timeout": d.String()})
	written, dd := write(ctx, m)
	done(dd)
	diags.Append(dd...)
	if written != nil {
		diags.Append(state.Set(ctx, written)...)
	}
}

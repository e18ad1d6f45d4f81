// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// deleteTarget is the object a gateway kind's state names, for its Delete.
type deleteTarget struct {
	kind            string // as the messages say it: "Gateway"
	namespace, name string // namespace empty for cluster-scoped kinds
	timeouts        timeouts.Value
}

func (t deleteTarget) id() string {
	if t.namespace == "" {
		return t.name
	}
	return t.namespace + "/" + t.name
}

// deleteObject is the one shape of every gateway kind's Delete: read the
// state, bound the work by its delete timeout (5 minutes by default), and
// delete the object (a missing one is not an error).
func deleteObject[M any](ctx context.Context, state tfsdk.State, diags *diag.Diagnostics, kube *clients.Kube,
	target func(*M) deleteTarget, del func(context.Context, *clients.Kube, string, string) error) {
	var m M
	if diags.Append(state.Get(ctx, &m)...); diags.HasError() {
		return
	}
	t := target(&m)
	timeout, d := t.timeouts.Delete(ctx, 5*time.Minute)
	if diags.Append(d...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := logStep(ctx, "deleting "+t.kind, map[string]any{"id": t.id()})
	defer func() { done(*diags) }()
	if err := del(ctx, kube, t.namespace, t.name); err != nil {
		diags.Append(clientError(err, "deleting "+t.kind+" "+t.id()))
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// importNamespaced is the import of every namespaced gateway kind: the ID
// is "<namespace>/<name>"; Read fills in the rest.
type importNamespaced struct {
	kind, example string
	// withID: the kind's id attribute is the import ID itself.
	withID bool
	// waits are the kind's wait_for_* attributes: an import never waits.
	waits []string
}

func (im importNamespaced) into(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ns, name, ok := strings.Cut(req.ID, "/")
	if !ok || ns == "" || name == "" || strings.Contains(name, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected <namespace>/<name> of the %s, e.g. %s; got %q.", im.kind, im.example, req.ID))
		return
	}
	if im.withID {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("namespace"), ns)...)
	for _, w := range im.waits {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(w), false)...)
	}
}

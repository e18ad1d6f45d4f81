// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// holdersShown is how many of a kept namespace's objects a warning names.
const holdersShown = 5

// deleteCreatedNamespaces deletes, after the tenant's release is gone, the
// namespaces the tenant created that hold nothing but what went with it.
// A namespace that holds anything else (a team's apps, another tenant's
// Roles, labels someone added) stays, and a warning says what keeps it:
// deleting what this provider did not create is the one loss it never risks.
func deleteCreatedNamespaces(ctx context.Context, c *clients.Kube, ns, name, release string) diag.Diagnostics {
	var diags diag.Diagnostics
	created, err := c.NamespacesCreatedFor(ctx, ns+"/"+name)
	if err != nil {
		diags.Append(clientError(err, "listing the namespaces the tenant created"))
		return diags
	}
	var empty []string
	for _, n := range created {
		contents, err := c.ForeignContents(ctx, n, release, ns, holdersShown+1)
		if err != nil {
			diags.AddWarning("Namespace "+n+" kept",
				fmt.Sprintf("The tenant created namespace %s, but what it holds could not be read, so it is kept: %v. "+
					"Delete it yourself once nothing in it is needed.", n, err))
			continue
		}
		if !contents.Empty() {
			diags.AddWarning("Namespace "+n+" kept", keptNamespaceDetail(n, contents))
			continue
		}
		empty = append(empty, n)
	}
	if err := c.DeleteNamespaces(ctx, empty); err != nil {
		diags.Append(clientError(err, "deleting the namespaces the tenant created"))
	}
	return diags
}

func keptNamespaceDetail(n string, contents clients.NamespaceContents) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The tenant created namespace %s and would delete it with itself, but it", n)
	if len(contents.Holders) > 0 {
		names := make([]string, 0, holdersShown)
		for i, h := range contents.Holders {
			if i == holdersShown {
				names = append(names, "and more")
				break
			}
			names = append(names, h.String())
		}
		fmt.Fprintf(&b, " holds what is not the tenant's: %s.", strings.Join(names, ", "))
	} else {
		fmt.Fprintf(&b, " may hold objects that could not be listed: %s.", strings.Join(contents.Unchecked, ", "))
	}
	b.WriteString(" It is kept with everything in it. Delete it yourself once nothing in it is needed.")
	return b.String()
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"strings"
	"testing"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// The clients' typed errors say what happened; explain adds what to do in
// this provider's terms.
func TestExplainTypedErrors(t *testing.T) {
	if summary, _ := explain(clients.ErrConnectionUnknown, "reading"); summary != "Kubernetes connection not known yet" {
		t.Errorf("unknown connection: %q", summary)
	}
	for _, c := range []struct {
		err           error
		summary, hint string
	}{
		{&clients.ConflictError{Object: "Gateway team/web", Managers: []string{"kubectl-edit"}, Fields: []string{".spec.gatewayClassName"}},
			"Field manager conflict", "terraform apply -replace=<address>"},
		{&clients.CRDMissingError{Name: "gateways.gateway.networking.k8s.io"}, "Custom resource definition not installed", "depends_on"},
		{&clients.NamespaceMissingError{Namespace: "team", Object: "Gateway team/web"}, "Namespace does not exist", "create_namespace = true"},
		{&clients.ExistsError{Object: "Gateway team/web", ImportID: "team/web"}, "Object already exists", `id = "team/web"`},
		{&clients.StillDeletingError{Object: "GatewayClass eg", Finalizers: []string{"gateway-exists-finalizer.gateway.networking.k8s.io"}},
			"Deletion did not finish", "timeouts.delete"},
	} {
		summary, detail := explain(c.err, "doing it")
		if summary != c.summary || !strings.Contains(detail, c.hint) || !strings.Contains(detail, c.err.Error()) {
			t.Errorf("%T: %q / %q", c.err, summary, detail)
		}
	}
}

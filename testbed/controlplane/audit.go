// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controlplane

import (
	"os"
	"path/filepath"
)

// auditPolicy records who writes Gateway API and Envoy Gateway objects (and
// nothing else, so the log stays small). Tests read it to prove which
// controller wrote what: every Envoy Gateway controller uses the same field
// manager, but each authenticates as its own tenant's ServiceAccount.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
  verbs: ["create", "update", "patch", "delete", "deletecollection"]
  resources:
  - group: gateway.networking.k8s.io
  - group: gateway.envoyproxy.io
- level: None
`

// AuditLog is the API server's audit log: JSON lines, one event per write to
// a Gateway API or Envoy Gateway object.
func (p *Plane) AuditLog() string { return filepath.Join(p.Dir, "logs", "audit.log") }

func (p *Plane) writeAuditPolicy() error {
	return os.WriteFile(p.file("audit-policy.yaml"), []byte(auditPolicy), 0o600)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package kubetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/egplatform/terraform-provider-eg/testbed/controller"
	"github.com/egplatform/terraform-provider-eg/testbed/controlplane"
)

// ControllerBinary returns the envoy-gateway binary testbed/build.sh built,
// or skips the test, saying why, when the machine cannot run controllers
// (root and iproute2 are needed) or the binary was not built.
func ControllerBinary(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(controller.BinaryEnv)
	if dir == "" {
		t.Skipf("needs the Envoy Gateway controller: run testbed/build.sh eg and set %s to its directory (make testacc does both when it can)", controller.BinaryEnv)
	}
	bin := filepath.Join(dir, "envoy-gateway")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("needs the Envoy Gateway controller: %v", err)
	}
	if err := controller.Supported(); err != nil {
		t.Skipf("cannot run Envoy Gateway controllers on this machine: %v; their status stays Unknown", err)
	}
	return bin
}

// StartController runs the Envoy Gateway controller of the tenant installed
// in namespace, out of cluster, and stops it when the test ends. Call
// ControllerBinary first (it skips where controllers cannot run).
func StartController(t testing.TB, bin, namespace string) *controller.Controller {
	t.Helper()
	c, err := controller.Start(context.Background(), controller.Options{
		Dir:       filepath.Join(t.TempDir(), "controller-"+namespace),
		Binary:    bin,
		Namespace: namespace,
	})
	if err != nil {
		if c != nil {
			dumpLog(t, c.LogFile())
		}
		t.Fatalf("start the controller of %s: %v", namespace, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			dumpLog(t, c.LogFile())
		}
		if err := c.Stop(); err != nil {
			t.Errorf("stop the controller of %s: %v", namespace, err)
		}
	})
	return c
}

// dumpLog shows the end of a controller's log in a failed test's output.
func dumpLog(t testing.TB, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		return
	}
	const tail = 8000
	if len(b) > tail {
		b = b[len(b)-tail:]
	}
	t.Logf("end of %s:\n%s", file, b)
}

// AuditLog returns the API server's audit log when KUBECONFIG is the test
// bed's (its control plane records who writes Gateway API and Envoy Gateway
// objects), or false for other clusters.
func AuditLog(t testing.TB) (string, bool) {
	t.Helper()
	kc := os.Getenv("KUBECONFIG")
	if kc == "" || filepath.SplitList(kc)[0] != kc {
		return "", false
	}
	kc, err := filepath.Abs(kc)
	if err != nil {
		return "", false
	}
	p, err := controlplane.Load(filepath.Dir(kc))
	if err != nil || p.Kubeconfig() != kc {
		return "", false
	}
	if _, err := os.Stat(p.AuditLog()); err != nil {
		return "", false // a control plane started before audit logging
	}
	return p.AuditLog(), true
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
	"github.com/egplatform/terraform-provider-eg/testbed/controller"
)

// installTenant installs a tenant watching its own namespace, with the
// values the translator renders for it.
func installTenant(t *testing.T) string {
	t.Helper()
	cfg := kubetest.RESTConfig(t)
	name := acctest.RandomWithPrefix("ctl")
	rel, err := translate.RenderTenant(translate.Tenant{
		Name: translate.Known(name), Namespace: translate.Known(name), CreateNamespace: translate.Known(true),
		Watch: translate.Known(translate.Watch{Namespaces: translate.Known([]string{name})}),
	})
	if err != nil {
		t.Fatal(err)
	}
	kubetest.InstallTenant(t, cfg, kubetest.EnvoyGatewayChart(t), kubetest.Tenant{Release: rel.Name, Namespace: name, Values: rel.Values, OutOfCluster: true})
	return name
}

func TestAccController_startStop(t *testing.T) {
	bin := kubetest.ControllerBinary(t)
	kubetest.RESTConfig(t)
	ns := installTenant(t)
	dir := t.TempDir()
	c, err := controller.Start(context.Background(), controller.Options{Dir: dir, Binary: bin, Namespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	s := c.State()
	if !s.Running() || !s.Ready {
		t.Fatalf("state after Start: %+v", s)
	}
	if loaded, err := controller.Load(dir); err != nil || loaded.PID != s.PID || loaded.Netns != s.Netns {
		t.Fatalf("state.json %+v (%v), running %+v", loaded, err, s)
	}
	if _, err := os.Stat("/run/netns/" + s.Netns); err != nil {
		t.Fatalf("network namespace: %v", err)
	}
	// The controller has its own network namespace, and /certs is mounted in
	// its mount namespace only.
	if self, ctl := readlink(t, "/proc/self/ns/net"), readlink(t, procPath(s.PID, "ns/net")); self == ctl {
		t.Errorf("the controller shares this process's network namespace %s", self)
	}
	for _, dir := range []string{"/certs", "/var/lib/eg"} {
		if mountedAt(t, "/proc/self/mountinfo", dir) {
			t.Errorf("%s is mounted in the host's mount namespace", dir)
		}
		if !mountedAt(t, procPath(s.PID, "mountinfo"), dir) {
			t.Errorf("%s is not mounted in the controller's mount namespace", dir)
		}
	}
	env, err := os.ReadFile(procPath(s.PID, "environ"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(env, []byte("ENVOY_GATEWAY_NAMESPACE="+ns+"\x00")) {
		t.Error("ENVOY_GATEWAY_NAMESPACE is not the tenant's namespace")
	}

	pid := s.PID
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if alive(pid) {
		t.Errorf("envoy-gateway %d alive after Stop", pid)
	}
	if _, err := os.Stat("/run/netns/" + s.Netns); err == nil {
		t.Errorf("network namespace %s left after Stop", s.Netns)
	}
	if _, err := os.Stat(filepath.Join(dir, "state.json")); err == nil {
		t.Error("state.json left after Stop")
	}
	if err := c.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// TestAccController_egbed starts a controller detached with `egbed
// controller up`, as make demo does, and stops it with `down` from its
// state alone.
func TestAccController_egbed(t *testing.T) {
	bin := kubetest.ControllerBinary(t)
	kubetest.RESTConfig(t)
	ns := installTenant(t)
	egbed := filepath.Join(t.TempDir(), "egbed")
	build := exec.Command("go", "build", "-o", egbed, "github.com/egplatform/terraform-provider-eg/testbed/cmd/egbed")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build egbed: %v\n%s", err, out)
	}
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(egbed, append([]string{"controller"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("egbed controller %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	t.Cleanup(func() { _ = controller.Cleanup(dir) })
	run("up", "-dir", dir, "-namespace", ns, "-bin", filepath.Dir(bin))
	s, err := controller.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Running() || !s.Ready || s.Owner == os.Getpid() {
		t.Fatalf("after up: %+v", s)
	}
	if out := run("status", "-dir", dir); !strings.Contains(out, "running: true") {
		t.Errorf("status: %s", out)
	}
	run("down", "-dir", dir)
	if s.Running() {
		t.Errorf("envoy-gateway %d alive after down", s.PID)
	}
	if alive(s.Owner) {
		t.Errorf("owner %d alive after down", s.Owner)
	}
	if _, err := os.Stat("/run/netns/" + s.Netns); err == nil {
		t.Errorf("network namespace %s left after down", s.Netns)
	}
}

func procPath(pid int, name string) string {
	return filepath.Join("/proc", strconv.Itoa(pid), name)
}

// alive: the process exists and is not a zombie (whose parent, maybe not
// us, has yet to reap it; its cmdline is empty).
func alive(pid int) bool {
	b, err := os.ReadFile(procPath(pid, "cmdline"))
	return err == nil && len(b) > 0
}

func readlink(t *testing.T, p string) string {
	t.Helper()
	s, err := os.Readlink(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mountedAt reports whether a mountinfo file lists a mount at dir.
func mountedAt(t *testing.T, mountinfo, dir string) bool {
	t.Helper()
	b, err := os.ReadFile(mountinfo)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[4] == dir {
			return true
		}
	}
	return false
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func TestOutOfClusterConfigDisablesOnlyTheInjector(t *testing.T) {
	in := `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyGateway
gateway:
  controllerName: gateway.envoyproxy.io/mkt-gatewayclass-controller
provider:
  type: Kubernetes
  kubernetes:
    watch:
      type: Namespaces
      namespaces: [mkt]
`
	out, err := outOfClusterConfig([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if err := yaml.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	// The input with one more key under provider.kubernetes (its last block).
	if err := yaml.Unmarshal([]byte(in+"    proxyTopologyInjector:\n      disabled: true\n"), &want); err != nil {
		t.Fatal(err)
	}
	if g, w := string(mustYAML(t, got)), string(mustYAML(t, want)); g != w {
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}

	// An existing injector block is kept and switched off.
	out, err = outOfClusterConfig([]byte("provider:\n  kubernetes:\n    proxyTopologyInjector:\n      disabled: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "disabled: true") {
		t.Errorf("injector not disabled:\n%s", out)
	}
	for _, bad := range []string{"", "provider: 3\n", "[1, 2]\n"} {
		if _, err := outOfClusterConfig([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func mustYAML(t *testing.T, v any) []byte {
	t.Helper()
	b, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoopbackTarget(t *testing.T) {
	for server, want := range map[string]string{
		"https://127.0.0.1:6443":    "127.0.0.1:6443",
		"https://localhost:39429":   "127.0.0.1:39429",
		"https://127.0.0.1":         "127.0.0.1:443",
		"https://[::1]:6443":        "[::1]:6443",
		"https://127.0.0.2:8443/pf": "127.0.0.2:8443",
	} {
		got, err := loopbackTarget(server)
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", server, got, err, want)
		}
	}
	// Anything else is refused: the forwarder is the controller's only way
	// out of its network namespace, and it leads to loopback only.
	for _, server := range []string{"https://10.0.0.1:6443", "https://example.com", "https://0.0.0.0:6443", "::"} {
		if got, err := loopbackTarget(server); err == nil {
			t.Errorf("%s: accepted as %q", server, got)
		}
	}
}

func TestNetnsNameIsStablePerDirectory(t *testing.T) {
	a, b := netnsName("/tmp/x/controller-a"), netnsName("/tmp/x/controller-b")
	if a == b || a != netnsName("/tmp/x/controller-a") {
		t.Errorf("names %q %q", a, b)
	}
	if !strings.HasPrefix(a, "egbed-") { // recognisably the test bed's
		t.Errorf("name %q", a)
	}
}

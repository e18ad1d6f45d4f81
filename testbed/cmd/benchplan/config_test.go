// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"strings"
	"testing"
)

// The generated configurations have the sizes and values the table claims.
func TestMergedConfigShape(t *testing.T) {
	cfg := mergedConfig(400)
	eg := cfg.egHCL(connection{Host: "https://127.0.0.1:1", CAPEM: "ca", Chart: "/chart", TestBed: true})
	floor := cfg.floorHCL()
	if got := strings.Count(eg, `resource "eg_gateway"`); got != 400 {
		t.Errorf("eg configuration: %d Gateways, want 400", got)
	}
	if got := strings.Count(floor, `resource "terraform_data"`); got != 403 {
		t.Errorf("floor configuration: %d terraform_data, want 403 (Gateways, tenant, proxy, class)", got)
	}
	hosts := map[string]bool{}
	for _, g := range cfg.Gateways {
		if hosts[g.Hostname] {
			t.Fatalf("hostname %s twice: the listeners must all be distinct", g.Hostname)
		}
		hosts[g.Hostname] = true
		for _, hcl := range []string{eg, floor} {
			if !strings.Contains(hcl, `hostname = "`+g.Hostname+`"`) {
				t.Fatalf("%s missing from a configuration", g.Hostname)
			}
		}
	}
}

func TestFirstConfigShape(t *testing.T) {
	cfg := firstConfig()
	eg := cfg.egHCL(connection{TestBed: false})
	for kind, want := range map[string]int{"eg_tenant": 2, "eg_gatewayclass": 3, "eg_gateway": 5, "eg_merged_proxy": 1} {
		if got := strings.Count(eg, `resource "`+kind+`"`); got != want {
			t.Errorf("%d %s, want %d", got, kind, want)
		}
	}
	if strings.Count(eg, "watch ") != 2 || !strings.Contains(eg, "wait             = true") {
		t.Errorf("tenants should each watch their namespace and wait off the test bed:\n%s", eg)
	}
}

func TestRequestKind(t *testing.T) {
	for _, c := range []struct{ method, path, ctype, want string }{
		{"GET", "/apis/gateway.networking.k8s.io/v1/namespaces/eg/gateways/gw-1", "", "GET gateway.networking.k8s.io/gateways"},
		{"GET", "/apis/gateway.networking.k8s.io/v1/gateways", "", "LIST gateway.networking.k8s.io/gateways"},
		{"GET", "/api/v1/namespaces/eg/secrets", "", "LIST /secrets"},
		{"GET", "/api/v1/namespaces/eg", "", "GET /namespaces"},
		{"PATCH", "/apis/gateway.networking.k8s.io/v1/namespaces/eg/gateways/gw-1", "application/apply-patch+yaml", "APPLY gateway.networking.k8s.io/gateways"},
		{"PUT", "/apis/gateway.networking.k8s.io/v1/namespaces/eg/gateways/gw-1/status", "", "PUT gateway.networking.k8s.io/gateways/status"},
		{"GET", "/apis/gateway.networking.k8s.io/v1", "", "GET /apis/gateway.networking.k8s.io/v1"},
		{"GET", "/openapi/v3", "", "GET /openapi/v3"},
	} {
		if got := requestKind(c.method, c.path, false, c.ctype); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.want)
		}
	}
}

func TestGrowthPerFourfold(t *testing.T) {
	a, b := &measurement{Seconds: 1}, &measurement{Seconds: 4}
	if got := growth(a, b, 100, 400); got != "4.00×" {
		t.Errorf("linear over 4×: %s", got)
	}
	if got := growth(a, &measurement{Seconds: 2}, 100, 200); got != "4.00×" {
		t.Errorf("linear over 2×, scaled to 4×: %s", got)
	}
	if got := growth(a, &measurement{Seconds: 4, Failure: "timeout"}, 100, 400); got != "—" {
		t.Errorf("a failed run has no growth: %s", got)
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"strings"
)

// The configurations measured. Each eg configuration has a twin of
// terraform_data resources (built into the CLI) with the same values and the
// same references between resources: the time the CLI itself needs for a
// graph of that size and shape, the floor a provider cannot go below.

// connection is what the eg configurations need to reach the cluster
// (through the counting proxy) and to install tenants.
type connection struct {
	Host, CAPEM, Chart string
	// TestBed: the cluster runs no pods, so tenants install without chart
	// hooks and without waiting (as the examples do on the test bed).
	TestBed bool
}

const egRequiredProviders = `terraform {
  required_providers {
    eg = { source = "registry.terraform.io/egplatform/eg" }
  }
}
`

func (c connection) providerBlock() string {
	return fmt.Sprintf(`
provider "eg" {
  kubernetes = {
    host                   = %q
    cluster_ca_certificate = %q
  }
  chart = { repository = %q, version = "v1.9.1" }
}
`, c.Host, c.CAPEM, c.Chart)
}

// tenant, proxy, class and gateway describe one resource each; the eg and
// floor renderings below share them so that both carry the same values.
type tenant struct{ Key, Name, Namespace string }

type proxy struct{ Key, Name, TenantKey string }

type class struct{ Key, Name, TenantKey, ProxyKey string }

type gateway struct {
	Key, Name, TenantKey, ClassKey string
	Port                           int
	Hostname                       string
}

type benchConfig struct {
	Name     string
	Tenants  []tenant
	Proxies  []proxy
	Classes  []class
	Gateways []gateway
}

// mergedConfig is the scaling configuration: one tenant, one merged proxy,
// one class and n Gateways with one HTTP listener each, all on port 8080
// with distinct hostnames, as the merged example does with three.
func mergedConfig(n int) benchConfig {
	cfg := benchConfig{
		Name:    fmt.Sprintf("merged-%d", n),
		Tenants: []tenant{{Key: "bench", Name: "bench", Namespace: "eg-bench"}},
		Proxies: []proxy{{Key: "merged", Name: "merged-eg", TenantKey: "bench"}},
		Classes: []class{{Key: "merged", Name: "bench-merged", TenantKey: "bench", ProxyKey: "merged"}},
	}
	for i := range n {
		name := fmt.Sprintf("gw-%04d", i)
		cfg.Gateways = append(cfg.Gateways, gateway{Key: name, Name: name, TenantKey: "bench",
			ClassKey: "merged", Port: 8080, Hostname: name + ".bench.example.com"})
	}
	return cfg
}

// firstConfig is a user's first configuration: two tenants each watching
// their own namespace with a class and a Gateway (the multi-tenant
// example), and a merged class on the first tenant with three Gateways (the
// merged example): 2 tenants, 3 classes, 5 Gateways, 1 merged proxy.
func firstConfig() benchConfig {
	cfg := benchConfig{
		Name: "first",
		Tenants: []tenant{
			{Key: "marketing", Name: "bench-marketing", Namespace: "bench-marketing"},
			{Key: "product", Name: "bench-product", Namespace: "bench-product"},
		},
		Proxies: []proxy{{Key: "merged", Name: "merged-eg", TenantKey: "marketing"}},
		Classes: []class{
			{Key: "marketing", Name: "bench-marketing", TenantKey: "marketing"},
			{Key: "product", Name: "bench-product", TenantKey: "product"},
			{Key: "merged", Name: "bench-merged", TenantKey: "marketing", ProxyKey: "merged"},
		},
		Gateways: []gateway{
			{Key: "marketing", Name: "eg", TenantKey: "marketing", ClassKey: "marketing", Port: 8080, Hostname: "www.marketing.example.com"},
			{Key: "product", Name: "eg", TenantKey: "product", ClassKey: "product", Port: 8080, Hostname: "www.product.example.com"},
		},
	}
	for i := 1; i <= 3; i++ {
		cfg.Gateways = append(cfg.Gateways, gateway{Key: fmt.Sprintf("merged%d", i), Name: fmt.Sprintf("merged%d", i),
			TenantKey: "marketing", ClassKey: "merged", Port: 8079 + i, Hostname: fmt.Sprintf("www.merged%d.com", i)})
	}
	return cfg
}

// egHCL renders the configuration with the eg provider.
func (cfg benchConfig) egHCL(conn connection) string {
	var b strings.Builder
	b.WriteString(egRequiredProviders)
	b.WriteString(conn.providerBlock())
	watchOwn := len(cfg.Tenants) > 1 // several tenants: each watches its own namespace
	for _, t := range cfg.Tenants {
		watch := ""
		if watchOwn {
			watch = fmt.Sprintf("\n  watch            = { namespaces = [%q] }", t.Namespace)
		}
		fmt.Fprintf(&b, `
resource "eg_tenant" %q {
  name             = %q
  namespace        = %q
  create_namespace = true%s
  wait             = %t
  disable_hooks    = %t
}
`, t.Key, t.Name, t.Namespace, watch, !conn.TestBed, conn.TestBed)
	}
	for _, p := range cfg.Proxies {
		fmt.Fprintf(&b, `
resource "eg_merged_proxy" %q {
  name      = %q
  namespace = eg_tenant.%s.namespace
}
`, p.Key, p.Name, p.TenantKey)
	}
	for _, c := range cfg.Classes {
		ref := ""
		if c.ProxyKey != "" {
			ref = fmt.Sprintf("\n  parameters_ref  = eg_merged_proxy.%s.parameters_ref", c.ProxyKey)
		}
		fmt.Fprintf(&b, `
resource "eg_gatewayclass" %q {
  name            = %q
  controller_name = eg_tenant.%s.controller_name%s
}
`, c.Key, c.Name, c.TenantKey, ref)
	}
	for _, g := range cfg.Gateways {
		fmt.Fprintf(&b, `
resource "eg_gateway" %q {
  name               = %q
  namespace          = eg_tenant.%s.namespace
  gateway_class_name = eg_gatewayclass.%s.name
  listeners = [
    { name = "http", port = %d, protocol = "HTTP", hostname = %q },
  ]
}
`, g.Key, g.Name, g.TenantKey, g.ClassKey, g.Port, g.Hostname)
	}
	return b.String()
}

// floorHCL renders the same values and references as terraform_data.
func (cfg benchConfig) floorHCL() string {
	var b strings.Builder
	for _, t := range cfg.Tenants {
		fmt.Fprintf(&b, `
resource "terraform_data" "tenant_%s" {
  input = {
    name             = %q
    namespace        = %q
    create_namespace = true
    controller_name  = "gateway.envoyproxy.io/%s-gatewayclass-controller"
  }
}
`, t.Key, t.Name, t.Namespace, t.Name)
	}
	for _, p := range cfg.Proxies {
		fmt.Fprintf(&b, `
resource "terraform_data" "proxy_%s" {
  input = {
    name      = %q
    namespace = terraform_data.tenant_%s.output.namespace
  }
}
`, p.Key, p.Name, p.TenantKey)
	}
	for _, c := range cfg.Classes {
		ref := "null"
		if c.ProxyKey != "" {
			ref = fmt.Sprintf("terraform_data.proxy_%s.output", c.ProxyKey)
		}
		fmt.Fprintf(&b, `
resource "terraform_data" "class_%s" {
  input = {
    name            = %q
    controller_name = terraform_data.tenant_%s.output.controller_name
    parameters_ref  = %s
  }
}
`, c.Key, c.Name, c.TenantKey, ref)
	}
	for _, g := range cfg.Gateways {
		fmt.Fprintf(&b, `
resource "terraform_data" "gateway_%s" {
  input = {
    name               = %q
    namespace          = terraform_data.tenant_%s.output.namespace
    gateway_class_name = terraform_data.class_%s.output.name
    listeners = [
      { name = "http", port = %d, protocol = "HTTP", hostname = %q },
    ]
  }
}
`, g.Key, g.Name, g.TenantKey, g.ClassKey, g.Port, g.Hostname)
	}
	return b.String()
}

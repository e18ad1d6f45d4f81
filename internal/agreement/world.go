// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// World names what one run creates: one tenant (its name is its namespace)
// whose controller watches its own namespace and the two namespaces the
// scenarios' Gateways, EnvoyProxies and routes live in (and a third
// namespace it does not watch, world_route.go). Every scenario has a class of
// its own, so all scenarios can be applied at once and judged
// independently: Envoy Gateway merges the Gateways of one class only.
type World struct {
	Tenant string
	A, B   string
}

// FixedWorld is the World of the unit test, which needs no cluster; the
// acceptance test uses random names. Names do not change verdicts.
func FixedWorld() World {
	return World{Tenant: "agreement", A: "agreement-a", B: "agreement-b"}
}

// NewWorld derives a World from a tenant name.
func NewWorld(tenant string) World { return World{Tenant: tenant, A: tenant + "-a", B: tenant + "-b"} }

// TenantInput is the tenant as eg_tenant would plan it.
func (w World) TenantInput() translate.Tenant {
	return translate.Tenant{
		Name:            translate.Known(w.Tenant),
		Namespace:       translate.Known(w.Tenant),
		CreateNamespace: translate.Known(true),
		Watch: translate.Known(translate.Watch{
			Namespaces: translate.Known([]string{w.Tenant, w.A, w.B}),
		}),
	}
}

// ClassName is the GatewayClass (and EnvoyProxy) name of a scenario.
func (w World) ClassName(s Scenario) string { return w.Tenant + "-" + s.Name }

// GatewayName is the Kubernetes name of a scenario's Gateway: scenarios
// share namespaces, so their Gateway names carry the scenario's name.
func (w World) GatewayName(s Scenario, g Gateway) string { return s.Name + "-" + g.Name }

func (w World) namespaceOf(g Gateway) string {
	if g.Other {
		return w.B
	}
	return w.A
}

// Set is the translator's input for one scenario: the tenant, the class and
// the EnvoyProxies that exist, the Gateways, the routes, and the namespaces
// (and, with routes, the Services and ReferenceGrants). The cluster is
// known: nothing else exists that could take part.
func (w World) Set(s Scenario) translate.Set {
	set := translate.Set{
		Tenants:        []translate.Tenant{w.TenantInput()},
		GatewayClasses: []translate.GatewayClass{w.class(s)},
		EnvoyProxies:   w.proxies(s),
	}
	set.Namespaces = w.namespaces()
	for _, g := range s.Gateways {
		set.Gateways = append(set.Gateways, w.gateway(s, g))
	}
	w.addRoutes(s, &set)
	return set
}

// Objects are the Kubernetes objects of one scenario, rendered by the
// translator from the same Set it judges, in creation order.
type Objects struct {
	// Proxies are keyed as the translator's problems are (ProxyKey).
	Proxies  []KeyedProxy
	Class    *gwapiv1.GatewayClass
	Gateways []*gwapiv1.Gateway
	Routes   []RenderedRoute
}

// KeyedProxy is a rendered EnvoyProxy and the key of the Set's proxy.
type KeyedProxy struct {
	Key   string
	Proxy *egv1a1.EnvoyProxy
}

// Render renders a scenario's objects.
func (w World) Render(s Scenario) (*Objects, error) {
	set := w.Set(s)
	out := &Objects{}
	for _, p := range set.EnvoyProxies {
		obj, err := translate.RenderEnvoyProxy(p)
		if err != nil {
			return nil, fmt.Errorf("%s: proxy %s: %w", s.Name, p.Key, err)
		}
		out.Proxies = append(out.Proxies, KeyedProxy{Key: p.Key, Proxy: obj})
	}
	class, err := translate.RenderGatewayClass(set.GatewayClasses[0])
	if err != nil {
		return nil, fmt.Errorf("%s: class: %w", s.Name, err)
	}
	out.Class = class
	for _, g := range set.Gateways {
		obj, err := translate.RenderGateway(g)
		if err != nil {
			return nil, fmt.Errorf("%s: gateway %s: %w", s.Name, g.Key, err)
		}
		out.Gateways = append(out.Gateways, obj)
	}
	out.Routes, err = w.renderRoutes(s)
	return out, err
}

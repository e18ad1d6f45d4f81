// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// ClassProxyKey is the Set key of a scenario's class EnvoyProxy.
const ClassProxyKey = "class"

// GatewayProxyKey is the Set key of a Gateway's own EnvoyProxy.
func GatewayProxyKey(g Gateway) string { return "gateway " + g.Name }

// mergedClassProxy is the class proxy of the merged scenarios.
var mergedClassProxy = &Proxy{About: "eg_merged_proxy", Merge: true}

// classProxyOf is the scenario's class proxy, nil when the class has no
// parametersRef.
func classProxyOf(s Scenario) *Proxy {
	switch {
	case s.NoParameters:
		return nil
	case s.ClassProxy == nil:
		return mergedClassProxy
	}
	return s.ClassProxy
}

// classMerges: the class's proxy exists and merges Gateways.
func classMerges(s Scenario) bool {
	p := classProxyOf(s)
	return p != nil && !p.Missing && p.Merge
}

func (w World) proxyNamespace(p *Proxy) string {
	if p.Other {
		return w.B
	}
	return w.A
}

// ProxyName is the Kubernetes name of a Gateway's own EnvoyProxy; the class
// proxy has the class's name.
func (w World) ProxyName(s Scenario, g Gateway) string { return w.GatewayName(s, g) }

func (w World) class(s Scenario) translate.GatewayClass {
	c := translate.GatewayClass{
		Name:           translate.Known(w.ClassName(s)),
		ControllerName: translate.Known(translate.DefaultControllerName(w.Tenant)),
	}
	if p := classProxyOf(s); p != nil {
		c.ParametersRef = translate.Known(translate.ProxyParametersRef(w.ClassName(s), w.proxyNamespace(p)))
	}
	return c
}

// proxies are the EnvoyProxies that exist: the class's and the Gateways'
// own, but for those the scenario names without creating them.
func (w World) proxies(s Scenario) []translate.EnvoyProxy {
	var out []translate.EnvoyProxy
	if p := classProxyOf(s); p != nil && !p.Missing {
		ep := w.envoyProxy(ClassProxyKey, w.ClassName(s), p)
		if s.ClassProxy == nil || s.ClassProxy == mergedClassProxy {
			ep.Kind = translate.KindMergedProxy
		}
		out = append(out, ep)
	}
	for _, g := range s.Gateways {
		if g.Proxy != nil && !g.Proxy.Missing {
			out = append(out, w.envoyProxy(GatewayProxyKey(g), w.ProxyName(s, g), g.Proxy))
		}
	}
	return out
}

func (w World) envoyProxy(key, name string, p *Proxy) translate.EnvoyProxy {
	ep := translate.EnvoyProxy{
		Key: key, Kind: translate.KindEnvoyProxy,
		Name: translate.Known(name), Namespace: translate.Known(w.proxyNamespace(p)),
		MergeGateways: translate.Known(p.Merge), Service: p.Service, Deployment: p.Deployment,
	}
	if p.Spec != "" {
		ep.Spec = translate.Known(p.Spec)
	}
	return ep
}

// Gateway metadata of the scenarios that set it: what cert-manager and
// external-dns read, and what Envoy Gateway copies onto the fleet.
var (
	gatewayLabels      = map[string]string{"team": "web"}
	gatewayAnnotations = map[string]string{"cert-manager.io/cluster-issuer": "letsencrypt"}
	infraAnnotations   = map[string]string{"external-dns.alpha.kubernetes.io/hostname": "www.example.com"}
)

func (w World) gateway(s Scenario, g Gateway) translate.Gateway {
	out := translate.Gateway{
		Key:              g.Name,
		Name:             translate.Known(w.GatewayName(s, g)),
		Namespace:        translate.Known(w.namespaceOf(g)),
		GatewayClassName: translate.Known(w.ClassName(s)),
		Listeners:        translate.Known(g.Listeners),
	}
	var infra translate.GatewayInfrastructure
	if g.Metadata {
		out.Labels, out.Annotations = translate.Known(gatewayLabels), translate.Known(gatewayAnnotations)
		infra.Labels, infra.Annotations = translate.Known(gatewayLabels), translate.Known(infraAnnotations)
	}
	if g.Proxy != nil {
		infra.ParametersRef = translate.Known(translate.ProxyParametersRef(w.ProxyName(s, g), w.proxyNamespace(g.Proxy)))
	}
	if g.Metadata || g.Proxy != nil {
		out.Infrastructure = translate.Known(infra)
	}
	return out
}

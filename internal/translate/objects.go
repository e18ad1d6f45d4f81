// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

// Object is one object of a Set: a Tenant, GatewayClass, EnvoyProxy or
// Gateway, with its caller's key and origin set. An Index holds Objects.
type Object interface {
	// ObjectKey is the caller's key of the object (see Tenant.Key).
	ObjectKey() string
	// ObjectRef names the object in problems and orders it in a Subset.
	ObjectRef() Ref
	// WithKey returns the object under the caller's key and origin.
	WithKey(key string, origin Origin) Object
	appendTo(s *Set)
}

// ObjectKey returns t.Key.
func (t Tenant) ObjectKey() string { return t.Key }

// ObjectRef names the tenant.
func (t Tenant) ObjectRef() Ref { return refOf(KindTenant, t.Key, t.Namespace, t.Name) }

// WithKey returns the Tenant under key and origin.
func (t Tenant) WithKey(key string, origin Origin) Object {
	t.Key, t.Origin = key, origin
	return t
}

func (t Tenant) appendTo(s *Set) { s.Tenants = append(s.Tenants, t) }

// ObjectKey returns c.Key.
func (c GatewayClass) ObjectKey() string { return c.Key }

// ObjectRef names the class.
func (c GatewayClass) ObjectRef() Ref { return refOf(KindGatewayClass, c.Key, Null[string](), c.Name) }

// WithKey returns the GatewayClass under key and origin.
func (c GatewayClass) WithKey(key string, origin Origin) Object {
	c.Key, c.Origin = key, origin
	return c
}

func (c GatewayClass) appendTo(s *Set) { s.GatewayClasses = append(s.GatewayClasses, c) }

// ObjectKey returns p.Key.
func (p EnvoyProxy) ObjectKey() string { return p.Key }

// ObjectRef names the proxy.
func (p EnvoyProxy) ObjectRef() Ref { return refOf(proxyKind(p), p.Key, p.Namespace, p.Name) }

// WithKey returns the EnvoyProxy under key and origin.
func (p EnvoyProxy) WithKey(key string, origin Origin) Object {
	p.Key, p.Origin = key, origin
	return p
}

func (p EnvoyProxy) appendTo(s *Set) { s.EnvoyProxies = append(s.EnvoyProxies, p) }

// ObjectKey returns g.Key.
func (g Gateway) ObjectKey() string { return g.Key }

// ObjectRef names the Gateway.
func (g Gateway) ObjectRef() Ref { return refOf(KindGateway, g.Key, g.Namespace, g.Name) }

// WithKey returns the Gateway under key and origin.
func (g Gateway) WithKey(key string, origin Origin) Object {
	g.Key, g.Origin = key, origin
	return g
}

func (g Gateway) appendTo(s *Set) { s.Gateways = append(s.Gateways, g) }

// ObjectKey returns r.Key.
func (r HTTPRoute) ObjectKey() string { return r.Key }

// ObjectRef names the route.
func (r HTTPRoute) ObjectRef() Ref { return refOf(KindHTTPRoute, r.Key, r.Namespace, r.Name) }

// WithKey returns the HTTPRoute under key and origin.
func (r HTTPRoute) WithKey(key string, origin Origin) Object {
	r.Key, r.Origin = key, origin
	return r
}

func (r HTTPRoute) appendTo(s *Set) { s.HTTPRoutes = append(s.HTTPRoutes, r) }

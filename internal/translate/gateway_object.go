// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"reflect"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// RenderGateway builds the Gateway of an eg_gateway.
func RenderGateway(g Gateway) (*gwapiv1.Gateway, error) {
	name, ns, err := knownNames(g.Name, g.Namespace)
	if err != nil {
		return nil, err
	}
	class, err := need(g.GatewayClassName, "gateway_class_name")
	if err != nil {
		return nil, err
	}
	ls, ok := g.Listeners.Get()
	if !ok && g.Listeners.IsUnknown() {
		return nil, fmt.Errorf("listeners: %w", ErrUnknown)
	}
	out := &gwapiv1.Gateway{
		TypeMeta:   metav1.TypeMeta{APIVersion: gwapiv1.GroupVersion.String(), Kind: "Gateway"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: gwapiv1.GatewaySpec{
			GatewayClassName: gwapiv1.ObjectName(class),
			Listeners:        make([]gwapiv1.Listener, 0, len(ls)),
		},
	}
	for i, l := range ls {
		gl, err := renderListener(l)
		if err != nil {
			return nil, fmt.Errorf("listeners[%d].%w", i, err)
		}
		out.Spec.Listeners = append(out.Spec.Listeners, gl)
	}
	if err := renderGatewayMetadata(g, out); err != nil {
		return nil, err
	}
	return out, nil
}

func renderListener(l Listener) (gwapiv1.Listener, error) {
	var out gwapiv1.Listener
	name, ok := l.Name.Get()
	if !ok && l.Name.IsUnknown() {
		return out, fmt.Errorf("name: %w", ErrUnknown)
	}
	port, ok := l.Port.Get()
	if !ok && l.Port.IsUnknown() {
		return out, fmt.Errorf("port: %w", ErrUnknown)
	}
	proto, ok := l.Protocol.Get()
	if !ok && l.Protocol.IsUnknown() {
		return out, fmt.Errorf("protocol: %w", ErrUnknown)
	}
	out.Name = gwapiv1.SectionName(name)
	out.Port = clampInt32(port)
	out.Protocol = gwapiv1.ProtocolType(proto)
	switch {
	case l.Hostname.IsUnknown():
		return out, fmt.Errorf("hostname: %w", ErrUnknown)
	case l.Hostname.Or("") != "":
		h := gwapiv1.Hostname(l.Hostname.Or(""))
		out.Hostname = &h
	}
	if l.TLS.IsUnknown() {
		return out, fmt.Errorf("tls: %w", ErrUnknown)
	}
	if tls, ok := l.TLS.Get(); ok {
		gt, err := renderTLS(tls)
		if err != nil {
			return out, fmt.Errorf("tls.%w", err)
		}
		out.TLS = gt
	}
	if l.AllowedRoutes.IsUnknown() {
		return out, fmt.Errorf("allowed_routes: %w", ErrUnknown)
	}
	if ar, ok := l.AllowedRoutes.Get(); ok {
		ga, err := renderAllowedRoutes(ar)
		if err != nil {
			return out, fmt.Errorf("allowed_routes.%w", err)
		}
		out.AllowedRoutes = ga
	}
	return out, nil
}

// clampInt32 keeps an out-of-range port out of range after conversion, so
// that the API server still sees an invalid port rather than a wrapped one.
func clampInt32(v int64) int32 {
	switch {
	case v > 1<<31-1:
		return 1<<31 - 1
	case v < -1<<31:
		return -1 << 31
	}
	return int32(v)
}

func renderTLS(tls ListenerTLS) (*gwapiv1.ListenerTLSConfig, error) {
	out := &gwapiv1.ListenerTLSConfig{}
	switch {
	case tls.Mode.IsUnknown():
		return nil, fmt.Errorf("mode: %w", ErrUnknown)
	case tls.Mode.IsKnown():
		m := gwapiv1.TLSModeType(tls.Mode.Or(""))
		out.Mode = &m
	}
	if tls.CertificateRefs.IsUnknown() {
		return nil, fmt.Errorf("certificate_refs: %w", ErrUnknown)
	}
	refs, _ := tls.CertificateRefs.Get()
	for i, r := range refs {
		if r.Name.IsUnknown() || r.Namespace.IsUnknown() {
			return nil, fmt.Errorf("certificate_refs[%d]: %w", i, ErrUnknown)
		}
		ref := gwapiv1.SecretObjectReference{Name: gwapiv1.ObjectName(r.Name.Or(""))}
		if ns := r.Namespace.Or(""); ns != "" {
			n := gwapiv1.Namespace(ns)
			ref.Namespace = &n
		}
		out.CertificateRefs = append(out.CertificateRefs, ref)
	}
	return out, nil
}

func renderAllowedRoutes(ar AllowedRoutes) (*gwapiv1.AllowedRoutes, error) {
	out := &gwapiv1.AllowedRoutes{}
	kinds, err := renderRouteKinds(ar.Kinds)
	if err != nil {
		return nil, err
	}
	out.Kinds = kinds
	if ar.Namespaces.IsUnknown() {
		return nil, fmt.Errorf("namespaces: %w", ErrUnknown)
	}
	rn, ok := ar.Namespaces.Get()
	if !ok {
		return out, nil
	}
	out.Namespaces = &gwapiv1.RouteNamespaces{}
	switch {
	case rn.From.IsUnknown():
		return nil, fmt.Errorf("namespaces.from: %w", ErrUnknown)
	case rn.From.IsKnown():
		f := gwapiv1.FromNamespaces(rn.From.Or(""))
		out.Namespaces.From = &f
	}
	if rn.Selector.IsUnknown() {
		return nil, fmt.Errorf("namespaces.selector: %w", ErrUnknown)
	}
	if sel, ok := rn.Selector.Get(); ok {
		ls, known := toLabelSelector(sel)
		if !known {
			return nil, fmt.Errorf("namespaces.selector: %w", ErrUnknown)
		}
		out.Namespaces.Selector = ls
	}
	return out, nil
}

// ParseGateway reads a Gateway from the cluster as the translator's input,
// every value known; Key and Origin are left to the caller.
func ParseGateway(gw *gwapiv1.Gateway) Gateway {
	ls := make([]Listener, 0, len(gw.Spec.Listeners))
	for i := range gw.Spec.Listeners {
		ls = append(ls, parseListener(&gw.Spec.Listeners[i]))
	}
	return Gateway{
		Name:             Known(gw.Name),
		Namespace:        Known(gw.Namespace),
		GatewayClassName: Known(string(gw.Spec.GatewayClassName)),
		Listeners:        Known(ls),
		Labels:           knownOrNull(gw.Labels),
		Annotations:      knownOrNull(gw.Annotations),
		Infrastructure:   parseInfrastructure(gw.Spec.Infrastructure),
	}
}

func parseListener(l *gwapiv1.Listener) Listener {
	out := Listener{
		Name:     Known(string(l.Name)),
		Port:     Known(int64(l.Port)),
		Protocol: Known(string(l.Protocol)),
		Hostname: optional((*string)(l.Hostname)),
	}
	if t := l.TLS; t != nil {
		tls := ListenerTLS{Mode: optional((*string)(t.Mode)), CertificateRefs: Known(make([]CertificateRef, 0, len(t.CertificateRefs)))}
		for _, r := range t.CertificateRefs {
			refs, _ := tls.CertificateRefs.Get()
			tls.CertificateRefs = Known(append(refs, CertificateRef{Name: Known(string(r.Name)), Namespace: optional((*string)(r.Namespace))}))
		}
		out.TLS = Known(tls)
	}
	if ar := l.AllowedRoutes; ar != nil {
		a := AllowedRoutes{Kinds: parseRouteKinds(ar.Kinds)}
		if ns := ar.Namespaces; ns != nil {
			rn := RouteNamespaces{From: optional((*string)(ns.From))}
			if ns.Selector != nil {
				rn.Selector = Known(fromLabelSelector(ns.Selector))
			}
			a.Namespaces = Known(rn)
		}
		out.AllowedRoutes = Known(a)
	}
	return out
}

// optional reads an optional Kubernetes string: absent is null.
func optional[S ~string](s *S) Value[string] {
	if s == nil {
		return Null[string]()
	}
	return Known(string(*s))
}

// EquivalentListener reports whether two known listeners mean the same to
// the API server: equal once the CRD defaults (tls.mode Terminate, routes
// from the Gateway's namespace) are filled in and "" is read as not set.
func EquivalentListener(a, b Listener) bool {
	return reflect.DeepEqual(withDefaults(a), withDefaults(b))
}

func withDefaults(l Listener) Listener {
	l.Hostname = notEmpty(l.Hostname)
	if tls, ok := l.TLS.Get(); ok {
		if tls.Mode.IsNull() {
			tls.Mode = Known(TLSModeTerminate)
		}
		refs, _ := tls.CertificateRefs.Get()
		tls.CertificateRefs = Null[[]CertificateRef]()
		if len(refs) > 0 {
			norm := make([]CertificateRef, len(refs))
			for i, r := range refs {
				norm[i] = CertificateRef{Name: r.Name, Namespace: notEmpty(r.Namespace)}
			}
			tls.CertificateRefs = Known(norm)
		}
		l.TLS = Known(tls)
	}
	ar := l.AllowedRoutes.Or(AllowedRoutes{})
	ns := ar.Namespaces.Or(RouteNamespaces{})
	if ns.From.IsNull() {
		ns.From = Known(FromSame)
	}
	if sel, ok := ns.Selector.Get(); ok {
		ns.Selector = Known(selectorWithoutEmpties(sel))
	}
	l.AllowedRoutes = Known(AllowedRoutes{Namespaces: Known(ns), Kinds: kindsWithDefaults(ar.Kinds)})
	return l
}

// Shorten returns a listener read from the cluster in its shortest form:
// without the values the CRD defaults, and with the optional strings the
// API server leaves out written as prior (the configured listener of that
// name, or the zero Listener) wrote them, "" or null.
func Shorten(live, prior Listener) Listener {
	live.Hostname = KeepEmpty(live.Hostname, prior.Hostname)
	if tls, ok := live.TLS.Get(); ok {
		priorTLS := prior.TLS.Or(ListenerTLS{})
		if tls.Mode.Or("") == TLSModeTerminate && priorTLS.Mode.IsNull() {
			tls.Mode = Null[string]()
		}
		refs, _ := tls.CertificateRefs.Get()
		refs = slices.Clone(refs) // live's refs belong to the caller
		tls.CertificateRefs = Null[[]CertificateRef]()
		if len(refs) > 0 {
			tls.CertificateRefs = Known(refs)
		}
		priorRefs, _ := priorTLS.CertificateRefs.Get()
		for i, r := range refs {
			for _, p := range priorRefs {
				if p.Name == r.Name {
					refs[i].Namespace = KeepEmpty(r.Namespace, p.Namespace)
				}
			}
		}
		live.TLS = Known(tls)
	}
	if ar, ok := live.AllowedRoutes.Get(); ok {
		ar.Kinds = shortenKinds(ar.Kinds, prior.AllowedRoutes.Or(AllowedRoutes{}).Kinds)
		live.AllowedRoutes = Known(ar)
	}
	if reflect.DeepEqual(withDefaults(Listener{}).AllowedRoutes, withDefaults(live).AllowedRoutes) {
		live.AllowedRoutes = Null[AllowedRoutes]()
	}
	return live
}

// KeepEmpty is an optional string read from the cluster, which leaves ""
// out: null, unless prior (the configured value) is "". Without it,
// description = "" would plan a change forever.
func KeepEmpty(live, prior Value[string]) Value[string] {
	if live.IsNull() && prior.Or("x") == "" {
		return prior
	}
	return live
}

// notEmpty reads "" as not set.
func notEmpty(v Value[string]) Value[string] {
	if v.Or("x") == "" {
		return Null[string]()
	}
	return v
}

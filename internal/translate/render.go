package translate

import (
	"fmt"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// The Render functions turn one planned object into the Kubernetes object
// the provider applies. They copy what the user set and leave CRD defaults
// (tls.mode Terminate, allowedRoutes from Same) to the API server, so that
// what is applied is what is written. Call them when Validate reports no
// errors for the object; they fail only on values still unknown, and on
// the translator's "" = not set convention they leave fields out.

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
	out.Port = gwapiv1.PortNumber(clampInt32(port))
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

// RenderGatewayClass builds the GatewayClass of an eg_gatewayclass.
func RenderGatewayClass(c GatewayClass) (*gwapiv1.GatewayClass, error) {
	name, err := need(c.Name, "name")
	if err != nil {
		return nil, err
	}
	ctrl, err := need(c.ControllerName, "controller_name")
	if err != nil {
		return nil, err
	}
	if c.Description.IsUnknown() {
		return nil, fmt.Errorf("description: %w", ErrUnknown)
	}
	out := &gwapiv1.GatewayClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: gwapiv1.GroupVersion.String(), Kind: "GatewayClass"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       gwapiv1.GatewayClassSpec{ControllerName: gwapiv1.GatewayController(ctrl)},
	}
	if d := c.Description.Or(""); d != "" {
		out.Spec.Description = &d
	}
	if c.ParametersRef.IsUnknown() {
		return nil, fmt.Errorf("parameters_ref: %w", ErrUnknown)
	}
	if pr, ok := c.ParametersRef.Get(); ok {
		if pr.Group.IsUnknown() || pr.Kind.IsUnknown() || pr.Name.IsUnknown() || pr.Namespace.IsUnknown() {
			return nil, fmt.Errorf("parameters_ref: %w", ErrUnknown)
		}
		ref := &gwapiv1.ParametersReference{
			Group: gwapiv1.Group(pr.Group.Or("")),
			Kind:  gwapiv1.Kind(pr.Kind.Or("")),
			Name:  pr.Name.Or(""),
		}
		if ns := pr.Namespace.Or(""); ns != "" {
			n := gwapiv1.Namespace(ns)
			ref.Namespace = &n
		}
		out.Spec.ParametersRef = ref
	}
	return out, nil
}

// RenderMergedProxy builds the EnvoyProxy of an eg_merged_proxy:
// spec.mergeGateways true and nothing else.
func RenderMergedProxy(p MergedProxy) (*egv1a1.EnvoyProxy, error) {
	name, ns, err := knownNames(p.Name, p.Namespace)
	if err != nil {
		return nil, err
	}
	merge := true
	return &egv1a1.EnvoyProxy{
		TypeMeta:   metav1.TypeMeta{APIVersion: egv1a1.GroupVersion.String(), Kind: egv1a1.KindEnvoyProxy},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       egv1a1.EnvoyProxySpec{MergeGateways: &merge},
	}, nil
}

func knownNames(name, ns Value[string]) (string, string, error) {
	n, err := need(name, "name")
	if err != nil {
		return "", "", err
	}
	s, err := need(ns, "namespace")
	if err != nil {
		return "", "", err
	}
	return n, s, nil
}

// need returns a required value, or why it cannot.
func need(v Value[string], attr string) (string, error) {
	if s, ok := v.Get(); ok {
		return s, nil
	}
	if v.IsUnknown() {
		return "", fmt.Errorf("%s: %w", attr, ErrUnknown)
	}
	return "", fmt.Errorf("%s is not set", attr)
}

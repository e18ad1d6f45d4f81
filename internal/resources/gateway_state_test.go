package resources

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

func listenerObject(t *testing.T, name string, port int64, proto string, host types.String, tls, routes types.Object) types.Object {
	t.Helper()
	o, d := types.ObjectValue(listenerAttrTypes, map[string]attr.Value{
		"name": types.StringValue(name), "port": types.Int64Value(port), "protocol": types.StringValue(proto),
		"hostname": host, "tls": tls, "allowed_routes": routes,
	})
	if d.HasError() {
		t.Fatal(d)
	}
	return o
}

func tlsObject(t *testing.T, mode types.String, certs ...string) types.Object {
	t.Helper()
	elems := []attr.Value{}
	for _, c := range certs {
		o, _ := types.ObjectValue(certificateRefAttrTypes, map[string]attr.Value{"name": types.StringValue(c), "namespace": types.StringNull()})
		elems = append(elems, o)
	}
	refs, _ := types.ListValue(types.ObjectType{AttrTypes: certificateRefAttrTypes}, elems)
	o, d := types.ObjectValue(listenerTLSAttrTypes, map[string]attr.Value{"mode": mode, "certificate_refs": refs})
	if d.HasError() {
		t.Fatal(d)
	}
	return o
}

// served is a listener as the API server returns it: CRD defaults filled in.
func served(name string, port int32, proto gwapiv1.ProtocolType, host string, certs ...string) gwapiv1.Listener {
	same := gwapiv1.NamespacesFromSame
	l := gwapiv1.Listener{Name: gwapiv1.SectionName(name), Port: gwapiv1.PortNumber(port), Protocol: proto,
		AllowedRoutes: &gwapiv1.AllowedRoutes{Namespaces: &gwapiv1.RouteNamespaces{From: &same}}}
	if host != "" {
		h := gwapiv1.Hostname(host)
		l.Hostname = &h
	}
	if len(certs) > 0 {
		mode := gwapiv1.TLSModeTerminate
		group, kind := gwapiv1.Group(""), gwapiv1.Kind("Secret")
		l.TLS = &gwapiv1.ListenerTLSConfig{Mode: &mode}
		for _, c := range certs {
			l.TLS.CertificateRefs = append(l.TLS.CertificateRefs, gwapiv1.SecretObjectReference{Group: &group, Kind: &kind, Name: gwapiv1.ObjectName(c)})
		}
	}
	return l
}

func TestSameListenerIgnoresCRDDefaults(t *testing.T) {
	ctx := context.Background()
	noTLS, noRoutes := types.ObjectNull(listenerTLSAttrTypes), types.ObjectNull(allowedRoutesAttrTypes)
	https := listenerObject(t, "https", 443, "HTTPS", types.StringValue("www.example.com"), tlsObject(t, types.StringNull(), "cert"), noRoutes)
	live := served("https", 443, gwapiv1.HTTPSProtocolType, "www.example.com", "cert")
	if !sameListener(ctx, https, &live) {
		t.Error("a listener the API server only filled defaults into reads as changed")
	}
	live.Port = 444
	if sameListener(ctx, https, &live) {
		t.Error("a changed port reads as unchanged")
	}
	empty := listenerObject(t, "tcp", 9000, "TCP", types.StringValue(""), noTLS, noRoutes)
	tcp := served("tcp", 9000, gwapiv1.TCPProtocolType, "")
	if !sameListener(ctx, empty, &tcp) {
		t.Error(`hostname "" (not set) reads as changed`)
	}
}

func TestListenerFromLiveIsShortestForm(t *testing.T) {
	live := served("https", 443, gwapiv1.HTTPSProtocolType, "", "cert")
	obj, d := listenerFromLive(&live, nil)
	if d.HasError() {
		t.Fatal(d)
	}
	var l listenerModel
	obj.As(context.Background(), &l, asObject)
	if !l.Hostname.IsNull() || !l.AllowedRoutes.IsNull() {
		t.Errorf("defaults read as set: hostname %v, allowed_routes %v", l.Hostname, l.AllowedRoutes)
	}
	var tls listenerTLSModel
	l.TLS.As(context.Background(), &tls, asObject)
	if !tls.Mode.IsNull() {
		t.Errorf("tls.mode Terminate (the default) read as %v, want null", tls.Mode)
	}
	// With a prior hostname "", the absent hostname stays "".
	hint := listenerModel{Hostname: types.StringValue(""), TLS: types.ObjectNull(listenerTLSAttrTypes)}
	obj, _ = listenerFromLive(&live, &hint)
	obj.As(context.Background(), &l, asObject)
	if l.Hostname.IsNull() || l.Hostname.ValueString() != "" {
		t.Errorf(`prior hostname "" read back as %v`, l.Hostname)
	}
	// Non-default routes are read.
	all := gwapiv1.NamespacesFromAll
	live.AllowedRoutes.Namespaces.From = &all
	obj, _ = listenerFromLive(&live, nil)
	obj.As(context.Background(), &l, asObject)
	if l.AllowedRoutes.IsNull() {
		t.Error("allowed routes from All read as not set")
	}
}

func TestGatewayFromLivePlansDriftBack(t *testing.T) {
	ctx := context.Background()
	noTLS, noRoutes := types.ObjectNull(listenerTLSAttrTypes), types.ObjectNull(allowedRoutesAttrTypes)
	prior := listenerObject(t, "http", 80, "HTTP", types.StringNull(), noTLS, noRoutes)
	list, _ := types.ListValue(listenerType, []attr.Value{prior})
	m := gatewayModel{Listeners: list}
	gw := &gwapiv1.Gateway{ObjectMeta: metav1.ObjectMeta{Name: "g", Namespace: "ns"},
		Spec: gwapiv1.GatewaySpec{GatewayClassName: "c", Listeners: []gwapiv1.Listener{served("http", 80, gwapiv1.HTTPProtocolType, "")}}}
	if d := m.fromLive(ctx, gw); d.HasError() {
		t.Fatal(d)
	}
	if !m.Listeners.Equal(list) {
		t.Errorf("unchanged listeners read as %v", m.Listeners)
	}
	gw.Spec.Listeners[0].Port = 81
	m.Listeners = list
	m.fromLive(ctx, gw)
	if m.Listeners.Equal(list) {
		t.Error("a port changed outside Terraform does not show")
	}
}

func TestConditionState(t *testing.T) {
	cond := func(status metav1.ConditionStatus, reason string, gen int64) []metav1.Condition {
		return []metav1.Condition{{Type: "Accepted", Status: status, Reason: reason, ObservedGeneration: gen}}
	}
	for _, c := range []struct {
		name   string
		conds  []metav1.Condition
		want   any // nil for null
		reason string
	}{
		{"no status", nil, nil, "Pending"},
		{"CRD default", cond(metav1.ConditionUnknown, "Pending", 0), nil, "Pending"},
		{"accepted", cond(metav1.ConditionTrue, "Accepted", 3), true, "Accepted"},
		{"refused", cond(metav1.ConditionFalse, "InvalidParameters", 3), false, "InvalidParameters"},
		{"about an older generation", cond(metav1.ConditionTrue, "Accepted", 2), nil, "Pending"},
	} {
		b, r := conditionState(c.conds, "Accepted", 3)
		switch {
		case c.want == nil && !b.IsNull(), c.want != nil && (b.IsNull() || b.ValueBool() != c.want.(bool)):
			t.Errorf("%s: accepted %v, want %v", c.name, b, c.want)
		case r.ValueString() != c.reason:
			t.Errorf("%s: reason %q, want %q", c.name, r.ValueString(), c.reason)
		}
	}
}

func TestListenerStatus(t *testing.T) {
	cond := func(typ string, status metav1.ConditionStatus, reason string) metav1.Condition {
		return metav1.Condition{Type: typ, Status: status, Reason: reason, ObservedGeneration: 1}
	}
	if s := listenerStatusOf("http", nil, 1); !s.Conflicted.IsNull() || !s.AttachedRoutes.IsNull() || s.Reason.ValueString() != "Pending" {
		t.Errorf("no listener status: %+v", s)
	}
	ok := &gwapiv1.ListenerStatus{AttachedRoutes: 2, Conditions: []metav1.Condition{
		cond("Accepted", metav1.ConditionTrue, "Accepted"), cond("Programmed", metav1.ConditionTrue, "Programmed"),
	}}
	if s := listenerStatusOf("http", ok, 1); s.Conflicted.ValueBool() || s.AttachedRoutes.ValueInt64() != 2 || s.Reason.ValueString() != "Programmed" {
		t.Errorf("healthy listener: %+v", s)
	}
	conflicted := &gwapiv1.ListenerStatus{Conditions: []metav1.Condition{
		cond("Accepted", metav1.ConditionFalse, "Accepted"), cond("Conflicted", metav1.ConditionTrue, "HostnameConflict"),
		cond("Programmed", metav1.ConditionFalse, "Invalid"),
	}}
	if s := listenerStatusOf("http", conflicted, 1); !s.Conflicted.ValueBool() || s.Reason.ValueString() != "HostnameConflict" {
		t.Errorf("conflicted listener: %+v", s)
	}
}

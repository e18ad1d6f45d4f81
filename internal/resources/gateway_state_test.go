// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// listenersOf is a listeners attribute holding ls.
func listenersOf(t *testing.T, ls ...translate.Listener) types.List {
	t.Helper()
	v, d := fromTranslate(context.Background(), translate.Known(ls), gatewayAttrType(context.Background(), "listeners"))
	if d.HasError() {
		t.Fatal(d)
	}
	return mustBe[types.List](t, v)
}

// listenersIn reads a listeners attribute back.
func listenersIn(t *testing.T, l types.List) []translate.Listener {
	t.Helper()
	v, d := toTranslate[[]translate.Listener](l)
	if d.HasError() {
		t.Fatal(d)
	}
	return v.Or(nil)
}

func gatewayWith(ls ...gwapiv1.Listener) *gwapiv1.Gateway {
	return &gwapiv1.Gateway{ObjectMeta: metav1.ObjectMeta{Name: "g", Namespace: "ns"},
		Spec: gwapiv1.GatewaySpec{GatewayClassName: "c", Listeners: ls}}
}

func https(host translate.Value[string], port int64) translate.Listener {
	return translate.Listener{Name: translate.Known("https"), Port: translate.Known(port), Protocol: translate.Known("HTTPS"), Hostname: host,
		TLS: translate.Known(translate.ListenerTLS{CertificateRefs: translate.Known([]translate.CertificateRef{{Name: translate.Known("cert")}})})}
}

// served is a listener as the API server returns it: CRD defaults filled in.
func served(name string, port int32, proto gwapiv1.ProtocolType, host string, certs ...string) gwapiv1.Listener {
	same := gwapiv1.NamespacesFromSame
	l := gwapiv1.Listener{Name: gwapiv1.SectionName(name), Port: port, Protocol: proto,
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

// A listener the API server only filled CRD defaults into keeps its
// configured value; a changed one shows.
func TestFromLiveKeepsListenersThatMeanTheSame(t *testing.T) {
	ctx := context.Background()
	for _, prior := range []translate.Listener{
		https(translate.Known("www.example.com"), 443),
		{Name: translate.Known("tcp"), Port: translate.Known(int64(9000)), Protocol: translate.Known("TCP"), Hostname: translate.Known("")},
	} {
		list := listenersOf(t, prior)
		live := served(prior.Name.Or(""), int32(prior.Port.Or(0)), gwapiv1.ProtocolType(prior.Protocol.Or("")), prior.Hostname.Or(""), "cert")
		if prior.Protocol.Or("") == "TCP" {
			live = served("tcp", 9000, gwapiv1.TCPProtocolType, "")
		}
		m := gatewayModel{Listeners: list}
		if d := m.fromLive(ctx, gatewayWith(live)); d.HasError() {
			t.Fatal(d)
		}
		if !m.Listeners.Equal(list) {
			t.Errorf("%s: a listener the API server only filled defaults into reads as %v", prior.Name, m.Listeners)
		}
		live.Port++
		m.Listeners = list
		m.fromLive(ctx, gatewayWith(live))
		if m.Listeners.Equal(list) {
			t.Errorf("%s: a port changed outside Terraform does not show", prior.Name)
		}
	}
}

// A listener read without a prior one of its name (import), or changed, is
// in its shortest form: CRD defaults null, and the prior's "" kept.
func TestFromLiveReadsTheShortestForm(t *testing.T) {
	ctx := context.Background()
	live := served("https", 443, gwapiv1.HTTPSProtocolType, "", "cert")
	m := gatewayModel{Listeners: types.ListNull(mustBe[types.ListType](t, gatewayAttrType(ctx, "listeners")).ElemType)}
	m.fromLive(ctx, gatewayWith(live))
	l := listenersIn(t, m.Listeners)[0]
	if !l.Hostname.IsNull() || !l.AllowedRoutes.IsNull() || l.TLS.Or(translate.ListenerTLS{}).Mode.IsKnown() {
		t.Errorf("defaults read as set: %+v", l)
	}
	// With a prior hostname "" and another port, the absent hostname stays "".
	m.Listeners = listenersOf(t, https(translate.Known(""), 8443))
	m.fromLive(ctx, gatewayWith(live))
	if l := listenersIn(t, m.Listeners)[0]; l.Hostname.Or("x") != "" || l.Port.Or(0) != 443 {
		t.Errorf(`prior hostname "" read back as %v (port %v)`, l.Hostname, l.Port)
	}
	// Non-default routes are read.
	all := gwapiv1.NamespacesFromAll
	live.AllowedRoutes.Namespaces.From = &all
	m.fromLive(ctx, gatewayWith(live))
	if l := listenersIn(t, m.Listeners)[0]; l.AllowedRoutes.IsNull() {
		t.Error("allowed routes from All read as not set")
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
		case c.want == nil && !b.IsNull(), c.want != nil && (b.IsNull() || b.ValueBool() != mustBe[bool](t, c.want)):
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

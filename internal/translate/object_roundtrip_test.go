// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"path/filepath"
	"reflect"
	"testing"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"
)

// For every golden scenario and every object that renders: Render, Parse
// what was rendered, Render again, and get the same object.
func TestRenderParseRenderIsIdentity(t *testing.T) {
	counts := map[Kind]int{}
	for _, name := range scenarios(t) {
		set := readSet(t, filepath.Join("testdata", name+".in.yaml"))
		for _, g := range set.Gateways {
			if first, err := RenderGateway(g); err == nil {
				again, err := RenderGateway(ParseGateway(first))
				sameObject(t, name, first, again, err)
				counts[KindGateway]++
			}
		}
		for _, c := range set.GatewayClasses {
			if first, err := RenderGatewayClass(c); err == nil {
				again, err := RenderGatewayClass(ParseGatewayClass(first))
				sameObject(t, name, first, again, err)
				counts[KindGatewayClass]++
			}
		}
		for _, p := range set.EnvoyProxies {
			if first, err := RenderEnvoyProxy(p); err == nil {
				parsed, err := ParseEnvoyProxy(first)
				if err != nil {
					t.Fatal(err)
				}
				again, err := RenderEnvoyProxy(parsed)
				sameObject(t, name, first, again, err)
				counts[KindMergedProxy]++
			}
		}
		for _, tn := range set.Tenants {
			if first, err := RenderTenant(tn); err == nil {
				again, err := renderParsedTenant(first)
				sameObject(t, name, first.Values, again, err)
				counts[KindTenant]++
			}
		}
	}
	for _, k := range []Kind{KindTenant, KindGatewayClass, KindMergedProxy, KindGateway} {
		if counts[k] < 20 {
			t.Errorf("only %d %s objects rendered in the golden scenarios", counts[k], k)
		}
	}
}

// renderParsedTenant parses a release and renders it again with the
// release's values as the user's: the typed attributes Parse recovers must
// agree with the values they came from.
func renderParsedTenant(rel *TenantRelease) (map[string]any, error) {
	name, _ := TenantNameOfRelease(rel.Name)
	tn, err := ParseTenantRelease(name, rel.Namespace, rel.Values)
	if err != nil {
		return nil, err
	}
	text, err := yaml.Marshal(rel.Values)
	if err != nil {
		return nil, err
	}
	tn.Values = Known(string(text))
	again, err := RenderTenant(tn)
	if err != nil {
		return nil, err
	}
	return again.Values, nil
}

func sameObject(t *testing.T, scenario string, first, again any, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: rendering what was parsed failed: %v", scenario, err)
		return
	}
	a, _ := yaml.Marshal(first)
	b, _ := yaml.Marshal(again)
	if string(a) != string(b) {
		t.Errorf("%s: render → parse → render differs:\n%s\nvs\n%s", scenario, a, b)
	}
}

// Parse reads what the API server stores, defaults included; a parsed
// listener is equivalent to the configured one, and Shorten gives back
// what was configured.
func TestParseGatewayWithServerDefaults(t *testing.T) {
	configured := gwOf("web",
		Listener{Name: Known("a"), Port: Known(int64(80)), Protocol: Known(ProtocolHTTP), Hostname: Known("")},
		Listener{Name: Known("b"), Port: Known(int64(443)), Protocol: Known(ProtocolHTTPS), Hostname: Known("www.example.com"),
			TLS: Known(ListenerTLS{CertificateRefs: Known([]CertificateRef{{Name: Known("cert"), Namespace: Known("")}})})},
	)
	obj, err := RenderGateway(configured)
	if err != nil {
		t.Fatal(err)
	}
	// What the API server adds.
	same, terminate := gwapiv1.NamespacesFromSame, gwapiv1.TLSModeTerminate
	for i := range obj.Spec.Listeners {
		obj.Spec.Listeners[i].AllowedRoutes = &gwapiv1.AllowedRoutes{Namespaces: &gwapiv1.RouteNamespaces{From: &same}}
	}
	obj.Spec.Listeners[1].TLS.Mode = &terminate
	parsed := ParseGateway(obj)
	want, _ := configured.Listeners.Get()
	got, _ := parsed.Listeners.Get()
	for i := range want {
		if !EquivalentListener(want[i], got[i]) {
			t.Errorf("listener %d: %+v is not equivalent to %+v", i, got[i], want[i])
		}
		if short := Shorten(got[i], want[i]); !reflect.DeepEqual(short, want[i]) {
			t.Errorf("listener %d: Shorten gives %+v, want %+v", i, short, want[i])
		}
	}
	moved := got[0]
	moved.Port = Known(int64(8080))
	if EquivalentListener(want[0], moved) {
		t.Error("a listener whose port changed is equivalent")
	}
	if short := Shorten(got[1], Listener{}); !short.Hostname.IsKnown() || !short.TLS.IsKnown() ||
		short.TLS.Or(ListenerTLS{}).Mode.IsKnown() || short.AllowedRoutes.IsKnown() {
		t.Errorf("Shorten without a prior listener: %+v, want defaults null", short)
	}
}

func TestParseTenantRelease(t *testing.T) {
	for _, w := range []Value[Watch]{
		Null[Watch](),
		Known(Watch{Namespaces: Known([]string{"a", "b"})}),
		Known(Watch{NamespaceSelector: Known(LabelSelector{MatchLabels: Known(map[string]string{"team": "x"}),
			MatchExpressions: Known([]LabelSelectorRequirement{{Key: Known("env"), Operator: Known("In"), Values: Known([]string{"prod"})}})})}),
	} {
		in := Tenant{Name: Known("marketing"), Namespace: Known("mkt"), ControllerName: Known("example.com/x"),
			DeployType: Known(DeployGatewayNamespace), Watch: w}
		rel, err := RenderTenant(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseTenantRelease("marketing", rel.Namespace, rel.Values)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, in) {
			t.Errorf("ParseTenantRelease(RenderTenant(%v)) = %+v", in, got)
		}
	}
	if _, err := ParseTenantRelease("x", "y", map[string]any{"config": map[string]any{"envoyGateway": map[string]any{"gateway": 3}}}); err == nil {
		t.Error("a release whose config does not decode parsed without error")
	}
}

func TestParseEnvoyProxyMerges(t *testing.T) {
	off, on := false, true
	for _, c := range []struct {
		merge *bool
		want  Value[bool]
	}{{nil, Null[bool]()}, {&off, Known(false)}, {&on, Known(true)}} {
		p, err := ParseEnvoyProxy(&egv1a1.EnvoyProxy{Spec: egv1a1.EnvoyProxySpec{MergeGateways: c.merge}})
		if err != nil || p.MergeGateways != c.want {
			t.Errorf("mergeGateways %v read as %v (%v)", c.merge, p.MergeGateways, err)
		}
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"errors"
	"testing"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

func TestRenderGatewayLeavesDefaultsToTheAPIServer(t *testing.T) {
	g := gwOf("web",
		Listener{Name: Known("a"), Port: Known(int64(80)), Protocol: Known(ProtocolHTTP), Hostname: Known("")},
		Listener{Name: Known("b"), Port: Known(int64(443)), Protocol: Known(ProtocolHTTPS), Hostname: Known("www.example.com"),
			TLS: Known(ListenerTLS{CertificateRefs: Known([]CertificateRef{{Name: Known("cert"), Namespace: Known("")}, {Name: Known("c2"), Namespace: Known("certs")}})})},
	)
	obj, err := RenderGateway(g)
	if err != nil {
		t.Fatal(err)
	}
	a, b := obj.Spec.Listeners[0], obj.Spec.Listeners[1]
	if a.Hostname != nil {
		t.Errorf(`hostname "" must be left out, got %q`, *a.Hostname)
	}
	if b.TLS.Mode != nil {
		t.Errorf("tls.mode not set must stay unset (the CRD defaults it), got %s", *b.TLS.Mode)
	}
	if b.TLS.CertificateRefs[0].Namespace != nil || string(*b.TLS.CertificateRefs[1].Namespace) != "certs" {
		t.Errorf("certificate ref namespaces rendered wrong: %+v", b.TLS.CertificateRefs)
	}
	if obj.APIVersion != gwapiv1.GroupVersion.String() || obj.Kind != "Gateway" || obj.Namespace != "default" {
		t.Errorf("type/object meta: %+v %+v", obj.TypeMeta, obj.ObjectMeta)
	}
}

func TestRenderGatewayOutOfRangePortStaysInvalid(t *testing.T) {
	obj, err := RenderGateway(gwOf("web", listener("a", 1<<40, ProtocolHTTP, "")))
	if err != nil {
		t.Fatal(err)
	}
	if p := obj.Spec.Listeners[0].Port; p <= 65535 {
		t.Errorf("port 2^40 rendered as %d, which the API server would accept", p)
	}
}

func TestRenderUnknown(t *testing.T) {
	g := gwOf("web", Listener{Name: Known("a"), Port: Unknown[int64](), Protocol: Known(ProtocolHTTP)})
	if _, err := RenderGateway(g); !errors.Is(err, ErrUnknown) {
		t.Errorf("RenderGateway with an unknown port: %v", err)
	}
	if _, err := RenderGatewayClass(GatewayClass{Name: Known("c"), ControllerName: Unknown[string]()}); !errors.Is(err, ErrUnknown) {
		t.Errorf("RenderGatewayClass with an unknown controller: %v", err)
	}
	if _, err := RenderEnvoyProxy(EnvoyProxy{Name: Known("m")}); err == nil || errors.Is(err, ErrUnknown) {
		t.Errorf("RenderEnvoyProxy without a namespace: %v, want a not-set error", err)
	}
}

func TestRenderEnvoyProxyAndClass(t *testing.T) {
	ep, err := RenderEnvoyProxy(EnvoyProxy{Name: Known("merged-eg"), Namespace: Known("eg"), MergeGateways: Known(true)})
	if err != nil {
		t.Fatal(err)
	}
	if ep.Spec.MergeGateways == nil || !*ep.Spec.MergeGateways {
		t.Error("mergeGateways must be true")
	}
	ref := ProxyParametersRef("merged-eg", "eg")
	gc, err := RenderGatewayClass(GatewayClass{Name: Known("merged-eg"), ControllerName: Known(DefaultControllerName("eg")), ParametersRef: Known(ref)})
	if err != nil {
		t.Fatal(err)
	}
	pr := gc.Spec.ParametersRef
	if string(pr.Group) != "gateway.envoyproxy.io" || pr.Kind != "EnvoyProxy" || pr.Name != "merged-eg" || string(*pr.Namespace) != "eg" {
		t.Errorf("parametersRef %+v", pr)
	}
}

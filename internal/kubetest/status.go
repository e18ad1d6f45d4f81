// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package kubetest

import (
	"context"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// What an Envoy Gateway controller wrote, read back typed: tests compare it
// with the translator's verdicts, and (issue 5) with the computed accepted
// and listener_status attributes of eg_gatewayclass and eg_gateway.

var (
	gatewayClassesGVR = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}
	gatewaysGVR       = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
)

// GatewayClass reads a GatewayClass, status included.
func GatewayClass(t testing.TB, cfg *rest.Config, name string) *gwapiv1.GatewayClass {
	t.Helper()
	out := &gwapiv1.GatewayClass{}
	getTyped(t, cfg, gatewayClassesGVR, "", name, out)
	return out
}

// Gateway reads a Gateway, status included.
func Gateway(t testing.TB, cfg *rest.Config, namespace, name string) *gwapiv1.Gateway {
	t.Helper()
	out := &gwapiv1.Gateway{}
	getTyped(t, cfg, gatewaysGVR, namespace, name, out)
	return out
}

// Condition returns the condition of a type, or a zero one.
func Condition(conds []metav1.Condition, typ string) metav1.Condition {
	for _, c := range conds {
		if c.Type == typ {
			return c
		}
	}
	return metav1.Condition{}
}

// ListenerConditions returns a listener's conditions from a Gateway's
// status, or nil when the controller wrote none for it.
func ListenerConditions(gw *gwapiv1.Gateway, listener string) []metav1.Condition {
	for _, ls := range gw.Status.Listeners {
		if string(ls.Name) == listener {
			return ls.Conditions
		}
	}
	return nil
}

func getTyped(t testing.TB, cfg *rest.Config, gvr schema.GroupVersionResource, namespace, name string, into any) {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	u, err := dyn.Resource(gvr).Namespace(namespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get %s %s/%s: %v", gvr.Resource, namespace, name, err)
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, into); err != nil {
		t.Fatal(err)
	}
}

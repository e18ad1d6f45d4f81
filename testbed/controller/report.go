// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Tenants lists the namespaces holding an Envoy Gateway release's rendered
// configuration (the envoy-gateway-config ConfigMap): the tenants whose
// controllers can be run.
func Tenants(ctx context.Context, kube kubernetes.Interface) ([]string, error) {
	cms, err := kube.CoreV1().ConfigMaps("").List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + configMapName})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, cm := range cms.Items {
		if _, ok := cm.Data[configKey]; ok {
			out = append(out, cm.Namespace)
		}
	}
	sort.Strings(out)
	return out, nil
}

var (
	classesGVR  = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}
	gatewaysGVR = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
)

// Report prints every GatewayClass with its Accepted condition and every
// Gateway with its listeners' conditions, as the controllers wrote them.
// Without a controller they read Unknown (Pending), or stay empty.
func Report(ctx context.Context, dyn dynamic.Interface, w io.Writer) error {
	classes, err := dyn.Resource(classesGVR).List(ctx, metav1.ListOptions{})
	if apierrors.IsNotFound(err) {
		fmt.Fprintln(w, "GatewayClasses: none (the Gateway API CRDs are not installed)")
		return nil
	} else if err != nil {
		return fmt.Errorf("list GatewayClasses: %w", err)
	}
	fmt.Fprintln(w, "GatewayClasses:")
	if len(classes.Items) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, u := range classes.Items {
		var gc gwapiv1.GatewayClass
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &gc); err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s (%s): Accepted %s\n", gc.Name, gc.Spec.ControllerName, orNone(condition(gc.Status.Conditions, "Accepted")))
	}
	gws, err := dyn.Resource(gatewaysGVR).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("list Gateways: %w", err)
	}
	fmt.Fprintln(w, "Gateways:")
	if len(gws.Items) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, u := range gws.Items {
		var gw gwapiv1.Gateway
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &gw); err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s/%s (class %s): Accepted %s\n", gw.Namespace, gw.Name, gw.Spec.GatewayClassName, orNone(condition(gw.Status.Conditions, "Accepted")))
		for _, l := range gw.Spec.Listeners {
			var conds []metav1.Condition
			for _, ls := range gw.Status.Listeners {
				if ls.Name == l.Name {
					conds = ls.Conditions
				}
			}
			var parts []string
			for _, typ := range []string{"Accepted", "Programmed", "Conflicted", "ResolvedRefs"} {
				if c := condition(conds, typ); c != "" {
					parts = append(parts, typ+" "+c)
				}
			}
			if len(parts) == 0 {
				parts = []string{"no status (Unknown)"}
			}
			fmt.Fprintf(w, "    %s %s:%d: %s\n", l.Name, l.Protocol, l.Port, strings.Join(parts, ", "))
		}
	}
	return nil
}

// condition renders a condition as Status (Reason), or "" when absent.
func condition(conds []metav1.Condition, typ string) string {
	for _, c := range conds {
		if c.Type == typ {
			return fmt.Sprintf("%s (%s)", c.Status, c.Reason)
		}
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "Unknown (no status)"
	}
	return s
}

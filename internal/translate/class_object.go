// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

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

// ParseGatewayClass reads a GatewayClass from the cluster as the
// translator's input, every value known; Key and Origin are left to the
// caller.
func ParseGatewayClass(gc *gwapiv1.GatewayClass) GatewayClass {
	out := GatewayClass{
		Name:           Known(gc.Name),
		ControllerName: Known(string(gc.Spec.ControllerName)),
		Description:    optional(gc.Spec.Description),
	}
	if r := gc.Spec.ParametersRef; r != nil {
		out.ParametersRef = Known(ParametersRef{
			Group:     Known(string(r.Group)),
			Kind:      Known(string(r.Kind)),
			Name:      Known(r.Name),
			Namespace: optional((*string)(r.Namespace)),
		})
	}
	return out
}

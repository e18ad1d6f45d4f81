// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"encoding/json"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/jsonvalue"
)

// FieldManager is the server-side apply field manager of every object the
// provider writes.
const FieldManager = ManagedByValue

// gatewayAPIv1 is gateway.networking.k8s.io/v1. The package's own
// GroupVersion is a metav1.GroupVersion, which has no WithResource, and its
// schema.GroupVersion (SchemeGroupVersion) is deprecated.
var gatewayAPIv1 = schema.GroupVersion{Group: gwapiv1.GroupName, Version: gwapiv1.GroupVersion.Version}

// The kinds the provider writes.
var (
	GatewayClasses = Kind[gwapiv1.GatewayClass, *gwapiv1.GatewayClass]{
		Name:     "GatewayClass",
		Resource: gatewayAPIv1.WithResource("gatewayclasses"),
		CRD:      "gatewayclasses.gateway.networking.k8s.io",
		Body:     func(gc *gwapiv1.GatewayClass) (map[string]any, error) { return specOf(gc.Spec) },
	}
	Gateways = Kind[gwapiv1.Gateway, *gwapiv1.Gateway]{
		Name:       "Gateway",
		Resource:   gatewayAPIv1.WithResource("gateways"),
		CRD:        "gateways.gateway.networking.k8s.io",
		Namespaced: true,
		Body:       func(gw *gwapiv1.Gateway) (map[string]any, error) { return specOf(gw.Spec) },
	}
	HTTPRoutes = Kind[gwapiv1.HTTPRoute, *gwapiv1.HTTPRoute]{
		Name:       "HTTPRoute",
		Resource:   gatewayAPIv1.WithResource("httproutes"),
		CRD:        "httproutes.gateway.networking.k8s.io",
		Namespaced: true,
		Body:       func(r *gwapiv1.HTTPRoute) (map[string]any, error) { return specOf(r.Spec) },
	}
	// ReferenceGrants are only read: they let a route refer to a backend of
	// another namespace.
	ReferenceGrants = Kind[gwapiv1.ReferenceGrant, *gwapiv1.ReferenceGrant]{
		Name:       "ReferenceGrant",
		Resource:   gatewayAPIv1.WithResource("referencegrants"),
		CRD:        "referencegrants.gateway.networking.k8s.io",
		Namespaced: true,
	}
	EnvoyProxies = Kind[egv1a1.EnvoyProxy, *egv1a1.EnvoyProxy]{
		Name:       egv1a1.KindEnvoyProxy,
		Resource:   egv1a1.GroupVersion.WithResource("envoyproxies"),
		CRD:        "envoyproxies.gateway.envoyproxy.io",
		Namespaced: true,
		Body:       envoyProxyBody,
	}
)

// specOf is the body of an object whose spec holds only what the provider
// sets: its typed spec through JSON, which leaves out what is nil or empty
// (omitempty), so that the apply claims only the fields the provider sets.
func specOf(spec any) (map[string]any, error) {
	b, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return map[string]any{"spec": out}, nil
}

// envoyProxyBody sends the spec without the empty objects its non-pointer
// structs (logging) leave: the provider claims only what it sets.
func envoyProxyBody(p *egv1a1.EnvoyProxy) (map[string]any, error) {
	spec, err := specOf(p.Spec)
	if err != nil {
		return nil, err
	}
	jsonvalue.PruneEmpty(spec)
	return spec, nil
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"k8s.io/apimachinery/pkg/util/validation"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// The rules about a Gateway's metadata, its infrastructure (what Envoy
// Gateway copies onto the Envoy Service and Deployment, and the EnvoyProxy
// of this Gateway alone), and the route kinds its listeners allow.

// gatewayMetadataSchema applies the API server's rules to the Gateway's
// labels and annotations and the Gateway CRD's to its infrastructure.
func (t *translator) gatewayMetadataSchema(gc *gatewayCtx) {
	o, ref, in := gc.in.Origin, gc.ref, gc.in
	t.checkLabels(o, ref, Attr("labels"), in.Labels, 0)
	t.checkAnnotations(o, ref, Attr("annotations"), in.Annotations, 0)
	infra, ok := in.Infrastructure.Get()
	if !ok {
		return
	}
	p := Attr("infrastructure")
	t.checkLabels(o, ref, p.Attr("labels"), infra.Labels, 8)
	t.checkAnnotations(o, ref, p.Attr("annotations"), infra.Annotations, 16)
	if pr, ok := infra.ParametersRef.Get(); ok {
		rp := p.Attr("parameters_ref")
		t.checkString(o, ref, RuleGatewayMetadata, rp.Attr("group"), "spec.infrastructure.parametersRef.group", pr.Group, specRefGroup)
		t.checkString(o, ref, RuleGatewayMetadata, rp.Attr("kind"), "spec.infrastructure.parametersRef.kind", pr.Kind, specRefKind)
		t.checkString(o, ref, RuleGatewayMetadata, rp.Attr("name"), "spec.infrastructure.parametersRef.name", pr.Name, specRefName)
	}
}

// checkLabels checks label keys and values; maxKeys is the most keys allowed
// (0: no limit).
func (t *translator) checkLabels(o Origin, ref Ref, p Path, v Value[map[string]string], maxKeys int) {
	m, ok := v.Get()
	if !ok {
		return
	}
	t.checkKeyCount(o, ref, p, len(m), maxKeys)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if errs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(m[k])...); len(errs) > 0 {
			t.errorf(o, ref, RuleGatewayMetadata, p.Key(k), fmt.Sprintf("invalid label %s=%q: %s", k, m[k], strings.Join(errs, "; ")),
				"Label keys are an optional DNS subdomain prefix and a name of at most 63 characters; values at most 63 letters, digits, '-', '_' or '.'.")
		}
	}
}

// checkAnnotations checks annotation keys and values.
func (t *translator) checkAnnotations(o Origin, ref Ref, p Path, v Value[map[string]string], maxKeys int) {
	m, ok := v.Get()
	if !ok {
		return
	}
	t.checkKeyCount(o, ref, p, len(m), maxKeys)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if errs := validation.IsQualifiedName(strings.ToLower(k)); len(errs) > 0 {
			t.errorf(o, ref, RuleGatewayMetadata, p.Key(k), fmt.Sprintf("invalid annotation key %q: %s", k, strings.Join(errs, "; ")),
				"Annotation keys are an optional DNS subdomain prefix and a name of at most 63 characters.")
		}
		if maxKeys > 0 && len(m[k]) > 4096 {
			t.errorf(o, ref, RuleGatewayMetadata, p.Key(k), sumMaxLength(4096), "An infrastructure annotation's value holds at most 4096 characters.")
		}
	}
}

func (t *translator) checkKeyCount(o Origin, ref Ref, p Path, n, maxKeys int) {
	if maxKeys > 0 && n > maxKeys {
		t.errorf(o, ref, RuleGatewayMetadata, p, fmt.Sprintf("%d entries, more than %d", n, maxKeys),
			fmt.Sprintf("The Gateway API allows at most %d entries here.", maxKeys))
	}
}

// gatewayParametersController checks what Envoy Gateway needs of a
// Gateway's infrastructure.parameters_ref: an EnvoyProxy, in the Gateway's
// own namespace (the reference carries no namespace).
func (t *translator) gatewayParametersController(gc *gatewayCtx) {
	pr, ok := gc.in.Infrastructure.Or(GatewayInfrastructure{}).ParametersRef.Get()
	if !ok {
		return
	}
	o, ref, p := gc.in.Origin, gc.ref, Attr("infrastructure").Attr("parameters_ref")
	group, gok := pr.Group.Get()
	kind, kok := pr.Kind.Get()
	if gok && kok && (group != egv1a1.GroupName || kind != egv1a1.KindEnvoyProxy) {
		t.errorf(o, ref, RuleGatewayParameters, p, fmt.Sprintf("parameters_ref names a %s of group %q, not an EnvoyProxy", kind, group),
			"Envoy Gateway takes a Gateway's parameters from an EnvoyProxy (group gateway.envoyproxy.io) and does not accept a Gateway that points elsewhere (InvalidParameters). Use an eg_envoy_proxy's parameters_ref.")
	}
	gwNS, nsOK := gc.in.Namespace.Get()
	if ns, ok := pr.Namespace.Get(); ok && ns != "" && nsOK && ns != gwNS {
		t.errorf(o, ref, RuleGatewayParameters, p.Attr("namespace"),
			fmt.Sprintf("EnvoyProxy namespace %q is not the Gateway's namespace %q", ns, gwNS),
			"A Gateway's infrastructure.parametersRef names an EnvoyProxy of its own namespace only; Envoy Gateway would look for it in the Gateway's namespace and not accept the Gateway. Put the proxy in the Gateway's namespace.")
	}
}

// listenerRouteKinds checks allowed_routes.kinds against what Envoy Gateway
// serves on the listener's protocol; a listener with a kind it does not
// serve is invalid (ResolvedRefs False, InvalidRouteKinds).
func (t *translator) listenerRouteKinds(lc *listenerCtx) {
	kinds, ok := lc.in.AllowedRoutes.Or(AllowedRoutes{}).Kinds.Get()
	if !ok || !lc.protoKnown || !isSupportedProtocol(lc.proto) || !lc.modeKnown && lc.tlsSet {
		return
	}
	mode := gwapiv1.TLSModeType(lc.mode)
	allowed := allowedRouteKinds(lc.proto, mode)
	for i, k := range kinds {
		p := lc.path().Attr("allowed_routes").Attr("kinds").Index(i)
		if g := k.Group.Or(""); k.Group.IsKnown() && g != "" && g != gwapiv1.GroupName {
			t.errorf(lc.gw.in.Origin, lc.gw.ref, RuleListenerRouteKinds, p.Attr("group"),
				fmt.Sprintf("route group %q is not supported", g), "Envoy Gateway serves routes of group gateway.networking.k8s.io only; leave group out.")
			lc.invalid = true
			continue
		}
		if kind, ok := k.Kind.Get(); ok && !slices.Contains(allowed, kind) {
			t.errorf(lc.gw.in.Origin, lc.gw.ref, RuleListenerRouteKinds, p.Attr("kind"),
				fmt.Sprintf("%s is not supported on a %s listener, kind must be one of %v", kind, lc.proto, allowed),
				"Envoy Gateway leaves a listener that allows a route kind its protocol cannot serve unprogrammed (InvalidRouteKinds).")
			lc.invalid = true
		}
	}
}

// allowedRouteKinds is what Envoy Gateway v1.9.1 serves per protocol.
func allowedRouteKinds(proto string, mode gwapiv1.TLSModeType) []string {
	switch proto {
	case ProtocolHTTP, ProtocolHTTPS:
		return []string{"HTTPRoute", "GRPCRoute"}
	case ProtocolTLS:
		if mode == gwapiv1.TLSModePassthrough {
			return []string{"TLSRoute"}
		}
		return []string{"TCPRoute", "TLSRoute"}
	case ProtocolTCP:
		return []string{"TCPRoute"}
	case ProtocolUDP:
		return []string{"UDPRoute"}
	}
	return nil
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"maps"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// A Gateway's metadata and infrastructure, and its listeners' route kinds:
// rendered and parsed beside each other, as the rest of the Gateway in
// gateway_object.go.

// renderGatewayMetadata sets the Gateway's labels, annotations and
// infrastructure. The reference to its EnvoyProxy carries no namespace:
// the proxy is the Gateway's namespace's.
func renderGatewayMetadata(g Gateway, out *gwapiv1.Gateway) error {
	for _, v := range []Value[map[string]string]{g.Labels, g.Annotations} {
		if v.IsUnknown() {
			return fmt.Errorf("labels or annotations: %w", ErrUnknown)
		}
	}
	out.Labels, out.Annotations = maps.Clone(g.Labels.Or(nil)), maps.Clone(g.Annotations.Or(nil))
	if g.Infrastructure.IsUnknown() {
		return fmt.Errorf("infrastructure: %w", ErrUnknown)
	}
	infra, ok := g.Infrastructure.Get()
	if !ok {
		return nil
	}
	if infra.Labels.IsUnknown() || infra.Annotations.IsUnknown() || infra.ParametersRef.IsUnknown() {
		return fmt.Errorf("infrastructure: %w", ErrUnknown)
	}
	gi := &gwapiv1.GatewayInfrastructure{}
	for k, v := range infra.Labels.Or(nil) {
		if gi.Labels == nil {
			gi.Labels = map[gwapiv1.LabelKey]gwapiv1.LabelValue{}
		}
		gi.Labels[gwapiv1.LabelKey(k)] = gwapiv1.LabelValue(v)
	}
	for k, v := range infra.Annotations.Or(nil) {
		if gi.Annotations == nil {
			gi.Annotations = map[gwapiv1.AnnotationKey]gwapiv1.AnnotationValue{}
		}
		gi.Annotations[gwapiv1.AnnotationKey(k)] = gwapiv1.AnnotationValue(v)
	}
	if pr, ok := infra.ParametersRef.Get(); ok {
		if pr.Group.IsUnknown() || pr.Kind.IsUnknown() || pr.Name.IsUnknown() {
			return fmt.Errorf("infrastructure.parameters_ref: %w", ErrUnknown)
		}
		gi.ParametersRef = &gwapiv1.LocalParametersReference{
			Group: gwapiv1.Group(pr.Group.Or("")), Kind: gwapiv1.Kind(pr.Kind.Or("")), Name: pr.Name.Or(""),
		}
	}
	out.Spec.Infrastructure = gi
	return nil
}

// parseInfrastructure is renderGatewayMetadata's inverse for the
// infrastructure; the reference's namespace is left null.
func parseInfrastructure(gi *gwapiv1.GatewayInfrastructure) Value[GatewayInfrastructure] {
	if gi == nil {
		return Null[GatewayInfrastructure]()
	}
	out := GatewayInfrastructure{}
	if gi.Labels != nil {
		m := make(map[string]string, len(gi.Labels))
		for k, v := range gi.Labels {
			m[string(k)] = string(v)
		}
		out.Labels = Known(m)
	}
	if gi.Annotations != nil {
		m := make(map[string]string, len(gi.Annotations))
		for k, v := range gi.Annotations {
			m[string(k)] = string(v)
		}
		out.Annotations = Known(m)
	}
	if r := gi.ParametersRef; r != nil {
		out.ParametersRef = Known(ParametersRef{Group: Known(string(r.Group)), Kind: Known(string(r.Kind)), Name: Known(r.Name)})
	}
	return Known(out)
}

func renderRouteKinds(v Value[[]RouteGroupKind]) ([]gwapiv1.RouteGroupKind, error) {
	if v.IsUnknown() {
		return nil, fmt.Errorf("kinds: %w", ErrUnknown)
	}
	kinds, _ := v.Get()
	var out []gwapiv1.RouteGroupKind
	for i, k := range kinds {
		if k.Group.IsUnknown() || k.Kind.IsUnknown() {
			return nil, fmt.Errorf("kinds[%d]: %w", i, ErrUnknown)
		}
		rk := gwapiv1.RouteGroupKind{Kind: gwapiv1.Kind(k.Kind.Or(""))}
		if g := k.Group.Or(""); g != "" {
			group := gwapiv1.Group(g)
			rk.Group = &group
		}
		out = append(out, rk)
	}
	return out, nil
}

func parseRouteKinds(kinds []gwapiv1.RouteGroupKind) Value[[]RouteGroupKind] {
	if kinds == nil {
		return Null[[]RouteGroupKind]()
	}
	out := make([]RouteGroupKind, len(kinds))
	for i, k := range kinds {
		out[i] = RouteGroupKind{Group: optional(k.Group), Kind: Known(string(k.Kind))}
	}
	return Known(out)
}

// kindsWithDefaults fills in the group the CRD defaults, and reads no
// kinds as not set.
func kindsWithDefaults(v Value[[]RouteGroupKind]) Value[[]RouteGroupKind] {
	kinds, ok := v.Get()
	if !ok || len(kinds) == 0 {
		return Null[[]RouteGroupKind]()
	}
	out := make([]RouteGroupKind, len(kinds))
	for i, k := range kinds {
		if k.Group.Or("") == "" {
			k.Group = Known(gwapiv1.GroupName)
		}
		out[i] = k
	}
	return Known(out)
}

// shortenKinds leaves out the group the CRD defaults where prior does.
func shortenKinds(live, prior Value[[]RouteGroupKind]) Value[[]RouteGroupKind] {
	kinds, ok := live.Get()
	if !ok {
		return live
	}
	pk, _ := prior.Get()
	out := make([]RouteGroupKind, len(kinds))
	for i, k := range kinds {
		priorGroup := Null[string]()
		if i < len(pk) {
			priorGroup = pk[i].Group
		}
		if k.Group.Or("") == gwapiv1.GroupName && !priorGroup.IsKnown() {
			k.Group = priorGroup
		}
		out[i] = k
	}
	return Known(out)
}

// KeepOwnKeys is a label or annotation map read from the cluster as far as
// it concerns the configured one (prior): the configured keys, with their
// values in the cluster; keys others (cert-manager, external-dns, this
// provider's own label) added are no drift. A configured key removed or
// changed in the cluster shows, so that the plan puts it back.
func KeepOwnKeys(live, prior Value[map[string]string]) Value[map[string]string] {
	p, ok := prior.Get()
	if !ok {
		return prior
	}
	l := live.Or(nil)
	out := make(map[string]string, len(p))
	for k := range p {
		if v, ok := l[k]; ok {
			out[k] = v
		}
	}
	return Known(out)
}

func knownOrNull(m map[string]string) Value[map[string]string] {
	if m == nil {
		return Null[map[string]string]()
	}
	return Known(maps.Clone(m))
}

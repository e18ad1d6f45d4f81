// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"errors"
	"fmt"
	"strings"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/envoyproxy/gateway/api/v1alpha1/validation"
	"k8s.io/apimachinery/pkg/api/resource"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
)

// The rules about one EnvoyProxy: its typed attributes (schema phase), its
// spec decoded strictly into Envoy Gateway's EnvoyProxySpec with the typed
// attributes on top and no contradiction between them (schema), and Envoy
// Gateway's own validation of the result (controller phase).

// proxyTyped checks the typed attributes the way the EnvoyProxy CRD and
// Kubernetes do.
func (t *translator) proxyTyped(pc *proxyCtx) {
	o, ref, in := pc.in.Origin, pc.ref, pc.in
	if svc, ok := in.Service.Get(); ok {
		p := Attr("service")
		if v, ok := svc.Type.Get(); ok && !validServiceType(v) {
			pc.invalid = true
			t.errorf(o, ref, RuleProxyService, p.Attr("type"), sumEnum(v, "ClusterIP", "LoadBalancer", "NodePort"),
				"Use LoadBalancer (the default: a cloud load balancer), NodePort, or ClusterIP (reached from inside the cluster only).")
		}
		if v, ok := svc.ExternalTrafficPolicy.Get(); ok && v != "Local" && v != "Cluster" {
			pc.invalid = true
			t.errorf(o, ref, RuleProxyService, p.Attr("external_traffic_policy"), sumEnum(v, "Cluster", "Local"),
				"Local keeps the client's source address and sends traffic only to nodes running Envoy; Cluster spreads it over every node.")
		}
	}
	d, ok := in.Deployment.Get()
	if !ok {
		return
	}
	p := Attr("deployment")
	if n, ok := d.Replicas.Get(); ok && (n < 0 || n > 1<<31-1) {
		pc.invalid = true
		t.errorf(o, ref, RuleProxyDeployment, p.Attr("replicas"), fmt.Sprintf("replicas %d is out of range", n),
			"Set the number of Envoy pods, 0 or more (Envoy Gateway's default is 1).")
	}
	if res, ok := d.Resources.Get(); ok && !t.proxyResources(o, ref, p.Attr("resources"), res) {
		pc.invalid = true
	}
}

// proxyResources checks that requests and limits are quantities, and that
// no limit is below its request (Kubernetes refuses such a pod). It
// returns false when it reported a problem.
func (t *translator) proxyResources(o Origin, ref Ref, p Path, res ProxyResources) bool {
	valid := true
	parsed := map[string]map[string]resource.Quantity{}
	for _, side := range []struct {
		name string
		list Value[ResourceList]
	}{{"requests", res.Requests}, {"limits", res.Limits}} {
		l, ok := side.list.Get()
		if !ok {
			continue
		}
		parsed[side.name] = map[string]resource.Quantity{}
		for name, v := range map[string]Value[string]{"cpu": l.CPU, "memory": l.Memory} {
			s, ok := v.Get()
			if !ok {
				continue
			}
			q, err := resource.ParseQuantity(s)
			if err != nil {
				valid = false
				t.errorf(o, ref, RuleProxyDeployment, p.Attr(side.name).Attr(name), fmt.Sprintf("%q is not a quantity: %v", s, err),
					`Write a Kubernetes quantity, such as "100m" or "0.5" for CPU and "256Mi" or "1Gi" for memory.`)
				continue
			}
			parsed[side.name][name] = q
		}
	}
	for _, name := range []string{"cpu", "memory"} {
		req, hasReq := parsed["requests"][name]
		lim, hasLim := parsed["limits"][name]
		if hasReq && hasLim && lim.Cmp(req) < 0 {
			valid = false
			t.errorf(o, ref, RuleProxyDeployment, p.Attr("limits").Attr(name),
				fmt.Sprintf("%s limit %s is less than its request %s", name, lim.String(), req.String()),
				"Kubernetes refuses a pod whose limit is below its request, so the Envoy fleet would never start. Raise the limit or lower the request.")
		}
	}
	return valid
}

// proxySpecRules decodes the spec with the typed attributes on top,
// strictly, and refuses what contradicts a typed attribute.
func (t *translator) proxySpecRules(pc *proxyCtx) {
	if pc.invalid {
		return // a typed attribute is wrong: the merged spec would say so again
	}
	o, ref, in := pc.in.Origin, pc.ref, pc.in
	spec, conflicts, err := proxySpec(*in)
	switch {
	case errors.Is(err, ErrUnknown):
		return
	case err != nil:
		pc.invalid = true
		t.errorf(o, ref, RuleProxySpec, Attr("spec"), "spec is not an EnvoyProxySpec: "+err.Error(),
			"spec holds the rest of Envoy Gateway's EnvoyProxySpec as YAML (yamlencode({...})), in its camelCase field names; "+
				"a field Envoy Gateway does not know is refused rather than ignored.")
		return
	}
	t.proxyServiceCEL(pc, spec)
	for _, c := range conflicts {
		pc.invalid = true
		t.errorf(o, ref, RuleProxySpecConflict, Attr("spec"),
			fmt.Sprintf("spec sets %s to %s, but %s says %s", c.key, compactJSON(c.user), c.owner, compactJSON(c.typed)),
			fmt.Sprintf("The typed attributes win over spec, and a spec that says otherwise is refused rather than silently overridden. Remove %s from spec, or change %s.", c.key, c.owner))
	}
}

// proxyServiceCEL applies the EnvoyProxy CRD's rules on the Service: the
// load balancer settings need type LoadBalancer (the default). They are
// reported on the typed attribute when it set them, else on spec.
func (t *translator) proxyServiceCEL(pc *proxyCtx, spec *egv1a1.EnvoyProxySpec) {
	if spec.Provider == nil || spec.Provider.Kubernetes == nil || spec.Provider.Kubernetes.EnvoyService == nil {
		return
	}
	svc := spec.Provider.Kubernetes.EnvoyService
	if svc.Type == nil || *svc.Type == egv1a1.ServiceTypeLoadBalancer {
		return
	}
	typed := pc.in.Service.Or(ProxyService{})
	for _, f := range []struct {
		set, typedSet bool
		field, attr   string
	}{
		{svc.LoadBalancerSourceRanges != nil, typed.LoadBalancerSourceRanges.IsKnown(), "loadBalancerSourceRanges", "load_balancer_source_ranges"},
		{svc.AllocateLoadBalancerNodePorts != nil, false, "allocateLoadBalancerNodePorts", ""},
		{svc.LoadBalancerIP != nil, false, "loadBalancerIP", ""},
	} {
		if !f.set {
			continue
		}
		at := Attr("spec")
		if f.typedSet {
			at = Attr("service").Attr(f.attr)
		}
		pc.invalid = true
		t.errorf(pc.in.Origin, pc.ref, RuleProxyService, at, f.field+" can only be set for LoadBalancer type",
			fmt.Sprintf("The EnvoyProxy CRD refuses %s on a %s Service. Remove it, or use service type LoadBalancer.", f.field, *svc.Type))
	}
}

// proxyController runs Envoy Gateway's own validation of an EnvoyProxy
// whose spec decoded.
func (t *translator) proxyController(pc *proxyCtx) {
	if pc.invalid {
		return
	}
	spec, _, err := proxySpec(*pc.in)
	if err != nil {
		return
	}
	if k := spec.Provider; k != nil && k.Kubernetes != nil && k.Kubernetes.EnvoyService != nil {
		// Envoy Gateway's own message prints the type's address.
		if st := k.Kubernetes.EnvoyService.Type; st != nil && !validServiceType(string(*st)) {
			t.errorf(pc.in.Origin, pc.ref, RuleProxyValidation, Attr("spec"), fmt.Sprintf("unsupported envoy service type %s", *st),
				"spec's provider.kubernetes.envoyService.type must be LoadBalancer, NodePort or ClusterIP.")
			return
		}
	}
	if spec.Bootstrap != nil {
		t.warnf(pc.in.Origin, pc.ref, RuleProxyBootstrap, Attr("spec"), "spec.bootstrap is checked only by Envoy Gateway",
			"Envoy Gateway checks a bootstrap against its own default one when it applies the proxy, and refuses one that changes "+
				"dynamic_resources or the xds_cluster (every class and Gateway using the proxy is then not accepted). That check is "+
				"not available at plan time; keep those two parts as Envoy Gateway renders them.")
	}
	err = validation.ValidateEnvoyProxy(&egv1a1.EnvoyProxy{Spec: *spec})
	for _, e := range flatten(err) {
		t.errorf(pc.in.Origin, pc.ref, RuleProxyValidation, proxyErrorPath(e), e.Error(),
			"Envoy Gateway refuses this EnvoyProxy, and every GatewayClass and Gateway that uses it is not accepted (InvalidParameters).")
	}
}

// flatten lists the errors of an aggregate one by one.
func flatten(err error) []error {
	var agg utilerrors.Aggregate
	if errors.As(err, &agg) {
		return utilerrors.Flatten(agg).Errors()
	}
	if err != nil {
		return []error{err}
	}
	return nil
}

// proxyErrorPath places one of Envoy Gateway's validation errors on the
// typed attribute it is about, or on spec.
func proxyErrorPath(err error) Path {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "service type"):
		return Attr("service").Attr("type")
	case strings.Contains(msg, "loadBalancerSourceRange"):
		return Attr("service").Attr("load_balancer_source_ranges")
	}
	return Attr("spec")
}

func validServiceType(v string) bool {
	return v == "LoadBalancer" || v == "NodePort" || v == "ClusterIP"
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/envoyproxy/gateway/api/v1alpha1/validation"
)

// The tenant phase: each tenant's watch and values, checked the way Envoy
// Gateway checks its own configuration, and the rules across tenants.

func (t *translator) tenantPhase() {
	for _, tc := range t.tenants {
		watchOK := t.tenantWatch(tc)
		if watchOK {
			t.tenantValues(tc)
		}
		t.tenantNamespacesExist(tc)
	}
	t.controllerNamesUnique()
	t.mergedWithGatewayNamespace()
}

// tenantWatch checks the watch block and then the EnvoyGateway config the
// typed attributes alone produce. It returns false when it reported a
// problem, so that values are not blamed for the watch's fault.
func (t *translator) tenantWatch(tc *tenantCtx) bool {
	o, ref, in := tc.in.Origin, tc.ref, tc.in
	w, ok := in.Watch.Get()
	if !ok {
		return !in.Watch.IsUnknown()
	}
	p := Attr("watch")
	ok = true
	fail := func(path Path, summary, detail string) {
		ok = false
		t.errorf(o, ref, RuleTenantWatch, path, summary, detail)
	}
	hasNS, hasSel := !w.Namespaces.IsNull(), !w.NamespaceSelector.IsNull()
	switch {
	case hasNS && hasSel:
		fail(p, "watch sets both namespaces and namespace_selector",
			"Envoy Gateway watches either a list of namespaces or the namespaces matching a selector. Keep one of namespaces and namespace_selector.")
	case !hasNS && !hasSel:
		fail(p, "watch sets neither namespaces nor namespace_selector",
			"Set namespaces or namespace_selector, or leave watch out to watch all namespaces.")
	}
	if nss, known := w.Namespaces.Get(); known {
		seen := map[string]bool{}
		for i, ns := range nss {
			at := p.Attr("namespaces").Index(i)
			if !t.checkMetaNamespace(o, ref, RuleTenantWatch, at, Known(ns)) {
				ok = false
			}
			if seen[ns] {
				fail(at, fmt.Sprintf("namespace %q is listed twice", ns),
					"The chart creates one Role per watched namespace, and Helm refuses a release that renders one object twice. List each namespace once.")
			}
			seen[ns] = true
		}
	}
	if sel, known := w.NamespaceSelector.Get(); known {
		sp := p.Attr("namespace_selector")
		for _, is := range selectorIssues(sel, sp) {
			fail(is.path, is.summary, is.detail)
		}
	}
	return ok && t.tenantWatchConfig(tc)
}

// tenantWatchConfig is what Envoy Gateway's own validation says about the
// config the typed attributes produce (e.g. an empty namespaces list).
func (t *translator) tenantWatchConfig(tc *tenantCtx) bool {
	typed, err := typedValues(*tc.in)
	if err != nil {
		return true // unknown: skipped
	}
	cfg, _, err := envoyGatewayConfig(typed)
	if err == nil {
		err = validation.ValidateEnvoyGateway(cfg)
	}
	if err != nil {
		t.errorf(tc.in.Origin, tc.ref, RuleTenantWatch, Attr("watch"), err.Error(),
			"Envoy Gateway would refuse to start with this watch. List at least one namespace, or use a namespace_selector, or leave watch out to watch all namespaces.")
		return false
	}
	return true
}

// tenantValues checks the user's chart values: YAML, no fight with the
// typed attributes, and a config.envoyGateway Envoy Gateway accepts.
func (t *translator) tenantValues(tc *tenantCtx) {
	o, ref, in := tc.in.Origin, tc.ref, tc.in
	if in.Values.IsUnknown() {
		return
	}
	p := Attr("values")
	user, err := parseValues(in.Values.Or(""))
	if err != nil {
		t.errorf(o, ref, RuleTenantValues, p, "values: "+err.Error(),
			"values holds extra chart values as a YAML mapping, usually yamlencode({ ... }). Fix the YAML.")
		return
	}
	typed, err := typedValues(*in)
	if err != nil {
		return
	}
	ns := in.Namespace.Or("")
	if in.Namespace.IsUnknown() {
		ns = "" // namespaceOverride can only be compared with a known namespace
	}
	for _, c := range findConflicts(user, typed, ns) {
		if c.key == "namespaceOverride" && in.Namespace.IsUnknown() {
			continue
		}
		want := "leaves it unset"
		if c.typed != nil {
			want = "sets it to " + compactJSON(c.typed)
		}
		t.errorf(o, ref, RuleTenantValuesConflict, p,
			fmt.Sprintf("values set %s, which %s owns", c.key, c.owner),
			fmt.Sprintf("values set %s to %s, but %s %s. Remove %s from values; %s.",
				c.key, compactJSON(c.user), c.owner, want, c.key, c.fix))
	}
	merged := mergeValues(user, typed)
	cfg, unknownFields, err := envoyGatewayConfig(merged)
	if err != nil {
		t.errorf(o, ref, RuleTenantValues, p, "values config.envoyGateway is not an EnvoyGateway config: "+err.Error(),
			"The chart writes config.envoyGateway into Envoy Gateway's config file, and Envoy Gateway does not start when it cannot read it. Fix the value's type.")
		return
	}
	if len(unknownFields) > 0 {
		t.warnf(o, ref, RuleTenantValues, p, "values config.envoyGateway has fields Envoy Gateway ignores: "+strings.Join(unknownFields, "; "),
			"Envoy Gateway ignores fields it does not know, so these settings have no effect. Check their spelling against the EnvoyGateway API.")
	}
	// An empty controller_name is refused on its own attribute; Envoy
	// Gateway's "controllerName is unspecified" would repeat it on values.
	if name, set := in.ControllerName.Get(); set && name == "" {
		return
	}
	if err := validation.ValidateEnvoyGateway(cfg); err != nil {
		t.errorf(o, ref, RuleTenantValues, p, "Envoy Gateway refuses the config: "+err.Error(),
			"The EnvoyGateway config rendered from values fails Envoy Gateway's own validation, so the controller would not start. Fix the setting under config.envoyGateway.")
	}
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// tenantNamespacesExist warns about a tenant's namespace that the cluster
// does not have and no planned tenant creates: Helm installs into an
// existing namespace. Watched namespaces are not checked: the provider
// creates the missing ones before the install. Only a warning: another
// provider in the same plan may create the namespace, which this provider
// cannot see.
func (t *translator) tenantNamespacesExist(tc *tenantCtx) {
	if t.set.ClusterUnknown {
		return
	}
	ns, ok := tc.in.Namespace.Get()
	if !ok || !matchLabel(ns) || t.createdNamespace[ns] {
		return
	}
	if _, exists := t.namespaceLabels[ns]; exists {
		return
	}
	t.warnf(tc.in.Origin, tc.ref, RuleWatchedNamespaceExists, Attr("namespace"),
		fmt.Sprintf("namespace %q does not exist", ns),
		"Helm installs the release into an existing namespace. Set create_namespace = true, or create the namespace before this tenant.")
}

// controllerNamesUnique refuses two tenants running one controller name:
// both controllers would reconcile every class naming it.
func (t *translator) controllerNamesUnique() {
	for _, tc := range t.tenants {
		ctrl, ok := tc.controller.Get()
		if !ok {
			continue
		}
		var others []string
		for _, o := range t.tenantsByCtrl[ctrl] {
			if o != tc && o.in.Origin != Refreshed { // its plan may still change it
				others = append(others, o.describe())
			}
		}
		if len(others) == 0 {
			continue
		}
		path := Attr("controller_name")
		if tc.in.ControllerName.IsNull() {
			path = Attr("name") // the default is derived from the name
		}
		t.errorf(tc.in.Origin, tc.ref, RuleControllerNameUnique, path,
			fmt.Sprintf("controller name %q is also run by %s", ctrl, joinNames(others)),
			"Two Envoy Gateway installs with one controller name would both reconcile every GatewayClass naming it. Give this tenant its own controller_name (the default is derived from name).")
	}
}

func (tc *tenantCtx) describe() string {
	s := "tenant " + shown(tc.in.Namespace) + "/" + shown(tc.in.Name)
	if tc.in.Origin == Live {
		s = "live " + s
	}
	return s
}

// mergedWithGatewayNamespace refuses a merged class served by a tenant that
// deploys Envoy next to each Gateway: Envoy Gateway rejects the class, as a
// merged fleet has no single Gateway namespace to live in.
func (t *translator) mergedWithGatewayNamespace() {
	for _, cc := range t.classes {
		if !cc.merged || cc.tenant == nil {
			continue
		}
		tc := cc.tenant
		if dt, ok := tc.in.DeployType.Get(); !ok || dt != DeployGatewayNamespace {
			continue
		}
		summary := "merged gateways do not work with deploy_type GatewayNamespace"
		if tc.in.Origin == Planned {
			t.errorf(Planned, tc.ref, RuleMergedGatewayNamespaces, Attr("deploy_type"), summary,
				fmt.Sprintf("GatewayClass %s merges its Gateways (parameters_ref points at merged proxy %s/%s), and Envoy Gateway rejects a merged class when the controller deploys Envoy into each Gateway's namespace. Use deploy_type ControllerNamespace, or serve the class from another tenant.",
					shown(cc.in.Name), cc.proxyNS, cc.proxyName))
			continue
		}
		t.errorf(cc.in.Origin, cc.ref, RuleMergedGatewayNamespaces, Attr("parameters_ref"), summary,
			fmt.Sprintf("The class's controller is run by %s with deploy_type GatewayNamespace, and Envoy Gateway rejects a merged class in that mode. Remove parameters_ref or use a controller with deploy_type ControllerNamespace.", tc.describe()))
	}
}

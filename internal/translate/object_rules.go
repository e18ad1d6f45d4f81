// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strconv"
)

// The schema phase: what the API server or Helm refuses in one object.

func (t *translator) schemaPhase() {
	for _, tc := range t.tenants {
		t.tenantSchema(tc)
	}
	for _, cc := range t.classes {
		t.classSchema(cc)
	}
	for _, pc := range t.proxies {
		t.proxySchema(pc)
	}
	sc := newGatewayScratch()
	for _, gc := range t.gateways {
		t.gatewaySchema(gc, sc)
	}
	for _, rc := range t.routes {
		t.routeSchema(rc)
	}
}

var (
	specDescription = stringSpec{max: 64, hint: "Keep the description to one short line."}
	specRefGroup    = stringSpec{required: true, max: 253, match: matchGroup, pattern: patternGroup,
		hint: `For an EnvoyProxy the group is "gateway.envoyproxy.io".`}
	specRefKind = stringSpec{required: true, min: 1, max: 63, match: matchKindPattern, pattern: patternKind,
		hint: `For an EnvoyProxy the kind is "EnvoyProxy".`}
	specRefName = stringSpec{required: true, min: 1, max: 253,
		hint: `Set it to the name of the EnvoyProxy (an eg_merged_proxy).`}
	specRefNamespace = stringSpec{max: 63, match: matchLabel, pattern: patternLabel,
		hint: `Set it to the namespace of the EnvoyProxy.`}
)

// classSchema applies the GatewayClass CRD to one class.
func (t *translator) classSchema(cc *classCtx) {
	o, ref, in := cc.in.Origin, cc.ref, cc.in
	t.checkMetaName(o, ref, RuleClassName, Attr("name"), in.Name)
	t.checkString(o, ref, RuleClassControllerName, Attr("controller_name"), "spec.controllerName", in.ControllerName, specControllerName)
	if d := in.Description.Or(""); d != "" {
		t.checkString(o, ref, RuleClassDescription, Attr("description"), "spec.description", in.Description, specDescription)
	}
	pr, ok := in.ParametersRef.Get()
	if !ok {
		return
	}
	p := Attr("parameters_ref")
	t.checkString(o, ref, RuleClassParametersRef, p.Attr("group"), "spec.parametersRef.group", pr.Group, specRefGroup)
	t.checkString(o, ref, RuleClassParametersRef, p.Attr("kind"), "spec.parametersRef.kind", pr.Kind, specRefKind)
	t.checkString(o, ref, RuleClassParametersRef, p.Attr("name"), "spec.parametersRef.name", pr.Name, specRefName)
	if ns := pr.Namespace.Or(""); ns != "" {
		t.checkString(o, ref, RuleClassParametersRef, p.Attr("namespace"), "spec.parametersRef.namespace", pr.Namespace, specRefNamespace)
	}
}

// proxySchema applies the API server's object metadata rules to one
// EnvoyProxy.
func (t *translator) proxySchema(pc *proxyCtx) {
	o, ref, in := pc.in.Origin, pc.ref, pc.in
	t.checkMetaName(o, ref, RuleProxyName, Attr("name"), in.Name)
	t.checkMetaNamespace(o, ref, RuleProxyNamespace, Attr("namespace"), in.Namespace)
	t.proxyTyped(pc)
	t.proxySpecRules(pc)
}

// tenantSchema applies what Helm and the typed attributes need of a tenant:
// a valid release name, a namespace, a controller name a GatewayClass can
// carry, and a known deploy type.
func (t *translator) tenantSchema(tc *tenantCtx) {
	o, ref, in := tc.in.Origin, tc.ref, tc.in
	t.tenantName(tc)
	t.checkMetaNamespace(o, ref, RuleTenantNamespace, Attr("namespace"), in.Namespace)
	if !in.ControllerName.IsNull() {
		t.checkString(o, ref, RuleTenantControllerName, Attr("controller_name"), "controllerName", in.ControllerName, specControllerName)
	}
	if dt, ok := in.DeployType.Get(); ok && dt != DeployControllerNamespace && dt != DeployGatewayNamespace {
		t.errorf(o, ref, RuleTenantDeployType, Attr("deploy_type"), sumEnum(dt, DeployControllerNamespace, DeployGatewayNamespace),
			fmt.Sprintf("deploy_type %q is not a deploy mode. Use ControllerNamespace (the Envoy fleet runs in the tenant's namespace, the default) or GatewayNamespace (it runs next to each Gateway).", dt))
	}
}

// tenantName checks the name and the release name derived from it (or set
// in release_name): Helm's release name rules, reported on the attribute
// the release name comes from.
func (t *translator) tenantName(tc *tenantCtx) {
	o, ref, in := tc.in.Origin, tc.ref, tc.in
	if in.Name.IsNull() || in.Name.Or("x") == "" {
		t.errorf(o, ref, RuleTenantName, Attr("name"), sumRequired(), "Set the tenant name; the Helm release is eg-<name> unless release_name says otherwise.")
		return
	}
	rel, ok := ReleaseNameOf(*in).Get()
	if !ok {
		return
	}
	at, how := Attr("name"), "the release is named eg-<name>; shorten the name to at most "+strconv.Itoa(maxReleaseNameLength-len("eg-"))+" characters"
	if !in.ReleaseName.IsNull() {
		at, how = Attr("release_name"), "shorten release_name"
	}
	switch {
	case rel == "":
		t.errorf(o, ref, RuleTenantName, at, sumRequired(), "Set release_name, or leave it out for eg-<name>.")
	case len(rel) > maxReleaseNameLength:
		t.errorf(o, ref, RuleTenantName, at,
			fmt.Sprintf("release name %q exceeds max length of %d", rel, maxReleaseNameLength),
			fmt.Sprintf("Helm release names are at most %d characters, and %s.", maxReleaseNameLength, how))
	case !matchSubdomain(rel):
		t.errorf(o, ref, RuleTenantName, at,
			fmt.Sprintf("invalid release name %q", rel),
			`Helm release names use lower-case letters, digits, '-' and '.', and end with a letter or digit; use a name like "marketing".`)
	}
}

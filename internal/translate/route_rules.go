// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "maps"

// The rules about HTTPRoutes. They live apart from rules.go's table and
// join it at init, so that the rule table stays one map.

// HTTPRoute rules of the Gateway API v1.6 CRD (PhaseSchema).
const (
	RuleRouteName            Rule = "route-name"
	RuleRouteNamespace       Rule = "route-namespace"
	RuleRouteParentRef       Rule = "route-parent-ref"
	RuleRouteParentRefUnique Rule = "route-parent-ref-unique"
	RuleRouteHostname        Rule = "route-hostname"
	RuleRouteRuleCount       Rule = "route-rule-count"
	RuleRoutePathMatch       Rule = "route-path-match"
	RuleRouteMethod          Rule = "route-method"
	RuleRouteHeaderMatch     Rule = "route-header-match"
	RuleRouteQueryParamMatch Rule = "route-query-param-match"
	RuleRouteFilterType      Rule = "route-filter-type"
	RuleRouteHeaderModifier  Rule = "route-header-modifier"
	RuleRouteRedirect        Rule = "route-redirect"
	RuleRouteURLRewrite      Rule = "route-url-rewrite"
	RuleRoutePathModifier    Rule = "route-path-modifier"
	RuleRouteMirror          Rule = "route-mirror"
	RuleRouteFilterCombo     Rule = "route-filter-combination"
	RuleRouteBackendRef      Rule = "route-backend-ref"
	RuleRouteTimeouts        Rule = "route-timeouts"
)

// HTTPRoute rules of the Envoy Gateway controller (PhaseController).
const (
	RuleRouteRegex            Rule = "route-regex"
	RuleRouteModifiedHeader   Rule = "route-modified-header"
	RuleRouteFilterHostname   Rule = "route-filter-hostname"
	RuleRouteMirrorRedirect   Rule = "route-mirror-redirect"
	RuleRouteBackendSupported Rule = "route-backend-supported"
)

// HTTPRoute attachment, isolation and backend rules (PhaseBinding).
const (
	RuleRouteParentExists         Rule = "route-parent-exists"
	RuleRouteInScope              Rule = "route-in-scope"
	RuleRouteNoMatchingParent     Rule = "route-no-matching-parent"
	RuleRouteNotAllowed           Rule = "route-not-allowed-by-listeners"
	RuleRouteNoMatchingHostname   Rule = "route-no-matching-listener-hostname"
	RuleRouteBackendNotPermitted  Rule = "route-backend-not-permitted"  // warning
	RuleRouteBackendServiceExists Rule = "route-backend-service-exists" // warning
)

var routeRulePhases = map[Rule]Phase{
	RuleRouteName:            PhaseSchema,
	RuleRouteNamespace:       PhaseSchema,
	RuleRouteParentRef:       PhaseSchema,
	RuleRouteParentRefUnique: PhaseSchema,
	RuleRouteHostname:        PhaseSchema,
	RuleRouteRuleCount:       PhaseSchema,
	RuleRoutePathMatch:       PhaseSchema,
	RuleRouteMethod:          PhaseSchema,
	RuleRouteHeaderMatch:     PhaseSchema,
	RuleRouteQueryParamMatch: PhaseSchema,
	RuleRouteFilterType:      PhaseSchema,
	RuleRouteHeaderModifier:  PhaseSchema,
	RuleRouteRedirect:        PhaseSchema,
	RuleRouteURLRewrite:      PhaseSchema,
	RuleRoutePathModifier:    PhaseSchema,
	RuleRouteMirror:          PhaseSchema,
	RuleRouteFilterCombo:     PhaseSchema,
	RuleRouteBackendRef:      PhaseSchema,
	RuleRouteTimeouts:        PhaseSchema,

	RuleRouteRegex:            PhaseController,
	RuleRouteModifiedHeader:   PhaseController,
	RuleRouteFilterHostname:   PhaseController,
	RuleRouteMirrorRedirect:   PhaseController,
	RuleRouteBackendSupported: PhaseController,

	RuleRouteParentExists:         PhaseBinding,
	RuleRouteInScope:              PhaseBinding,
	RuleRouteNoMatchingParent:     PhaseBinding,
	RuleRouteNotAllowed:           PhaseBinding,
	RuleRouteNoMatchingHostname:   PhaseBinding,
	RuleRouteBackendNotPermitted:  PhaseBinding,
	RuleRouteBackendServiceExists: PhaseBinding,
}

func init() { maps.Copy(rulePhases, routeRulePhases) }

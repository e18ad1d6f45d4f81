// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "slices"

// Phase groups rules by what they need to see and who would otherwise
// refuse the configuration. Phases run in this order.
type Phase string

const (
	// PhaseSchema holds what the API server (CRD schema, CEL rules, object
	// metadata) or Helm refuses for one object alone. For Gateways these are
	// exactly the Gateway API v1.6 CRD rules, in the CRD's wording.
	PhaseSchema Phase = "schema"
	// PhaseController holds what Envoy Gateway refuses for one object alone
	// after the API server accepted it: listener semantics and the per-port
	// rules inside one Gateway.
	PhaseController Phase = "controller"
	// PhaseTenant holds the rules about Envoy Gateway installs: the Helm
	// values and EnvoyGateway config, and controller names across tenants.
	PhaseTenant Phase = "tenant"
	// PhaseBinding holds the rules about how objects find each other:
	// class → tenant, gateway → class, watch scopes, duplicate objects.
	PhaseBinding Phase = "binding"
	// PhaseMerged holds the rules across all Gateways of a merged class.
	PhaseMerged Phase = "merged"
)

// Phases lists every phase in the order the translator runs them.
var Phases = []Phase{PhaseSchema, PhaseController, PhaseTenant, PhaseBinding, PhaseMerged}

// Rule is the stable identifier of one rule. Tests and the provider may
// match on it; the wording of summaries may change, rule names do not.
type Rule string

// Gateway rules from the Gateway API CRD (PhaseSchema).
const (
	RuleGatewayName            Rule = "gateway-name"
	RuleGatewayNamespace       Rule = "gateway-namespace"
	RuleGatewayClassNameLength Rule = "gateway-class-name"
	RuleListenerCount          Rule = "listener-count"
	RuleListenerName           Rule = "listener-name"
	RuleListenerPort           Rule = "listener-port"
	RuleListenerProtocol       Rule = "listener-protocol"
	RuleListenerHostname       Rule = "listener-hostname"
	RuleListenerTLSMode        Rule = "listener-tls-mode"
	RuleListenerCertRefs       Rule = "listener-certificate-refs"
	RuleListenerTerminateCerts Rule = "listener-terminate-certificates"
	RuleListenerRoutesFrom     Rule = "listener-routes-from"
	RuleListenerTLSForbidden   Rule = "listener-tls-forbidden"
	RuleListenerHTTPSMode      Rule = "listener-https-mode"
	RuleListenerTLSModeSet     Rule = "listener-tls-mode-required"
	RuleListenerHostForbidden  Rule = "listener-hostname-forbidden"
	RuleListenerNameUnique     Rule = "listener-name-unique"
	RuleListenerTupleUnique    Rule = "listener-tuple-unique"
	RuleGatewayMetadata        Rule = "gateway-metadata"
)

// Gateway rules of the Envoy Gateway controller (PhaseController).
const (
	RuleListenerProtocolSupported Rule = "listener-protocol-supported"
	RuleListenerHTTPSNeedsTLS     Rule = "listener-https-needs-tls"
	RuleListenerPassthroughCerts  Rule = "listener-passthrough-certificates"
	RuleListenerRouteSelector     Rule = "listener-route-selector"
	RuleListenerRouteKinds        Rule = "listener-route-kinds"
	RuleGatewayParameters         Rule = "gateway-parameters-ref"
	RulePortProtocolFamily        Rule = "port-protocol-family"
	RulePortHostname              Rule = "port-hostname"
)

// GatewayClass and EnvoyProxy rules.
const (
	RuleClassName           Rule = "class-name"                // PhaseSchema
	RuleClassControllerName Rule = "class-controller-name"     // PhaseSchema
	RuleClassDescription    Rule = "class-description"         // PhaseSchema
	RuleClassParametersRef  Rule = "class-parameters-ref"      // PhaseSchema
	RuleClassParametersKind Rule = "class-parameters-ref-kind" // PhaseController
	RuleProxyName           Rule = "proxy-name"                // PhaseSchema
	RuleProxyNamespace      Rule = "proxy-namespace"           // PhaseSchema
	RuleProxyService        Rule = "proxy-service"             // PhaseSchema
	RuleProxyDeployment     Rule = "proxy-deployment"          // PhaseSchema
	RuleProxySpec           Rule = "proxy-spec"                // PhaseSchema
	RuleProxySpecConflict   Rule = "proxy-spec-conflict"       // PhaseSchema
	RuleProxyValidation     Rule = "proxy-validation"          // PhaseController
	RuleProxyBootstrap      Rule = "proxy-bootstrap"           // PhaseController (warning)
)

// Tenant rules.
const (
	RuleTenantName              Rule = "tenant-name"                   // PhaseSchema
	RuleTenantNamespace         Rule = "tenant-namespace"              // PhaseSchema
	RuleTenantControllerName    Rule = "tenant-controller-name"        // PhaseSchema
	RuleTenantDeployType        Rule = "tenant-deploy-type"            // PhaseSchema
	RuleTenantWatch             Rule = "tenant-watch"                  // PhaseTenant
	RuleTenantValues            Rule = "tenant-values"                 // PhaseTenant
	RuleTenantValuesConflict    Rule = "tenant-values-conflict"        // PhaseTenant
	RuleControllerNameUnique    Rule = "controller-name-unique"        // PhaseTenant
	RuleWatchedNamespaceExists  Rule = "watched-namespace-exists"      // PhaseTenant (warning)
	RuleMergedGatewayNamespaces Rule = "merged-gateway-namespace-mode" // PhaseTenant
)

// Binding rules (PhaseBinding).
const (
	RuleDuplicateObject    Rule = "duplicate-object"
	RuleClassServed        Rule = "class-served"
	RuleGatewayClassExists Rule = "gateway-class-exists"
	RuleGatewayInScope     Rule = "gateway-in-scope"
	RuleProxyInScope       Rule = "proxy-in-scope"
	RuleClassProxyExists   Rule = "class-proxy-exists"
	RuleGatewayProxyExists Rule = "gateway-proxy-exists"
	RuleGatewayProxyMerged Rule = "gateway-proxy-merged"
)

// Merged class rules (PhaseMerged).
const (
	RuleMergedTupleUnique    Rule = "merged-tuple-unique"
	RuleMergedProtocolFamily Rule = "merged-protocol-family"
	RuleMergedTLSHostname    Rule = "merged-tls-hostname"
)

// rulePhases is the single table of rules; Phase and AllRules read it.
var rulePhases = map[Rule]Phase{
	RuleGatewayName:            PhaseSchema,
	RuleGatewayNamespace:       PhaseSchema,
	RuleGatewayClassNameLength: PhaseSchema,
	RuleListenerCount:          PhaseSchema,
	RuleListenerName:           PhaseSchema,
	RuleListenerPort:           PhaseSchema,
	RuleListenerProtocol:       PhaseSchema,
	RuleListenerHostname:       PhaseSchema,
	RuleListenerTLSMode:        PhaseSchema,
	RuleListenerCertRefs:       PhaseSchema,
	RuleListenerTerminateCerts: PhaseSchema,
	RuleListenerRoutesFrom:     PhaseSchema,
	RuleListenerTLSForbidden:   PhaseSchema,
	RuleListenerHTTPSMode:      PhaseSchema,
	RuleListenerTLSModeSet:     PhaseSchema,
	RuleListenerHostForbidden:  PhaseSchema,
	RuleListenerNameUnique:     PhaseSchema,
	RuleListenerTupleUnique:    PhaseSchema,
	RuleGatewayMetadata:        PhaseSchema,

	RuleListenerProtocolSupported: PhaseController,
	RuleListenerHTTPSNeedsTLS:     PhaseController,
	RuleListenerPassthroughCerts:  PhaseController,
	RuleListenerRouteSelector:     PhaseController,
	RuleListenerRouteKinds:        PhaseController,
	RuleGatewayParameters:         PhaseController,
	RulePortProtocolFamily:        PhaseController,
	RulePortHostname:              PhaseController,

	RuleClassName:           PhaseSchema,
	RuleClassControllerName: PhaseSchema,
	RuleClassDescription:    PhaseSchema,
	RuleClassParametersRef:  PhaseSchema,
	RuleClassParametersKind: PhaseController,
	RuleProxyName:           PhaseSchema,
	RuleProxyNamespace:      PhaseSchema,
	RuleProxyService:        PhaseSchema,
	RuleProxyDeployment:     PhaseSchema,
	RuleProxySpec:           PhaseSchema,
	RuleProxySpecConflict:   PhaseSchema,
	RuleProxyValidation:     PhaseController,
	RuleProxyBootstrap:      PhaseController,

	RuleTenantName:              PhaseSchema,
	RuleTenantNamespace:         PhaseSchema,
	RuleTenantControllerName:    PhaseSchema,
	RuleTenantDeployType:        PhaseSchema,
	RuleTenantWatch:             PhaseTenant,
	RuleTenantValues:            PhaseTenant,
	RuleTenantValuesConflict:    PhaseTenant,
	RuleControllerNameUnique:    PhaseTenant,
	RuleWatchedNamespaceExists:  PhaseTenant,
	RuleMergedGatewayNamespaces: PhaseTenant,

	RuleDuplicateObject:    PhaseBinding,
	RuleClassServed:        PhaseBinding,
	RuleGatewayClassExists: PhaseBinding,
	RuleGatewayInScope:     PhaseBinding,
	RuleProxyInScope:       PhaseBinding,
	RuleClassProxyExists:   PhaseBinding,
	RuleGatewayProxyExists: PhaseBinding,
	RuleGatewayProxyMerged: PhaseBinding,

	RuleMergedTupleUnique:    PhaseMerged,
	RuleMergedProtocolFamily: PhaseMerged,
	RuleMergedTLSHostname:    PhaseMerged,
}

// Phase returns the phase a rule belongs to.
func (r Rule) Phase() Phase { return rulePhases[r] }

// AllRules returns every rule, sorted.
func AllRules() []Rule {
	out := make([]Rule, 0, len(rulePhases))
	for r := range rulePhases {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

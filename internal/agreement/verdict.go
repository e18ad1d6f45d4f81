// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"slices"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// Condition is one condition as the controller wrote it.
type Condition struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// Observed is what the cluster did with one scenario: the class's Accepted
// condition, each Gateway's Accepted condition (keyed by the scenario's
// Gateway name), the conditions of every listener (keyed
// "gateway/listener"), and the objects the API server refused to create,
// keyed by their Set key (ClassProxyKey, GatewayProxyKey), with the fields
// and messages of its refusal. Routes holds the conditions of each route's
// parent status (keyed routeKey, or staleKey for a parent the route no
// longer names), empty when the controller wrote none for that parent.
type Observed struct {
	ClassAccepted Condition              `json:"class_accepted"`
	Gateways      map[string]Condition   `json:"gateways,omitempty"`
	Listeners     map[string][]Condition `json:"listeners"`
	Refused       map[string][]string    `json:"refused,omitempty"`
	Routes        map[string][]Condition `json:"routes,omitempty"`
}

// Recording is testdata/controller-verdicts.json.
type Recording struct {
	EnvoyGateway string              `json:"envoy_gateway"`
	Scenarios    map[string]Observed `json:"scenarios"`
}

// verdict is one side's judgement of one class, Gateway or listener.
type verdict struct {
	refused bool
	// reasons: the controller's condition reasons, or the translator's rules.
	reasons []string
	// notes: what does not refuse but says something (Envoy Gateway's
	// OverlappingTLSConfig, a listener without status under a Gateway it
	// did not accept).
	notes []string
	// warned: the translator refuses a route's parent with a warning, as
	// the route still attaches to another parent (or may).
	warned bool
	// unresolved: a route's backends not resolved, the controller's
	// ResolvedRefs reasons or the translator's backend warnings.
	unresolved []string
}

func (v *verdict) refuse(reason string) {
	v.refused = true
	if !slices.Contains(v.reasons, reason) {
		v.reasons = append(v.reasons, reason)
	}
}

// Keys of a scenario's subjects in a Row: the class, each Gateway, and each
// listener ("g1/http").
const classKey = "class"

func gatewayKey(g Gateway) string { return "gateway " + g.Name }

func listenerKey(g Gateway, l translate.Listener) string {
	name, _ := l.Name.Get()
	return g.Name + "/" + name
}

// reasonRefusedAtCreate stands for the API server refusing to create an
// EnvoyProxy: what uses it refuses on the controller's side.
const reasonRefusedAtCreate = "EnvoyProxy refused by the API server"

// reasonListenersNotValid is Envoy Gateway's Gateway Accepted reason
// derived from its listeners: the listeners carry that verdict.
const reasonListenersNotValid = "ListenersNotValid"

// controllerVerdict reads a listener's conditions. A listener is refused
// when it is Conflicted, or not Accepted, not Programmed or with unresolved
// references (Envoy Gateway sets Programmed False on every listener it
// leaves out of the data plane). Reasons are listed most telling first.
func controllerVerdict(conds []Condition) verdict {
	var v verdict
	for _, typ := range []string{"Conflicted", "Accepted", "ResolvedRefs", "Programmed"} {
		for _, c := range conds {
			if c.Type != typ {
				continue
			}
			bad := c.Status != "True"
			if typ == "Conflicted" {
				bad = c.Status == "True"
			}
			if bad {
				v.refuse(c.Reason)
			}
		}
	}
	for _, c := range conds {
		if c.Type == "OverlappingTLSConfig" && c.Status == "True" {
			v.notes = append(v.notes, c.Type+" ("+c.Reason+")")
		}
	}
	return v
}

// controllerObjectVerdicts reads the class's and each Gateway's Accepted
// condition. A Gateway whose listeners are all refused is not accepted
// (ListenersNotValid): that verdict is the listeners'. A class or Gateway
// using an EnvoyProxy the API server refused is refused too: an apply would
// not get past that proxy.
func controllerObjectVerdicts(s Scenario, obs Observed) map[string]verdict {
	out := map[string]verdict{}
	var class verdict
	if _, refused := obs.Refused[ClassProxyKey]; refused {
		class.refuse(reasonRefusedAtCreate)
	}
	if c := obs.ClassAccepted; c.Status != "True" {
		class.refuse(c.Reason)
	}
	out[classKey] = class
	for _, g := range s.Gateways {
		var v verdict
		c := obs.Gateways[g.Name]
		if _, refused := obs.Refused[proxyUsedBy(s, g)]; refused {
			v.refuse(reasonRefusedAtCreate)
			if c.Status == "True" {
				v.notes = append(v.notes, "Envoy Gateway itself accepts it, without the EnvoyProxy")
			}
		}
		if c.Status != "True" && c.Reason != reasonListenersNotValid {
			v.refuse(c.Reason)
		}
		out[gatewayKey(g)] = v
	}
	return out
}

// proxyUsedBy is the Set key of the EnvoyProxy a Gateway runs with: its
// own, or the class's when it names none or the class merges (Envoy
// Gateway then uses the class's alone).
func proxyUsedBy(s Scenario, g Gateway) string {
	if g.Proxy != nil && !classMerges(s) {
		return GatewayProxyKey(g)
	}
	return ClassProxyKey
}

// translatorVerdicts reads the translator's errors about a scenario's
// class, Gateways and listeners, keyed as in a Row. An error on an
// EnvoyProxy counts against every class and Gateway that uses it: the
// translator says they are not accepted. Errors about anything else are
// returned apart: no scenario should have any.
func translatorVerdicts(s Scenario, problems []translate.Problem) (map[string]verdict, []string) {
	out := map[string]verdict{}
	var other []string
	for _, p := range problems {
		if p.Resource.Kind == translate.KindHTTPRoute {
			other = append(other, routeProblem(s, p, out)...)
			continue
		}
		if p.Severity != translate.SeverityError {
			for _, key := range subjectsOf(s, p) {
				v := out[key]
				v.notes = append(v.notes, string(p.Rule))
				out[key] = v
			}
			continue
		}
		keys := subjectsOf(s, p)
		if len(keys) == 0 {
			other = append(other, p.String())
		}
		for _, key := range keys {
			v := out[key]
			v.refuse(string(p.Rule))
			slices.Sort(v.reasons)
			out[key] = v
		}
	}
	return out, other
}

func subjectsOf(s Scenario, p translate.Problem) []string {
	switch p.Resource.Kind {
	case translate.KindGatewayClass:
		return []string{classKey}
	case translate.KindEnvoyProxy, translate.KindMergedProxy:
		var keys []string
		if p.Resource.Key == ClassProxyKey {
			keys = append(keys, classKey)
		}
		for _, g := range s.Gateways {
			if proxyUsedBy(s, g) == p.Resource.Key || GatewayProxyKey(g) == p.Resource.Key {
				keys = append(keys, gatewayKey(g))
			}
		}
		return keys
	case translate.KindGateway:
		if key, ok := listenerOf(s, p); ok {
			return []string{key}
		}
		for _, g := range s.Gateways {
			if g.Name == p.Resource.Key {
				return []string{gatewayKey(g)}
			}
		}
	}
	return nil
}

func listenerOf(s Scenario, p translate.Problem) (string, bool) {
	if p.Resource.Kind != translate.KindGateway || len(p.Path) < 2 ||
		p.Path[0].Name != "listeners" || p.Path[1].Kind != translate.StepIndex {
		return "", false
	}
	for _, g := range s.Gateways {
		if g.Name == p.Resource.Key && p.Path[1].Index < len(g.Listeners) {
			return listenerKey(g, g.Listeners[p.Path[1].Index]), true
		}
	}
	return "", false
}

// controllerReasons maps each translator rule that refuses something to
// the reasons Envoy Gateway (or the API server) gives for the same refusal.
var controllerReasons = map[translate.Rule][]string{
	translate.RuleMergedTupleUnique:         {"HostnameConflict"},
	translate.RuleMergedProtocolFamily:      {"ProtocolConflict"},
	translate.RulePortProtocolFamily:        {"ProtocolConflict"},
	translate.RulePortHostname:              {"HostnameConflict"},
	translate.RuleListenerProtocolSupported: {"UnsupportedProtocol"},
	translate.RuleListenerHTTPSNeedsTLS:     {"Invalid"},
	translate.RuleListenerPassthroughCerts:  {"Invalid"},
	translate.RuleListenerRouteSelector:     {"Invalid"},
	translate.RuleListenerRouteKinds:        {"InvalidRouteKinds"},
	translate.RuleClassProxyExists:          {"InvalidParameters"},
	translate.RuleGatewayProxyExists:        {"InvalidParameters"},
	translate.RuleGatewayProxyMerged:        {"InvalidParameters"},
	translate.RuleGatewayParameters:         {"InvalidParameters"},
	translate.RuleProxyValidation:           {"InvalidParameters", reasonRefusedAtCreate},
	translate.RuleProxyService:              {reasonRefusedAtCreate},
	translate.RuleProxyDeployment:           {reasonRefusedAtCreate},
	translate.RuleProxySpec:                 {reasonRefusedAtCreate},
	translate.RuleRouteNoMatchingParent:     {"NoMatchingParent"},
	translate.RuleRouteNotAllowed:           {"NotAllowedByListeners"},
	translate.RuleRouteNoMatchingHostname:   {"NoMatchingListenerHostname"},
	translate.RuleRouteParentExists:         {reasonNoRouteStatus},
	translate.RuleRouteInScope:              {reasonNoRouteStatus},
	translate.RuleRouteBackendNotPermitted:  {"RefNotPermitted"},
	translate.RuleRouteBackendServiceExists: {"BackendNotFound"},
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"
	"slices"
	"strings"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// Condition is one listener or class condition as the controller wrote it.
type Condition struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// Observed is what the controller wrote for one scenario: the class's
// Accepted condition, and the conditions of every listener, keyed
// "gateway/listener" with the scenario's Gateway names.
type Observed struct {
	ClassAccepted Condition              `json:"class_accepted"`
	Listeners     map[string][]Condition `json:"listeners"`
}

// Recording is testdata/controller-verdicts.json.
type Recording struct {
	EnvoyGateway string              `json:"envoy_gateway"`
	Scenarios    map[string]Observed `json:"scenarios"`
}

// verdict is one side's judgement of one listener.
type verdict struct {
	refused bool
	// reasons: the controller's condition reasons, or the translator's rules.
	reasons []string
	// notes: conditions that do not refuse the listener but say something
	// (Envoy Gateway's OverlappingTLSConfig).
	notes []string
}

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
				v.refused = true
				if !slices.Contains(v.reasons, c.Reason) {
					v.reasons = append(v.reasons, c.Reason)
				}
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

// translatorVerdicts reads the translator's errors about a scenario's
// listeners, keyed "gateway/listener". Problems that are not about one
// listener are returned separately: no scenario should have any.
func translatorVerdicts(s Scenario, problems []translate.Problem) (map[string]verdict, []string) {
	out := map[string]verdict{}
	var other []string
	for _, p := range problems {
		if p.Severity != translate.SeverityError {
			continue
		}
		key, ok := listenerOf(s, p)
		if !ok {
			other = append(other, p.String())
			continue
		}
		v := out[key]
		v.refused = true
		if !slices.Contains(v.reasons, string(p.Rule)) {
			v.reasons = append(v.reasons, string(p.Rule))
			slices.Sort(v.reasons)
		}
		out[key] = v
	}
	return out, other
}

func listenerOf(s Scenario, p translate.Problem) (string, bool) {
	if p.Resource.Kind != translate.KindGateway || len(p.Path) < 2 ||
		p.Path[0].Name != "listeners" || p.Path[1].Kind != translate.StepIndex {
		return "", false
	}
	for _, g := range s.Gateways {
		if g.Name == p.Resource.Key && p.Path[1].Index < len(g.Listeners) {
			name, _ := g.Listeners[p.Path[1].Index].Name.Get()
			return g.Name + "/" + name, true
		}
	}
	return "", false
}

// controllerReasons maps each translator rule that refuses a listener to the
// reasons Envoy Gateway gives for the same refusal.
var controllerReasons = map[translate.Rule][]string{
	translate.RuleMergedTupleUnique:         {"HostnameConflict"},
	translate.RuleMergedProtocolFamily:      {"ProtocolConflict"},
	translate.RulePortProtocolFamily:        {"ProtocolConflict"},
	translate.RulePortHostname:              {"HostnameConflict"},
	translate.RuleListenerProtocolSupported: {"UnsupportedProtocol"},
	translate.RuleListenerHTTPSNeedsTLS:     {"Invalid"},
	translate.RuleListenerPassthroughCerts:  {"Invalid"},
	translate.RuleListenerRouteSelector:     {"Invalid"},
}

// Listener outcomes besides the scenario Outcomes.
const (
	listenerAgree    = "agree"
	listenerDisagree = "disagree"
)

// Row is one scenario compared.
type Row struct {
	Scenario   Scenario
	Controller map[string]verdict
	Translator map[string]verdict
	// Keys lists the scenario's listeners in order ("g1/http").
	Keys []string
	// PerListener is each listener's outcome: agree, disagree, or a
	// deliberate Outcome.
	PerListener map[string]string
	// Got is the scenario's outcome as found.
	Got Outcome
	// Problems are translator errors not about a listener, and listeners the
	// controller wrote no status for; both make the row fail.
	Problems []string
}

// Compare judges one scenario: the translator on the World's Set, the
// controller as observed.
func Compare(w World, s Scenario, obs Observed) Row {
	r := Row{Scenario: s, Controller: map[string]verdict{}, PerListener: map[string]string{}}
	var other []string
	r.Translator, other = translatorVerdicts(s, translate.Validate(w.Set(s)))
	r.Problems = append(r.Problems, other...)
	tuples := map[string][]string{}
	for _, g := range s.Gateways {
		for _, l := range g.Listeners {
			name, _ := l.Name.Get()
			key := g.Name + "/" + name
			r.Keys = append(r.Keys, key)
			conds, ok := obs.Listeners[key]
			if !ok {
				r.Problems = append(r.Problems, "the controller wrote no status for listener "+key)
			}
			r.Controller[key] = controllerVerdict(conds)
			tuples[tupleOf(l)] = append(tuples[tupleOf(l)], key)
		}
	}
	if obs.ClassAccepted.Status != "True" {
		r.Problems = append(r.Problems, fmt.Sprintf("class not accepted: %s/%s", obs.ClassAccepted.Status, obs.ClassAccepted.Reason))
	}

	kinds := map[string]bool{}
	for _, g := range s.Gateways {
		for _, l := range g.Listeners {
			name, _ := l.Name.Get()
			key := g.Name + "/" + name
			out := r.listenerOutcome(key, tuples[tupleOf(l)])
			r.PerListener[key] = out
			if out != listenerAgree {
				kinds[out] = true
			}
		}
	}
	switch {
	case kinds[listenerDisagree]:
		r.Got = listenerDisagree
	case len(kinds) == 0:
		r.Got = Agree
	default:
		var ks []string
		for k := range kinds {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		r.Got = Outcome(strings.Join(ks, " + "))
	}
	return r
}

func (r *Row) listenerOutcome(key string, sameTuple []string) string {
	c, t := r.Controller[key], r.Translator[key]
	switch {
	case !c.refused && !t.refused:
		return listenerAgree
	case c.refused && t.refused:
		for _, rule := range t.reasons {
			for _, want := range controllerReasons[translate.Rule(rule)] {
				if slices.Contains(c.reasons, want) {
					return listenerAgree
				}
			}
		}
		// Envoy Gateway refuses the listener for its missing Secret, the
		// translator (which cannot see Secrets) for the tuple it repeats.
		if slices.Contains(c.reasons, reasonInvalidCertificateRef) && slices.Equal(t.reasons, []string{string(translate.RuleMergedTupleUnique)}) {
			return string(UnresolvedRefs)
		}
		return listenerDisagree // both refuse, for unrelated reasons
	case c.refused:
		return listenerDisagree // the translator lets through what the controller refuses
	}
	// The controller accepts what the translator refuses: deliberate only
	// when every rule is one of the declared differences.
	kind := ""
	for _, rule := range t.reasons {
		var k string
		switch translate.Rule(rule) {
		case translate.RuleMergedTupleUnique:
			switch {
			case r.peerHas(key, sameTuple, "HostnameConflict"):
				k = string(FirstWins)
			case r.peerHas(key, sameTuple, reasonInvalidCertificateRef):
				k = string(UnresolvedRefs)
			}
		case translate.RuleMergedTLSHostname:
			k = string(HTTPSAndTLS)
		}
		if k == "" || (kind != "" && kind != k) {
			return listenerDisagree
		}
		kind = k
	}
	return kind
}

// peerHas: another listener with the same tuple was refused by the
// controller for reason: HostnameConflict (this one won) or
// InvalidCertificateRef (it left the conflict checks, so this one stayed).
func (r *Row) peerHas(key string, sameTuple []string, reason string) bool {
	for _, k := range sameTuple {
		if k != key && slices.Contains(r.Controller[k].reasons, reason) {
			return true
		}
	}
	return false
}

// reasonInvalidCertificateRef is Envoy Gateway's ResolvedRefs reason for a
// certificate Secret it cannot use.
const reasonInvalidCertificateRef = "InvalidCertificateRef"

func tupleOf(l translate.Listener) string {
	p, _ := l.Protocol.Get()
	h, _ := l.Hostname.Get()
	port, _ := l.Port.Get()
	return fmt.Sprintf("%s:%s:%d", p, h, port)
}

// OK says whether the row is as its scenario declares.
func (r Row) OK() bool { return len(r.Problems) == 0 && r.Got == r.Scenario.Expect }

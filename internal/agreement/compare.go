// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"
	"slices"
	"strings"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// outcomeAgree is the outcome of one class, Gateway or listener on which
// both sides agree.
const outcomeAgree = "agree"

// Row is one scenario compared.
type Row struct {
	Scenario   Scenario
	Observed   Observed
	Controller map[string]verdict
	Translator map[string]verdict
	// Keys lists the scenario's subjects in order: the class, then each
	// Gateway followed by its listeners ("gateway g1", "g1/http"), then
	// each route's parents ("r1 → g1").
	Keys []string
	// PerKey is each subject's outcome: agree, disagree, or a deliberate
	// Outcome.
	PerKey map[string]string
	// Got is the scenario's outcome as found.
	Got Outcome
	// Problems are translator errors about nothing of the scenario, and
	// subjects the controller wrote no status for; both make the row fail.
	Problems []string
}

// Compare judges one scenario: the translator on the World's Set, the
// controller as observed.
func Compare(w World, s Scenario, obs Observed) Row {
	r := Row{Scenario: s, Observed: obs, Controller: controllerObjectVerdicts(s, obs), PerKey: map[string]string{}}
	var other []string
	r.Translator, other = translatorVerdicts(s, translate.Validate(w.Set(s)))
	r.Problems = append(r.Problems, other...)
	if obs.ClassAccepted.Status == "" {
		r.Problems = append(r.Problems, "the controller wrote no Accepted condition for the class")
	}
	r.Keys = append(r.Keys, classKey)
	r.PerKey[classKey] = r.objectOutcome(classKey)
	tuples := map[string][]string{}
	for _, g := range s.Gateways {
		for _, l := range g.Listeners {
			tuples[tupleOf(l)] = append(tuples[tupleOf(l)], listenerKey(g, l))
		}
	}
	for _, g := range s.Gateways {
		r.Keys = append(r.Keys, gatewayKey(g))
		if _, ok := obs.Gateways[g.Name]; !ok {
			r.Problems = append(r.Problems, "the controller wrote no Accepted condition for Gateway "+g.Name)
		}
		r.PerKey[gatewayKey(g)] = r.objectOutcome(gatewayKey(g))
		for _, l := range g.Listeners {
			key := listenerKey(g, l)
			r.Keys = append(r.Keys, key)
			conds, ok := obs.Listeners[key]
			if !ok {
				r.Problems = append(r.Problems, "the controller wrote no status for listener "+key)
			}
			v := controllerVerdict(conds)
			if ok && len(conds) == 0 {
				v.notes = append(v.notes, "no listener status, the Gateway not accepted")
			}
			r.Controller[key] = v
		}
	}
	for _, g := range s.Gateways {
		for _, l := range g.Listeners {
			key := listenerKey(g, l)
			r.PerKey[key] = r.listenerOutcome(key, tuples[tupleOf(l)])
		}
	}
	r.compareRoutes(s, obs)
	r.Got = r.outcome()
	return r
}

// outcome sums up the subjects' outcomes: any disagreement makes the
// scenario disagree; else the deliberate differences found, or agree.
func (r *Row) outcome() Outcome {
	kinds := map[string]bool{}
	for _, out := range r.PerKey {
		if out != outcomeAgree {
			kinds[out] = true
		}
	}
	switch {
	case kinds[string(Disagree)]:
		return Disagree
	case len(kinds) == 0:
		return Agree
	}
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return Outcome(strings.Join(ks, " + "))
}

// objectOutcome compares a class or a Gateway: both accept, or both refuse
// for a matching reason.
func (r *Row) objectOutcome(key string) string {
	c, t := r.Controller[key], r.Translator[key]
	switch {
	case !c.refused && !t.refused:
		return outcomeAgree
	case c.refused && t.refused && reasonsMatch(t, c):
		return outcomeAgree
	case c.refused && !t.refused && slices.Contains(t.notes, string(translate.RuleProxyBootstrap)):
		return string(BootstrapUnchecked)
	}
	return string(Disagree)
}

// reasonsMatch: one of the translator's rules is known to stand for one of
// the controller's reasons.
func reasonsMatch(t, c verdict) bool {
	for _, rule := range t.reasons {
		for _, want := range controllerReasons[translate.Rule(rule)] {
			if slices.Contains(c.reasons, want) {
				return true
			}
		}
	}
	return false
}

func (r *Row) listenerOutcome(key string, sameTuple []string) string {
	c, t := r.Controller[key], r.Translator[key]
	switch {
	case !c.refused && !t.refused:
		return outcomeAgree
	case c.refused && t.refused:
		if reasonsMatch(t, c) {
			return outcomeAgree
		}
		// Envoy Gateway refuses the listener for its missing Secret, the
		// translator (which cannot see Secrets) for the tuple it repeats.
		if slices.Contains(c.reasons, reasonInvalidCertificateRef) && slices.Equal(t.reasons, []string{string(translate.RuleMergedTupleUnique)}) {
			return string(UnresolvedRefs)
		}
		return string(Disagree) // both refuse, for unrelated reasons
	case c.refused:
		return string(Disagree) // the translator lets through what the controller refuses
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
			return string(Disagree)
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

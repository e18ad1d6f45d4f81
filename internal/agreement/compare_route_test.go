// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"testing"
)

// Compare on doctored route observations: a parent attached or refused on
// one side only, and backends resolved on one side only, disagree.
func TestCompareRoutes(t *testing.T) {
	byName := map[string]Scenario{}
	for _, s := range Scenarios() {
		byName[s.Name] = s
	}
	accepted := Condition{Type: "Accepted", Status: "True", Reason: "Accepted"}
	resolved := Condition{Type: "ResolvedRefs", Status: "True", Reason: "ResolvedRefs"}
	refusedBy := func(reason string) Condition { return Condition{Type: "Accepted", Status: "False", Reason: reason} }
	ok := []Condition{accepted, {Type: "Programmed", Status: "True", Reason: "Programmed"}}
	obs := func(routes map[string][]Condition, gateways ...string) Observed {
		o := Observed{ClassAccepted: accepted, Gateways: map[string]Condition{}, Listeners: map[string][]Condition{}, Routes: routes}
		for _, g := range gateways {
			o.Gateways[g], o.Listeners[g+"/http"] = accepted, ok
		}
		return o
	}
	for _, tc := range []struct {
		name, scenario string
		obs            Observed
		want           Outcome
	}{
		{"one parent attached, the other refused as the plan warns", "rt-parents-some",
			obs(map[string][]Condition{"r1 → g1": {accepted, resolved}, "r1 → g2/nope": {refusedBy("NoMatchingParent"), resolved}}, "g1", "g2"), Agree},
		{"a parent attached that the plan refuses", "rt-parents-some",
			obs(map[string][]Condition{"r1 → g1": {accepted, resolved}, "r1 → g2/nope": {accepted, resolved}}, "g1", "g2"), Disagree},
		{"refused for another reason", "rt-section-miss",
			obs(map[string][]Condition{"r1 → g1/nope": {refusedBy("NotAllowedByListeners"), resolved}}, "g1"), Disagree},
		{"no status where the plan says the controller never reads the route", "rt-unwatched-ns",
			obs(map[string][]Condition{"r1 → g1": {}}, "g1"), Agree},
		{"a missing backend both report", "rt-backend-missing",
			obs(map[string][]Condition{"r1 → g1": {accepted, {Type: "ResolvedRefs", Status: "False", Reason: "BackendNotFound"}}}, "g1"), Agree},
		{"a missing backend only the plan reports", "rt-backend-missing",
			obs(map[string][]Condition{"r1 → g1": {accepted, resolved}}, "g1"), Disagree},
		{"an unresolved backend only the controller reports", "rt-attach",
			obs(map[string][]Condition{"r1 → g1": {accepted, {Type: "ResolvedRefs", Status: "False", Reason: "RefNotPermitted"}}}, "g1"), Disagree},
	} {
		r := Compare(FixedWorld(), byName[tc.scenario], tc.obs)
		if r.Got != tc.want || len(r.Problems) > 0 {
			t.Errorf("%s: got %q (problems %v, per subject %v), want %q", tc.name, r.Got, r.Problems, r.PerKey, tc.want)
		}
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"testing"
)

// Compare on doctored observations: the error paths the recording does not
// reach (the recorded runs agree or differ as declared).
func TestCompareObjects(t *testing.T) {
	byName := map[string]Scenario{}
	for _, s := range Scenarios() {
		byName[s.Name] = s
	}
	accepted := Condition{Type: "Accepted", Status: "True", Reason: "Accepted"}
	invalid := Condition{Type: "Accepted", Status: "False", Reason: "InvalidParameters"}
	ok := []Condition{accepted, {Type: "Programmed", Status: "True", Reason: "Programmed"}}
	for _, tc := range []struct {
		name, scenario string
		obs            Observed
		want           Outcome
	}{
		{"class accepted that the plan refuses", "class-proxy-missing",
			Observed{ClassAccepted: accepted, Gateways: map[string]Condition{"g1": accepted}, Listeners: map[string][]Condition{"g1/http": ok}},
			Disagree},
		{"class refused for the reason the plan names", "class-proxy-missing",
			Observed{ClassAccepted: invalid, Gateways: map[string]Condition{"g1": accepted}, Listeners: map[string][]Condition{"g1/http": ok}},
			Agree},
		{"a Gateway refused that the plan accepts", "gateway-proxy",
			Observed{ClassAccepted: accepted, Gateways: map[string]Condition{"g1": invalid, "g2": accepted}, Listeners: map[string][]Condition{"g1/http": {}, "g2/http": ok}},
			Disagree},
		{"a proxy the API server refuses refuses what uses it", "proxy-nodeport-source-ranges",
			Observed{ClassAccepted: invalid, Gateways: map[string]Condition{"g1": accepted}, Listeners: map[string][]Condition{"g1/http": ok},
				Refused: map[string][]string{ClassProxyKey: {"spec: refused"}}},
			Agree},
		{"the same proxy created and accepted", "proxy-nodeport-source-ranges",
			Observed{ClassAccepted: accepted, Gateways: map[string]Condition{"g1": accepted}, Listeners: map[string][]Condition{"g1/http": ok}},
			Disagree},
	} {
		r := Compare(FixedWorld(), byName[tc.scenario], tc.obs)
		if r.Got != tc.want || len(r.Problems) > 0 {
			t.Errorf("%s: got %q (problems %v, per subject %v), want %q", tc.name, r.Got, r.Problems, r.PerKey, tc.want)
		}
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"path/filepath"
	"strings"
	"testing"
)

// These tests keep the golden files honest: a golden test only compares
// with what was recorded, so a wrong recording would pass forever. Here the
// scenario's name states the expected outcome and the translator is run
// again:
//
//	*invalid*, *conflict*  at least one error
//	*warning*              no error, at least one warning
//	*valid*, *unknown*     no problem at all
//
// and a scenario named after a rule (listener-port-zero-invalid) must fire
// that rule.

type expectation int

const (
	expectErrors expectation = iota
	expectWarnings
	expectClean
)

func expectationOf(name string) (expectation, bool) {
	switch {
	case strings.Contains(name, "invalid"), strings.Contains(name, "conflict"):
		return expectErrors, true
	case strings.Contains(name, "warning"):
		return expectWarnings, true
	case strings.Contains(name, "valid"), strings.Contains(name, "unknown"):
		return expectClean, true
	}
	return 0, false
}

// ruleOf returns the longest rule whose name starts the scenario name.
func ruleOf(name string) (Rule, bool) {
	var best Rule
	for _, r := range AllRules() {
		if strings.HasPrefix(name, string(r)+"-") && len(r) > len(best) {
			best = r
		}
	}
	return best, best != ""
}

func TestScenarioOutcomesMatchNames(t *testing.T) {
	counts := map[expectation]int{}
	for _, name := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			exp, ok := expectationOf(name)
			if !ok {
				t.Fatalf("scenario name %q does not say whether it is valid, invalid, a conflict, a warning or about unknowns", name)
			}
			counts[exp]++
			ps := Validate(readSet(t, filepath.Join("testdata", name+".in.yaml")))
			var errs, warns int
			fired := map[Rule]bool{}
			for _, p := range ps {
				fired[p.Rule] = true
				if p.Severity == SeverityWarning {
					warns++
				} else {
					errs++
				}
			}
			switch exp {
			case expectErrors:
				if errs == 0 {
					t.Errorf("expected at least one error, got %v", ps)
				}
			case expectWarnings:
				if errs != 0 || warns == 0 {
					t.Errorf("expected warnings only, got %d errors and %d warnings: %v", errs, warns, ps)
				}
			case expectClean:
				if len(ps) != 0 {
					t.Errorf("expected no problems, got %v", ps)
				}
			}
			if r, ok := ruleOf(name); ok && exp != expectClean && !fired[r] {
				t.Errorf("scenario is named after rule %s, which did not fire: %v", r, ps)
			}
		})
	}
	if counts[expectClean] < 20 || counts[expectErrors] < 20 {
		t.Errorf("too few scenarios of one kind: %d clean, %d with errors", counts[expectClean], counts[expectErrors])
	}
}

// TestEveryRuleFires checks that every rule in the rule table is exercised
// by at least one golden scenario.
func TestEveryRuleFires(t *testing.T) {
	fired := map[Rule]bool{}
	for _, name := range scenarios(t) {
		for _, p := range Validate(readSet(t, filepath.Join("testdata", name+".in.yaml"))) {
			fired[p.Rule] = true
			if p.Rule.Phase() == "" {
				t.Errorf("%s: rule %s is missing from the rule table", name, p.Rule)
			}
			if p.Phase != p.Rule.Phase() {
				t.Errorf("%s: problem phase %s, rule phase %s", name, p.Phase, p.Rule.Phase())
			}
		}
	}
	for _, r := range AllRules() {
		if !fired[r] {
			t.Errorf("rule %s fires in no golden scenario", r)
		}
	}
}

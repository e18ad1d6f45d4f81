// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var update = flag.Bool("update", false, "rewrite testdata/controller-verdicts.json (acceptance test, from the real controller) and the guide")

const recordingFile = "testdata/controller-verdicts.json"

// guideFile is the guide template, from this package's directory.
var guideFile = filepath.Join("..", "..", GuidePath)

func TestScenarios(t *testing.T) {
	ss := Scenarios()
	if len(ss) < 30 {
		t.Errorf("%d scenarios; the differential suite needs at least 30", len(ss))
	}
	seen := map[string]bool{}
	w := FixedWorld()
	for _, s := range ss {
		if seen[s.Name] {
			t.Errorf("scenario %s twice", s.Name)
		}
		seen[s.Name] = true
		if s.Part == PartMerged && len(s.Gateways) < 2 {
			t.Errorf("%s: a merged scenario needs at least two Gateways", s.Name)
		}
		if len(s.Gateways) == 0 {
			t.Errorf("%s: no Gateway", s.Name)
		}
		if (s.Expect == Disagree) != (s.Open != "") {
			t.Errorf("%s: an open disagreement is declared with Expect Disagree and Open saying what the controller does", s.Name)
		}
		if _, err := w.Render(s); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		// Every translator error is about the class, a Gateway, a listener
		// or an EnvoyProxy they use: the tenant is fine.
		if _, other := translatorVerdicts(s, translate.Validate(w.Set(s))); len(other) > 0 {
			t.Errorf("%s: problems about nothing of the scenario: %v", s.Name, other)
		}
	}
	if n := len(proxyScenarios()); n < 12 {
		t.Errorf("%d EnvoyProxy and infrastructure scenarios; the suite needs at least 12", n)
	}
}

// TestAgreementTable compares the current translator with what the real
// controller wrote (as recorded), and keeps the guide fresh. It needs no
// cluster, so a translator change that breaks agreement fails `make unit`.
func TestAgreementTable(t *testing.T) {
	rec := readRecording(t)
	rows := compareAll(t, FixedWorld(), rec)
	guide := Table(rec.EnvoyGateway, rows)
	if *update {
		writeGuide(t, guide)
	} else if b, err := os.ReadFile(guideFile); err != nil || string(b) != guide {
		t.Errorf("%s is stale: run go test ./internal/agreement/ -run TestAgreementTable -update, then make generate", GuidePath)
	}
}

// compareAll compares every scenario with its recorded observation and
// fails, with the details, on every row that is not as declared.
func compareAll(t *testing.T, w World, rec *Recording) []Row {
	t.Helper()
	var rows []Row
	var agree, deliberate, open int
	for _, s := range Scenarios() {
		obs, ok := rec.Scenarios[s.Name]
		if !ok {
			t.Errorf("%s: no recorded controller verdict: run TestAccControllerDifferential with -update", s.Name)
			continue
		}
		r := Compare(w, s, obs)
		rows = append(rows, r)
		if !r.OK() {
			t.Errorf("%s: declared %q, found %q; problems %v\n  controller: %s\n  translator: %s\n  per subject: %v",
				s.Name, s.Expect, r.Got, r.Problems, describeController(r), describeTranslator(r), r.PerKey)
		}
		switch r.Got {
		case Agree:
			agree++
		case Disagree:
			open++
		default:
			deliberate++
		}
	}
	t.Logf("%d scenarios: %d agree, %d deliberate, %d disagree", len(rows), agree, deliberate, open)
	return rows
}

func readRecording(t *testing.T) *Recording {
	t.Helper()
	b, err := os.ReadFile(recordingFile)
	if err != nil {
		t.Fatalf("%v: run TestAccControllerDifferential with -update (needs root and the controller)", err)
	}
	rec := &Recording{}
	if err := json.Unmarshal(b, rec); err != nil {
		t.Fatalf("%s: %v", recordingFile, err)
	}
	return rec
}

func writeRecording(t *testing.T, rec *Recording) {
	t.Helper()
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(recordingFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(recordingFile, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeGuide(t *testing.T, guide string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(guideFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(guideFile, []byte(guide), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s; run make generate to render docs/", strings.TrimPrefix(guideFile, "../../"))
}

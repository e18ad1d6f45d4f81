// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// badCase is one invalid configuration of testdata/badinput/<group>.yaml:
// its HCL (NAME stands for a short name unique to the case, so that no two
// cases of a batch share an address or an object) and the error it must
// get: a substring of the summary and the attribute path, at validate or,
// when validate cannot know, at plan.
type badCase struct {
	ID    string   `json:"id"`
	Stage string   `json:"stage"` // "validate" or "plan"
	HCL   string   `json:"hcl"`
	Want  []expect `json:"want"`
	// Wrong, when set, says how the provider's verdict is known to be wrong
	// today (a finding for the lead): the test then expects Want NOT to be
	// met, and fails once it is, so that the mark is removed.
	Wrong string `json:"wrong,omitempty"`
	Why   string `json:"why,omitempty"` // what the case is about, when the id does not say
	// Hidden are strings (secrets of the case) no diagnostic may show.
	Hidden []string `json:"hidden,omitempty"`

	group, slug string
}

// expect is one error a case must get.
type expect struct {
	Summary string `json:"summary"` // substring of the diagnostic's summary
	Path    string `json:"path"`    // attribute path, e.g. listeners[0].port; "" for the block
	// Block is the block the error is on: "eg_gateway.NAME", "provider.NAME",
	// or one of several ("eg_gateway.NAME-a|eg_gateway.NAME-b": a rule between
	// two resources reports on the one planned second, and Terraform plans in
	// parallel); "" for the case's first block.
	Block string `json:"block,omitempty"`
	// Optional: the error may be there or not (the second of a pair that
	// Terraform may plan at once, so that each sees the other).
	Optional bool `json:"optional,omitempty"`
}

func (c badCase) file() string { return c.slug + "-" + c.ID + ".tf" }

// fill replaces NAME with the case's short name.
func (c badCase) fill(s string) string { return strings.ReplaceAll(s, "NAME", c.slug) }

var caseID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// loadCorpus reads every group of the corpus, in file order.
func loadCorpus(t testing.TB) []badCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(moduleRoot(), "testdata", "badinput", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in testdata/badinput: %v", err)
	}
	sort.Strings(files)
	var out []badCase
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cases []badCase
		if err := yaml.UnmarshalStrict(b, &cases); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		group := strings.TrimSuffix(filepath.Base(f), ".yaml")
		for _, c := range cases {
			if err := c.check(); err != nil {
				t.Fatalf("%s: case %q: %v", f, c.ID, err)
			}
			if seen[c.ID] {
				t.Fatalf("%s: case id %q used twice", f, c.ID)
			}
			seen[c.ID] = true
			c.group, c.slug = group, fmt.Sprintf("c%03d", len(out))
			out = append(out, c)
		}
	}
	return out
}

func (c badCase) check() error {
	switch {
	case !caseID.MatchString(c.ID):
		return fmt.Errorf("id must be lower-case words joined by '-'")
	case c.Stage != "validate" && c.Stage != "plan":
		return fmt.Errorf("stage must be validate or plan, not %q", c.Stage)
	case len(c.Want) == 0:
		return fmt.Errorf("want lists no error")
	case !strings.Contains(c.HCL, "NAME"):
		return fmt.Errorf("the HCL must use NAME for its resource names")
	}
	for _, w := range c.Want {
		if w.Summary == "" {
			return fmt.Errorf("a want has no summary")
		}
	}
	return nil
}

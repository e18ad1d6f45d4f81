// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// verdict is what one run said about one case.
type verdict struct {
	errors  []cliDiagnostic // the case's error diagnostics
	missing []string        // wants not met, with what was found instead
	extra   []string        // errors no want explains
}

func (v verdict) ok() bool { return len(v.missing) == 0 && len(v.extra) == 0 }

func (v verdict) String() string {
	var b strings.Builder
	for _, m := range v.missing {
		fmt.Fprintf(&b, "\n    missing: %s", m)
	}
	for _, e := range v.extra {
		fmt.Fprintf(&b, "\n    unexpected: %s", e)
	}
	if len(v.errors) == 0 {
		b.WriteString("\n    (accepted: no error at all)")
	}
	return b.String()
}

// byCase assigns each diagnostic of a run to the case whose file its range
// names; the errors of no case are returned apart.
func byCase(diags []cliDiagnostic, cases []badCase) (map[string][]cliDiagnostic, []cliDiagnostic) {
	files := map[string]bool{}
	for _, c := range cases {
		files[c.file()] = true
	}
	out := map[string][]cliDiagnostic{}
	var stray []cliDiagnostic
	for _, d := range diags {
		if d.Range != nil && files[filepath.Base(d.Range.Filename)] {
			out[filepath.Base(d.Range.Filename)] = append(out[filepath.Base(d.Range.Filename)], d)
			continue
		}
		if d.Severity == "error" {
			stray = append(stray, d)
		}
	}
	return out, stray
}

func errorsOf(diags []cliDiagnostic) []cliDiagnostic {
	var out []cliDiagnostic
	for _, d := range diags {
		if d.Severity == "error" {
			out = append(out, d)
		}
	}
	return out
}

// judge matches a case's errors against its wants. A diagnostic the
// provider returned is matched on the attribute path the provider log
// gives; one from the CLI itself on its source range.
func judge(c badCase, dir string, diags []cliDiagnostic, logged []providerDiagnostic) verdict {
	errs := errorsOf(diags)
	v := verdict{errors: errs}
	src, _ := os.ReadFile(filepath.Join(dir, c.file()))
	used := make([]bool, len(errs))
	for _, w := range c.Want {
		want := expect{Summary: c.fill(w.Summary), Path: w.Path, Block: c.fill(w.Block), Optional: w.Optional}
		var near []string
		found := false
		for i, d := range errs {
			if used[i] || !strings.Contains(d.Summary, want.Summary) {
				continue
			}
			ok, where := onPath(src, c.file(), want, d, logged)
			if ok {
				used[i], found = true, true
				break
			}
			near = append(near, fmt.Sprintf("%q at %s", d.Summary, where))
		}
		if !found && !want.Optional {
			msg := fmt.Sprintf("%q at %s", want.Summary, orBlock(want.Path))
			if len(near) > 0 {
				msg += " (found the summary at another path: " + strings.Join(near, "; ") + ")"
			}
			v.missing = append(v.missing, msg)
		}
	}
	for _, d := range diags {
		for _, h := range c.Hidden {
			if strings.Contains(d.Summary+d.Detail, h) {
				v.missing = append(v.missing, fmt.Sprintf("the secret %q hidden from %q", h, d.Summary))
			}
		}
	}
	for i, d := range errs {
		if !used[i] {
			_, where := onPath(src, c.file(), expect{}, d, logged)
			v.extra = append(v.extra, fmt.Sprintf("%q at %s: %s", d.Summary, where, firstLine(d.Detail)))
		}
	}
	return v
}

// onPath reports whether diagnostic d is on want's path, and where it is.
func onPath(src []byte, file string, want expect, d cliDiagnostic, logged []providerDiagnostic) (bool, string) {
	var paths []string
	for _, p := range logged {
		if p.Severity == "ERROR" && p.Summary == d.Summary && p.Detail == d.Detail {
			if p.Attribute == tfPath(want.Path) && onBlock(d, want.Block) {
				return true, want.Path
			}
			paths = append(paths, p.Attribute)
		}
	}
	if len(paths) > 0 {
		return false, d.Address + " provider path " + strings.Join(paths, " | ")
	}
	if d.Range == nil {
		return want.Path == "", "no source range"
	}
	got := toHCLRange(d.Range)
	where := fmt.Sprintf("%s:%d:%d (CLI)", file, got.Start.Line, got.Start.Column)
	for _, alt := range strings.Split(want.Block, "|") {
		block, top, deepest, err := pathRanges(src, file, alt, want.Path)
		if err != nil {
			return false, where + ": " + err.Error()
		}
		if want.Path == "" || top == block {
			if within(got, block) {
				return true, where
			}
		} else if within(got, top) && (deepest == top || within(deepest, got)) {
			return true, where
		}
	}
	return false, where
}

// onBlock reports whether a provider diagnostic is about one of the
// blocks a want names ("a|b"; "" for any block of the case). A provider
// block's diagnostics carry no resource address.
func onBlock(d cliDiagnostic, blocks string) bool {
	if blocks == "" || d.Address == "" {
		return true
	}
	addr := d.Address
	if strings.HasPrefix(addr, "provider[") { // provider["registry.terraform.io/egplatform/eg"].alias
		_, alias, found := strings.Cut(addr, "].")
		addr = "provider"
		if found {
			addr += "." + alias
		}
	}
	for _, b := range strings.Split(blocks, "|") {
		if addr == b {
			return true
		}
	}
	return false
}

func orBlock(p string) string {
	if p == "" {
		return "(the block)"
	}
	return p
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 160 {
		line = line[:160] + "…"
	}
	return line
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAccProviderLogsOnlyWhenAsked runs the provider as the CLI starts it,
// with its standard error (where its log goes, for the CLI to read) kept in
// a file. A plan with no TF_LOG variable must leave no line of the plugin
// SDK's or the provider's log there: the CLI would drop them all, after both
// sides had spent CPU on each. With TF_LOG=DEBUG the provider's lines are
// there, so the check can fail.
func TestAccProviderLogsOnlyWhenAsked(t *testing.T) {
	cli := cliPath(t)
	provider := mirroredProvider(filepath.Dir(cliConfig(t)))
	dir := t.TempDir()
	stderrFile := filepath.Join(dir, "provider.stderr")
	wrapDir := filepath.Join(dir, "wrap")
	script := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", provider, stderrFile)
	writeFile(t, filepath.Join(wrapDir, "terraform-provider-eg"), script)
	if err := os.Chmod(filepath.Join(wrapDir, "terraform-provider-eg"), 0o755); err != nil {
		t.Fatal(err)
	}
	tfrc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, tfrc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/egplatform/eg\" = %q\n  }\n  direct {}\n}\n", wrapDir))
	config := filepath.Join(dir, "config")
	writeFile(t, filepath.Join(config, "main.tf"), requiredProviders+`
resource "eg_merged_proxy" "probe" {
  name      = "logs-probe"
  namespace = "default"
}
`)
	w := &workspace{t: t, dir: config, cli: cli, env: append(withoutLogVariables(os.Environ()),
		"TF_CLI_CONFIG_FILE="+tfrc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")}
	ctx := context.Background()
	plan := []string{"plan", "-input=false", "-no-color"}

	if r := w.run(ctx, plan...); r.err != nil {
		t.Fatalf("plan: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	if lines := logLines(t, stderrFile); len(lines) > 0 {
		t.Errorf("with no TF_LOG variable the provider wrote %d log lines, for example:\n%s", len(lines), lines[0])
	}
	if err := os.Remove(stderrFile); err != nil {
		t.Fatal(err)
	}
	if r := w.runEnv(ctx, []string{"TF_LOG=DEBUG"}, plan...); r.err != nil {
		t.Fatalf("plan with TF_LOG=DEBUG: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	if lines := logLines(t, stderrFile); !strings.Contains(strings.Join(lines, "\n"), `"@message":"planning"`) {
		t.Errorf("with TF_LOG=DEBUG the provider's log holds no \"planning\" line (%d lines)", len(lines))
	}
}

// withoutLogVariables is environ without TF_LOG, TF_LOG_PATH and the rest.
func withoutLogVariables(environ []string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "TF_LOG") {
			out = append(out, kv)
		}
	}
	return out
}

// logLines returns the lines of the plugin SDK's and the provider's log in
// a provider's standard error: JSON lines whose @module is the provider's or
// one of the SDK's (go-plugin's own few lines at start-up are not).
func logLines(t *testing.T, file string) []string {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		var entry struct {
			Module string `json:"@module"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && (entry.Module == "eg" || entry.Module == "sdk" || strings.HasPrefix(entry.Module, "sdk.")) {
			out = append(out, line)
		}
	}
	return out
}

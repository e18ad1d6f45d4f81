// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package reliability drives the real Terraform-compatible CLI against the
// test bed, as a user would: the bad-input corpus, two applies at once,
// and (make chaos) applies interrupted by a killed API server or a faulty
// network. It knows the provider only by its binary and its HCL.
package reliability

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// providerVersion is the version the provider is built and mirrored as.
const providerVersion = "0.1.0"

// cliPath is the CLI under test (make testacc sets TF_ACC_TERRAFORM_PATH to
// the test bed's OpenTofu); the tests skip without it or a cluster.
func cliPath(t testing.TB) string {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" || os.Getenv("KUBECONFIG") == "" {
		t.Skip("needs the CLI and a cluster: TF_ACC=1, TF_ACC_TERRAFORM_PATH and KUBECONFIG (make testacc sets them)")
	}
	return cli
}

var (
	mirrorOnce sync.Once
	mirrorDir  string
	mirrorErr  error
)

// cliConfig builds the provider once per test binary into a filesystem
// mirror, so that `init` installs it offline as it installs any provider,
// and returns a CLI configuration file that uses the mirror.
func cliConfig(t testing.TB) string {
	t.Helper()
	mirrorOnce.Do(func() { mirrorDir, mirrorErr = buildMirror() })
	if mirrorErr != nil {
		t.Fatal(mirrorErr)
	}
	return filepath.Join(mirrorDir, "cli.tfrc")
}

// buildMirror builds the provider into a new filesystem mirror and writes
// the CLI configuration for it there. The mirror is shared by every test of
// the binary, so it is not a test's t.TempDir (removed when that test ends):
// TestMain removes it.
func buildMirror() (string, error) {
	dir, err := os.MkdirTemp("", "eg-reliability-mirror-")
	if err != nil {
		return "", err
	}
	bin := mirroredProvider(dir)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return dir, err
	}
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version="+providerVersion, "-o", bin, ".")
	build.Dir = moduleRoot()
	if out, err := build.CombinedOutput(); err != nil {
		return dir, fmt.Errorf("build the provider: %v\n%s", err, out)
	}
	return dir, os.WriteFile(filepath.Join(dir, "cli.tfrc"), []byte(fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/egplatform/eg"]
  }
  direct {
    exclude = ["registry.terraform.io/egplatform/eg"]
  }
}
`, filepath.Join(dir, "plugins"))), 0o644)
}

// mirroredProvider is the provider binary in the mirror in dir.
func mirroredProvider(dir string) string {
	return filepath.Join(dir, "plugins", "registry.terraform.io", "egplatform", "eg", providerVersion,
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-eg_v"+providerVersion)
}

// TestMain removes the provider mirror the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if mirrorDir != "" {
		_ = os.RemoveAll(mirrorDir)
	}
	os.Exit(code)
}

func moduleRoot() string {
	dir, _ := os.Getwd()
	return filepath.Join(dir, "..", "..") // testbed/reliability
}

// requiredProviders names the provider by its full address (OpenTofu's
// default registry differs).
const requiredProviders = `terraform {
  required_providers {
    eg = { source = "registry.terraform.io/egplatform/eg" }
  }
}
`

// workspace is one working directory of the CLI.
type workspace struct {
	t   testing.TB
	dir string
	cli string
	env []string
}

// newWorkspace writes files into a fresh directory and runs init there.
func newWorkspace(t testing.TB, dir string, files map[string]string) *workspace {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := &workspace{t: t, dir: dir, cli: cliPath(t)}
	w.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig(t), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if r := w.run(context.Background(), "init", "-input=false", "-no-color"); r.err != nil {
		t.Fatalf("init in %s: %v\n%s%s", dir, r.err, r.stdout, r.stderr)
	}
	return w
}

// result is one CLI run.
type result struct {
	args           []string
	stdout, stderr string
	err            error
	took           time.Duration
	log            string // TF_LOG_PATH's content, when the run logged
}

// run runs the CLI in the workspace; env adds variables for this run only.
func (w *workspace) run(ctx context.Context, args ...string) result {
	return w.runEnv(ctx, nil, args...)
}

func (w *workspace) runEnv(ctx context.Context, env []string, args ...string) result {
	cmd := exec.CommandContext(ctx, w.cli, args...)
	cmd.Dir = w.dir
	cmd.Env = append(append([]string(nil), w.env...), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// Interrupt (as Ctrl-C would) rather than kill when ctx ends, so that
	// the CLI saves what it has.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 2 * time.Minute
	start := time.Now()
	err := cmd.Run()
	return result{args: args, stdout: stdout.String(), stderr: stderr.String(), err: err, took: time.Since(start)}
}

// logged runs the CLI with the provider's log (WARN and above: the
// diagnostics it returns, with their attribute paths) in a file.
func (w *workspace) logged(ctx context.Context, level string, args ...string) result {
	file := filepath.Join(w.dir, fmt.Sprintf("provider-%d.log", time.Now().UnixNano()))
	r := w.runEnv(ctx, []string{"TF_LOG_PROVIDER=" + level, "TF_LOG_PATH=" + file}, args...)
	b, _ := os.ReadFile(file)
	r.log = string(b)
	_ = os.WriteFile(strings.TrimSuffix(file, ".log")+".out", []byte(r.stdout+r.stderr), 0o644)
	return r
}

// mentionsPanic reports whether a run's output or log shows a panic.
func (r result) mentionsPanic() bool {
	all := strings.ToLower(r.stdout + r.stderr + r.log)
	return strings.Contains(all, "panic:") || strings.Contains(all, "plugin did not respond") ||
		strings.Contains(all, "goroutine ") && strings.Contains(all, "[running]")
}

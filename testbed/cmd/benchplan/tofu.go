// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// tofu runs the CLI in a configuration directory with the harness's CLI
// configuration (dev_overrides to the provider wrapper) and measures each
// command: wall time, the provider's requests, peak RSS and CPU.
type tofu struct {
	bin, cliConfig, realProvider string
	proxy                        *countingProxy
	timeout                      time.Duration
}

// measurement is one command of one configuration.
type measurement struct {
	Seconds  float64        `json:"seconds"`
	Requests map[string]int `json:"requests,omitempty"`
	PeakMiB  float64        `json:"provider_peak_rss_mib,omitempty"`
	// PeakAnonMiB is sampled every 20 ms: heap and stacks, without the
	// binary's file-backed pages.
	PeakAnonMiB float64 `json:"provider_peak_anon_rss_mib,omitempty"`
	CPUSeconds  float64 `json:"provider_cpu_seconds,omitempty"`
	Processes   int     `json:"provider_processes,omitempty"`
	// Failure says why the command did not finish as expected (timeout,
	// error, a plan that was not what it should be); its log is beside
	// the configuration.
	Failure string `json:"failure,omitempty"`
}

// command is one CLI invocation of a measurement: its name (also the log's),
// arguments, and the exit codes that mean success (plan -detailed-exitcode:
// 0 no changes, 2 changes).
type command struct {
	Name     string
	Args     []string
	WantExit []int
}

var (
	planFromEmpty = command{"plan", []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}, []int{2}}
	applyAll      = command{"apply", []string{"apply", "-input=false", "-no-color", "-auto-approve"}, []int{0}}
	noChangePlan  = command{"noop", []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}, []int{0}}
	destroyAll    = command{"destroy", []string{"destroy", "-input=false", "-no-color", "-auto-approve"}, []int{0}}
)

// run runs one command in dir and measures it. The proxy's counts are
// taken before and after, so requests are the command's own.
func (t tofu) run(dir string, c command) *measurement {
	rssLog := filepath.Join(dir, c.Name+".rss")
	_ = os.Remove(rssLog)
	logFile := filepath.Join(dir, c.Name+".log")
	t.proxy.take()
	start := time.Now()
	exit, err := t.exec(dir, c.Args, logFile, rssLog)
	m := &measurement{Seconds: time.Since(start).Seconds(), Requests: t.proxy.take()}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		m.Failure = fmt.Sprintf("stopped after %s (the -timeout); see %s", t.timeout, logFile)
	case err != nil:
		m.Failure = fmt.Sprintf("%v; see %s", err, logFile)
	case !contains(c.WantExit, exit):
		m.Failure = fmt.Sprintf("exit status %d, want %v; see %s", exit, c.WantExit, logFile)
	}
	if err := providerUsage(rssLog, m); err != nil && m.Failure == "" {
		m.Failure = err.Error()
	}
	if len(m.Requests) == 0 {
		m.Requests = nil
	}
	return m
}

// exec runs the CLI in its own process group, so that a timeout stops the
// provider processes it started as well.
func (t tofu) exec(dir string, args []string, logFile, rssLog string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), t.timeout)
	defer cancel()
	out, err := os.Create(logFile)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, t.bin, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = append(cliEnv(),
		"TF_CLI_CONFIG_FILE="+t.cliConfig,
		envRealProvider+"="+t.realProvider,
		envRSSLog+"="+rssLog)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return -1, ctx.Err()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode(), nil
	}
	return 0, err
}

// cliEnv is the harness's environment without what would change the CLI's
// behaviour between runs: its configuration file, logging, plugin caches.
func cliEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TF_CLI_CONFIG_FILE", name == "TF_PLUGIN_CACHE_DIR", name == envRealProvider, name == envRSSLog:
		case strings.HasPrefix(name, "TF_LOG"):
		default:
			env = append(env, kv)
		}
	}
	return append(env, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// writeCLIConfig writes a CLI configuration whose dev_overrides run the
// wrapper (this program, linked as terraform-provider-eg in wrapDir).
func writeCLIConfig(file, wrapDir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(wrapDir, 0o755); err != nil {
		return err
	}
	link := filepath.Join(wrapDir, "terraform-provider-eg")
	_ = os.Remove(link)
	if err := os.Symlink(self, link); err != nil {
		return err
	}
	return os.WriteFile(file, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/egplatform/eg" = %q
  }
  direct {
    exclude = ["registry.terraform.io/egplatform/eg"]
  }
}
`, wrapDir)), 0o644)
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func sortStrings(s []string) []string {
	sort.Strings(s)
	return s
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The provider's peak memory is measured by standing in for it: the CLI's
// dev_overrides name a directory whose terraform-provider-eg is this
// program, which runs the real provider as its child with the same stdio
// (the plugin handshake passes straight through), waits for it, and appends
// the child's own peak RSS and CPU time from wait4's rusage to a log. The
// CLI's own wait would report the larger of the CLI and the provider.
// Most of a Go provider's RSS is its binary's pages (file-backed), so the
// wrapper also samples the child's anonymous RSS (heap, stacks) from /proc.
const (
	envRealProvider = "BENCHPLAN_REAL_PROVIDER"
	envRSSLog       = "BENCHPLAN_RSS_LOG"
)

// echoProviderName, given as the real provider, makes the wrapper run this
// program as the echo provider (echo.go).
const echoProviderName = "echo"

// runAsProviderWrapper runs the real provider and exits with its status.
func runAsProviderWrapper(realProvider string) {
	cmd := exec.Command(realProvider, os.Args[1:]...)
	if realProvider == echoProviderName {
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintf(os.Stderr, "benchplan provider wrapper: %v\n", err)
			os.Exit(1)
		}
		cmd = exec.Command(self, os.Args[1:]...)
		cmd.Env = append(os.Environ(), envServeEcho+"=1")
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "benchplan provider wrapper: %v\n", err)
		os.Exit(1)
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	anon := make(chan int64, 1)
	done := make(chan struct{})
	go func() { anon <- samplePeakAnon(cmd.Process.Pid, done) }()
	_ = cmd.Wait()
	close(done)
	state := cmd.ProcessState
	if usage, ok := state.SysUsage().(*syscall.Rusage); ok && os.Getenv(envRSSLog) != "" {
		appendRSS(os.Getenv(envRSSLog), state.Pid(), usage, <-anon)
	}
	os.Exit(state.ExitCode())
}

// samplePeakAnon reads the process's RssAnon (KiB) every 20 ms until done
// and returns the largest value seen.
func samplePeakAnon(pid int, done <-chan struct{}) int64 {
	file := fmt.Sprintf("/proc/%d/status", pid)
	var peak int64
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if raw, err := os.ReadFile(file); err == nil {
			for _, line := range strings.Split(string(raw), "\n") {
				if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
					kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
					peak = max(peak, kib)
				}
			}
		}
		select {
		case <-done:
			return peak
		case <-tick.C:
		}
	}
}

// appendRSS writes "pid maxrss_kib cpu_seconds anon_kib" as one line
// (O_APPEND: the CLI may run several provider processes at once).
func appendRSS(file string, pid int, usage *syscall.Rusage, anonKiB int64) {
	f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchplan provider wrapper: %v\n", err)
		return
	}
	defer f.Close()
	cpu := float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
	fmt.Fprintf(f, "%d %d %.3f %d\n", pid, usage.Maxrss, cpu, anonKiB)
}

// providerUsage reads a wrapper log into m: the largest peak RSS and
// anonymous RSS (MiB) and the summed CPU seconds of the provider processes
// of one command, and how many there were.
func providerUsage(file string, m *measurement) error {
	raw, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	for _, line := range splitLines(string(raw)) {
		var pid int
		var kib, anon int64
		var cpu float64
		if _, err := fmt.Sscanf(line, "%d %d %f %d", &pid, &kib, &cpu, &anon); err != nil {
			return fmt.Errorf("%s: line %q: %w", file, line, err)
		}
		m.PeakMiB = max(m.PeakMiB, float64(kib)/1024)
		m.PeakAnonMiB = max(m.PeakAnonMiB, float64(anon)/1024)
		m.CPUSeconds += cpu
		m.Processes++
	}
	return nil
}

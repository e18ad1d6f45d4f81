// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// State is what a controller's directory records about it, so that another
// process (egbed controller down, or the next Start in the same directory)
// can stop exactly what was started.
type State struct {
	Dir       string `json:"dir"`
	Namespace string `json:"namespace"` // the tenant's
	Binary    string `json:"binary"`
	Netns     string `json:"netns"`
	// Owner is the process that started the controller and forwards its API
	// traffic: the test binary, or egbed's detached `controller run`.
	Owner int `json:"owner"`
	PID   int `json:"pid"` // envoy-gateway
	// Ready is set once the controller's readiness probe answered.
	Ready bool `json:"ready"`
}

func (c *Controller) save() error {
	b, err := json.MarshalIndent(c.state, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(c.opts.file("state.json"), b, 0o600)
}

// Load reads the state of a controller started in dir.
func Load(dir string) (*State, error) {
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return nil, err
	}
	s := &State{}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "state.json"), err)
	}
	return s, nil
}

// Running reports whether the recorded envoy-gateway process still runs.
func (s *State) Running() bool { return isProcess(s.PID, s.Binary) }

// Cleanup stops what a controller started in dir left running: the owner
// first (it stops its controller and removes the network namespace), then,
// if the owner is gone or did not finish, the controller process itself and
// the network namespace. A PID is only signalled while it still runs the
// program recorded for it, so a reused PID is never hit.
func Cleanup(dir string) error {
	s, err := Load(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	var errs []error
	if s.Owner != os.Getpid() && isProcess(s.Owner, "egbed") {
		if err := terminate(s.Owner, 30*time.Second); err != nil {
			errs = append(errs, err)
		}
	}
	if s.Running() {
		if err := terminate(s.PID, 20*time.Second); err != nil {
			errs = append(errs, err)
		}
	}
	if s.Netns != "" {
		if err := delNetns(s.Netns); err != nil {
			errs = append(errs, err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "state.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// netnsName derives the network namespace's name from the controller's
// directory, so a namespace left by a crash is found again by the next Start
// in the same directory. The prefix marks the test bed's own namespaces.
func netnsName(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return "egbed-" + hex.EncodeToString(sum[:5])
}

// isProcess reports whether pid is alive and runs a program whose path (or
// base name) is program.
func isProcess(pid int, program string) bool {
	if pid <= 0 || program == "" {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return false // gone, or a zombie (empty cmdline)
	}
	argv0 := strings.SplitN(string(b), "\x00", 2)[0]
	return argv0 == program || filepath.Base(argv0) == filepath.Base(program)
}

func terminate(pid int, grace time.Duration) error {
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	if waitGone(pid, grace) {
		return nil
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	if !waitGone(pid, 10*time.Second) {
		return fmt.Errorf("process %d did not exit", pid)
	}
	return nil
}

// waitGone waits until pid has exited. A zombie counts as gone: its parent,
// not us, reaps it.
func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return true
		}
		if i := strings.LastIndexByte(string(b), ')'); i > 0 && i+2 < len(b) && b[i+2] == 'Z' {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

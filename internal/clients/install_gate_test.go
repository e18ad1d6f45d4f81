// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// Before the guarded policy exists, an install waits for the one running;
// once that install has created it, the waiting one starts while the first
// is still running.
func TestInstallGate(t *testing.T) {
	var g installGate
	var created atomic.Bool
	exists := func(context.Context) bool { return created.Load() }
	firstRunning, firstDone := make(chan struct{}), make(chan struct{})
	var secondStartedBeforeCreated, secondStartedBeforeFirstEnded atomic.Bool
	go func() {
		_ = g.run(context.Background(), exists, func() error {
			close(firstRunning)
			time.Sleep(3 * guardedPolicyPoll)
			created.Store(true)
			time.Sleep(10 * guardedPolicyPoll)
			close(firstDone)
			return nil
		})
	}()
	<-firstRunning
	_ = g.run(context.Background(), exists, func() error {
		secondStartedBeforeCreated.Store(!created.Load())
		select {
		case <-firstDone:
		default:
			secondStartedBeforeFirstEnded.Store(true)
		}
		return nil
	})
	if secondStartedBeforeCreated.Load() {
		t.Error("the second install ran before the first had created the guarded policy")
	}
	if !secondStartedBeforeFirstEnded.Load() {
		t.Error("the second install waited for the first to end, though the guarded policy existed")
	}
	// With the policy there, installs do not take the gate at all.
	g.mu.Lock()
	defer g.mu.Unlock()
	ran := false
	_ = g.run(context.Background(), exists, func() error { ran = true; return nil })
	if !ran {
		t.Error("an install waited on the gate though the guarded policy existed")
	}
}

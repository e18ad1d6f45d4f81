// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package faultproxy is a loopback HTTPS proxy in front of a Kubernetes API
// server that counts every request and, on a seeded share of them, delays
// it, drops its response after the API server has done it, or answers 409,
// 429 or 500 itself without passing it on. The reliability tests put it
// between the provider and the test bed's API server; it speaks HTTP/2 on
// both sides, as client-go and the API server do.
package faultproxy

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"sync"
	"time"
)

// Faults says what share of requests (0 to 1 each, summing to at most 1)
// meets which fault. The zero value passes everything on and only counts.
type Faults struct {
	Seed     int64
	Delay    float64       // passed on after a pause of up to MaxDelay
	MaxDelay time.Duration // default 2s
	Drop     float64       // passed on, done by the API server, the answer never sent
	Conflict float64       // writes answered 409 Conflict, not passed on (reads drawn for it pass)
	Throttle float64       // answered 429 with Retry-After: 1, as API priority and fairness does
	Internal float64       // answered 500, not passed on
	// Match, when set, limits the faults to the requests it accepts (the
	// others pass); called once per request, in order.
	Match func(*http.Request) bool
}

// Outcome is what the proxy did with one request.
type Outcome string

const (
	Passed   Outcome = "passed"
	Delayed  Outcome = "delayed"
	Dropped  Outcome = "dropped"
	Answered Outcome = "answered" // with Status409/429/500, see Request.Code
)

// Request is one request as the proxy saw it.
type Request struct {
	Method  string
	Path    string
	Query   string
	Outcome Outcome
	Code    int // the status the client got (0 for a dropped answer)
}

// Write reports whether the request changes something on the server.
func (r Request) Write() bool {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// dice draws one fault per request from a seeded source: the same seed and
// the same order of requests give the same faults.
type dice struct {
	mu  sync.Mutex
	rnd *rand.Rand
	f   Faults
}

func newDice(f Faults) *dice {
	if f.MaxDelay == 0 {
		f.MaxDelay = 2 * time.Second
	}
	return &dice{rnd: rand.New(rand.NewSource(f.Seed)), f: f}
}

// roll returns the outcome for the next request, the status to answer
// with (for Answered) and the pause (for Delayed).
func (d *dice) roll() (Outcome, int, time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	x := d.rnd.Float64()
	pause := time.Duration(d.rnd.Int63n(int64(d.f.MaxDelay)) + 1)
	steps := []struct {
		share   float64
		outcome Outcome
		code    int
	}{
		{d.f.Delay, Delayed, 0},
		{d.f.Drop, Dropped, 0},
		{d.f.Conflict, Answered, http.StatusConflict},
		{d.f.Throttle, Answered, http.StatusTooManyRequests},
		{d.f.Internal, Answered, http.StatusInternalServerError},
	}
	for _, s := range steps {
		if x < s.share {
			return s.outcome, s.code, pause
		}
		x -= s.share
	}
	return Passed, 0, 0
}

// answer writes a metav1.Status the way the API server words these errors,
// so that client-go classifies them as it would the real ones.
func answer(w http.ResponseWriter, code int) {
	reason, msg := "InternalError", "Internal error occurred: injected by faultproxy"
	switch code {
	case http.StatusConflict:
		reason, msg = "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected by faultproxy)"
	case http.StatusTooManyRequests:
		reason, msg = "TooManyRequests", "Too many requests, please try again later. (injected by faultproxy)"
		w.Header().Set("Retry-After", "1")
	}
	body, _ := json.Marshal(map[string]any{
		"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{},
		"status": "Failure", "message": msg, "reason": reason, "code": code,
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// Summary counts requests by outcome and status, e.g. "dropped 3, 429 5".
func Summary(reqs []Request) map[string]int {
	out := map[string]int{}
	for _, r := range reqs {
		key := string(r.Outcome)
		if r.Outcome == Answered {
			key = fmt.Sprintf("answered %d", r.Code)
		}
		out[key]++
		if r.Write() {
			out["writes "+key]++
		}
	}
	return out
}

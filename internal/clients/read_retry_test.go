// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// flaky answers fail times with code (and Retry-After when set), then 200.
func flaky(t *testing.T, fail int, code int, retryAfter string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= int64(fail) {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(code)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func do(t *testing.T, method, url string) (int, error) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(""))
	resp, err := retryReads{next: http.DefaultTransport}.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func shortRetryWait(t *testing.T) {
	old := readRetryWait
	readRetryWait = time.Millisecond
	t.Cleanup(func() { readRetryWait = old })
}

func TestRetryReads(t *testing.T) {
	shortRetryWait(t)
	for _, c := range []struct {
		name       string
		method     string
		fail, code int
		retryAfter string
		wantCode   int
		wantHits   int64
	}{
		{"a read through three 500s", http.MethodGet, 3, 500, "", 200, 4},
		{"a read through a 503", http.MethodHead, 1, 503, "", 200, 2},
		{"a read that keeps failing gives up", http.MethodGet, 10, 502, "", 502, readRetries},
		{"a read with Retry-After is client-go's", http.MethodGet, 1, 503, "1", 503, 1},
		{"a read refused as bad is not retried", http.MethodGet, 1, 400, "", 400, 1},
		{"a write is never retried", http.MethodPost, 1, 500, "", 500, 1},
		{"a server-side apply is never retried", http.MethodPatch, 1, 504, "", 504, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv, hits := flaky(t, c.fail, c.code, c.retryAfter)
			code, err := do(t, c.method, srv.URL)
			if err != nil || code != c.wantCode || hits.Load() != c.wantHits {
				t.Errorf("got %d, %v after %d requests; want %d after %d", code, err, hits.Load(), c.wantCode, c.wantHits)
			}
		})
	}
}

// A read that never got an answer (the API server restarting) is tried
// again; one its caller cancelled is not.
func TestRetryReadsWithoutAnswer(t *testing.T) {
	shortRetryWait(t)
	var tries atomic.Int64
	refused := roundTripFunc(func(*http.Request) (*http.Response, error) {
		tries.Add(1)
		return nil, errors.New("dial tcp 127.0.0.1:6443: connect: connection refused")
	})
	req, _ := http.NewRequest(http.MethodGet, "https://127.0.0.1:6443/api", nil)
	if _, err := (retryReads{next: refused}).RoundTrip(req); err == nil || tries.Load() != readRetries {
		t.Errorf("refused: %v after %d tries, want an error after %d", err, tries.Load(), readRetries)
	}
	tries.Store(0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, "https://127.0.0.1:6443/api", nil)
	cancelled := roundTripFunc(func(*http.Request) (*http.Response, error) { tries.Add(1); return nil, context.Canceled })
	if _, err := (retryReads{next: cancelled}).RoundTrip(req); !errors.Is(err, context.Canceled) || tries.Load() != 1 {
		t.Errorf("cancelled: %v after %d tries, want context.Canceled after 1", err, tries.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

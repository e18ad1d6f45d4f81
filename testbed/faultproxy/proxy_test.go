// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package faultproxy

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// upstream stands in for the API server: it counts what reaches it and
// answers every request with an empty ConfigMap list (or the created map).
func upstream(t *testing.T) (*rest.Config, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","namespace":"d"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":[]}`))
	}))
	t.Cleanup(srv.Close)
	return &rest.Config{Host: srv.URL, TLSClientConfig: rest.TLSClientConfig{Insecure: true}}, &hits
}

// client reaches the proxy through the kubeconfig it writes, as the
// provider does.
func client(t *testing.T, p *Proxy) kubernetes.Interface {
	t.Helper()
	file := filepath.Join(t.TempDir(), "kubeconfig")
	if err := p.Kubeconfig(file); err != nil {
		t.Fatal(err)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", file)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 10 * time.Second
	return kubernetes.NewForConfigOrDie(cfg)
}

func TestAnswersAreTheAPIServersWording(t *testing.T) {
	up, hits := upstream(t)
	for _, c := range []struct {
		faults Faults
		is     func(error) bool
	}{
		{Faults{Conflict: 1}, apierrors.IsConflict},
		{Faults{Internal: 1}, apierrors.IsInternalError},
	} {
		p, err := Start(up, c.faults)
		if err != nil {
			t.Fatal(err)
		}
		_, err = client(t, p).CoreV1().ConfigMaps("d").Create(context.Background(), &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "x"}}, metav1.CreateOptions{})
		if !c.is(err) {
			t.Errorf("faults %+v: the client got %v", c.faults, err)
		}
		if got := p.Requests(); len(got) != 1 || got[0].Outcome != Answered {
			t.Errorf("faults %+v: recorded %+v", c.faults, got)
		}
		_ = p.Close()
	}
	if hits.Load() != 0 {
		t.Errorf("answered requests reached the API server %d times", hits.Load())
	}
	// A read drawn for a 409 passes: the API server never answers a read so.
	p, err := Start(up, Faults{Conflict: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := client(t, p).CoreV1().ConfigMaps("d").List(context.Background(), metav1.ListOptions{}); err != nil {
		t.Errorf("a read drawn for a 409: %v", err)
	}
}

// client-go waits out a 429 with Retry-After and tries again, as with API
// priority and fairness; after a share of 429s the list gets through.
func TestThrottleCarriesRetryAfter(t *testing.T) {
	up, hits := upstream(t)
	p, err := Start(up, Faults{Seed: 2, Throttle: 0.5}) // seed 2 draws 429, 429, then passes
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := client(t, p).CoreV1().ConfigMaps("d").List(context.Background(), metav1.ListOptions{}); err != nil {
		t.Fatalf("the list did not get through a 50%% share of 429s: %v", err)
	}
	if s := Summary(p.Requests()); s["answered 429"] != 2 || s["passed"] != 1 || hits.Load() != 1 {
		t.Errorf("want two 429s and then one request upstream: %v, %d upstream", s, hits.Load())
	}
}

// A dropped answer leaves the client with an error while the API server
// did the request: the case of a write whose answer is lost.
func TestDroppedAnswerReachesTheServer(t *testing.T) {
	up, hits := upstream(t)
	p, err := Start(up, Faults{Drop: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	cm := client(t, p).CoreV1().ConfigMaps("d")
	_, err = cm.Create(context.Background(), nil, metav1.CreateOptions{})
	if err == nil {
		t.Fatal("the client got an answer")
	}
	if hits.Load() != 1 {
		t.Errorf("the API server saw %d requests, want 1", hits.Load())
	}
	if got := p.Requests(); len(got) != 1 || !got[0].Write() || got[0].Outcome != Dropped {
		t.Errorf("recorded %+v", got)
	}
}

// The same seed draws the same faults for the same order of requests.
func TestFaultsFollowTheSeed(t *testing.T) {
	draw := func() []Outcome {
		d := newDice(Faults{Seed: 42, Delay: 0.2, Drop: 0.1, Conflict: 0.1, Throttle: 0.1, Internal: 0.1})
		var out []Outcome
		for i := 0; i < 50; i++ {
			o, _, _ := d.roll()
			out = append(out, o)
		}
		return out
	}
	a, b := draw(), draw()
	passed := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("draw %d differs: %s and %s", i, a[i], b[i])
		}
		if a[i] == Passed {
			passed++
		}
	}
	if passed == 0 || passed == len(a) {
		t.Errorf("%d of %d passed: the shares are not applied", passed, len(a))
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// apiserverRequests reads the API server's apiserver_request_total counters
// and sums them by "VERB group/resource" ("VERB /path" for non-resource
// requests such as discovery and OpenAPI), over response codes and scopes.
func apiserverRequests(t *testing.T, kube kubernetes.Interface) map[string]float64 {
	t.Helper()
	raw, err := kube.Discovery().RESTClient().Get().AbsPath("/metrics").DoRaw(context.Background())
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(raw), "\n") {
		rest, ok := strings.CutPrefix(line, "apiserver_request_total{")
		if !ok {
			continue
		}
		labelText, value, ok := strings.Cut(rest, "} ")
		if !ok {
			continue
		}
		labels := map[string]string{}
		for _, kv := range strings.Split(labelText, ",") {
			k, v, _ := strings.Cut(kv, "=")
			labels[k] = strings.Trim(v, `"`)
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			continue
		}
		key := labels["verb"] + " " + labels["group"] + "/" + labels["resource"]
		if labels["subresource"] != "" {
			key += "/" + labels["subresource"]
		}
		if labels["resource"] == "" {
			key = labels["verb"] + " /" + strings.TrimPrefix(labels["subresource"], "/")
		}
		out[key] += n
	}
	return out
}

// requestDelta is after minus before, without zeros.
func requestDelta(before, after map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}

func formatCounts(m map[string]float64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %-60s %v", k, m[k])
	}
	return b.String()
}

// writeVerbs are the verbs that change something.
var writeVerbs = []string{"POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION"}

// writesTo lists the writes in a delta to resources of the given groups
// ("" for the core group) and, for the core group, resources.
func writesTo(delta map[string]float64, groups map[string][]string) []string {
	var out []string
	for k, v := range delta {
		verb, gr, _ := strings.Cut(k, " ")
		group, res, _ := strings.Cut(gr, "/")
		write := false
		for _, w := range writeVerbs {
			write = write || verb == w
		}
		resources, watched := groups[group]
		if !write || !watched {
			continue
		}
		if len(resources) > 0 {
			hit := false
			for _, r := range resources {
				hit = hit || strings.HasPrefix(res, r)
			}
			if !hit {
				continue
			}
		}
		out = append(out, fmt.Sprintf("%s %v", k, v))
	}
	sort.Strings(out)
	return out
}

// providerWrites are the resources an apply of this provider writes:
// Gateway API and Envoy Gateway objects, and for tenants namespaces and
// Helm's release Secrets.
var providerWrites = map[string][]string{
	"gateway.networking.k8s.io": nil,
	"gateway.envoyproxy.io":     nil,
	"":                          {"namespaces", "secrets"},
}

// countingProxy stands between the provider and the API server and records
// every request the provider makes, by "METHOD path". The API server's
// metrics cannot tell the provider's discovery requests from those the
// controller-manager makes every 30 seconds; this can.
type countingProxy struct {
	URL   string
	CAPEM string

	mu   sync.Mutex
	seen map[string]int
}

func newCountingProxy(t *testing.T, cfg *rest.Config) *countingProxy {
	t.Helper()
	upstream, err := url.Parse(cfg.Host)
	if err != nil {
		t.Fatal(err)
	}
	transport, err := rest.TransportFor(cfg) // the kubeconfig's credentials
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProxy{seen: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(upstream)
	rp.Transport = transport
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen[r.Method+" "+r.URL.Path]++
		p.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	p.CAPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return p
}

// reset forgets what was recorded.
func (p *countingProxy) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = map[string]int{}
}

// requests returns what was recorded since the last reset.
func (p *countingProxy) requests() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.seen))
	for k, v := range p.seen {
		out[k] = v
	}
	return out
}

// providerVia is a provider block that reaches the cluster through the
// proxy, with the chart for tenants.
func (p *countingProxy) providerVia(chart string) string {
	return fmt.Sprintf(`
provider "eg" {
  kubernetes = {
    host                   = %q
    cluster_ca_certificate = %q
  }
  chart = { repository = %q, version = "v1.9.1" }
}
`, p.URL, p.CAPEM, chart)
}

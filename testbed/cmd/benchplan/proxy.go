// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"

	"k8s.io/client-go/rest"
)

// countingProxy stands between the provider and the API server, on
// loopback, and counts the provider's requests: the API server's own
// metrics would also count the control plane's (the controller-manager's
// discovery every 30 s). The provider reaches it with its inline `host` and
// `cluster_ca_certificate`; the proxy adds the kubeconfig's credentials.
type countingProxy struct {
	URL   string
	CAPEM string

	server *httptest.Server
	mu     sync.Mutex
	seen   map[string]int
}

func startCountingProxy(cfg *rest.Config) (*countingProxy, error) {
	upstream, err := url.Parse(cfg.Host)
	if err != nil {
		return nil, fmt.Errorf("the kubeconfig's server %q: %w", cfg.Host, err)
	}
	transport, err := rest.TransportFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("a transport with the kubeconfig's credentials: %w", err)
	}
	p := &countingProxy{seen: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(upstream)
	rp.Transport = transport
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.record(r)
		rp.ServeHTTP(w, r)
	}))
	// HTTP/2 as client-go speaks to an API server directly: the hop should
	// not change how the provider's requests are multiplexed.
	srv.EnableHTTP2 = true
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	p.server = srv
	p.URL = srv.URL
	p.CAPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return p, nil
}

func (p *countingProxy) Close() { p.server.Close() }

func (p *countingProxy) record(r *http.Request) {
	key := requestKind(r.Method, r.URL.Path, r.URL.Query().Get("watch") == "true",
		r.Header.Get("Content-Type"))
	p.mu.Lock()
	p.seen[key]++
	p.mu.Unlock()
}

// take returns what was counted since the last take, and starts afresh.
func (p *countingProxy) take() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.seen
	p.seen = map[string]int{}
	return out
}

// resourcePath matches /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUB]] and
// /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUB]].
var resourcePath = regexp.MustCompile(`^/(?:api/v1|apis/([^/]+)/[^/]+)(/namespaces/[^/]+)?/([a-z0-9]+)(?:/([^/]+))?(?:/([a-z]+))?$`)

// requestKind names a request as the API server's metrics would: verb
// (LIST and WATCH for collection reads, APPLY for server-side apply) and
// group/resource, or the path for discovery and other non-resource paths.
func requestKind(method, path string, watch bool, contentType string) string {
	m := resourcePath.FindStringSubmatch(path)
	if m == nil {
		return method + " " + path
	}
	group, resource, name, sub := m[1], m[3], m[4], m[5]
	verb := method
	switch {
	case method == http.MethodGet && watch:
		verb = "WATCH"
	case method == http.MethodGet && name == "":
		verb = "LIST"
	case method == http.MethodPatch && strings.HasPrefix(contentType, "application/apply-patch"):
		verb = "APPLY"
	}
	kind := verb + " " + group + "/" + resource
	if sub != "" {
		kind += "/" + sub
	}
	return kind
}

func totalRequests(counts map[string]int) int {
	n := 0
	for _, v := range counts {
		n += v
	}
	return n
}

// formatRequests lists counts as "KIND N" lines, sorted by kind.
func formatRequests(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "    %-58s %d\n", k, counts[k])
	}
	return b.String()
}

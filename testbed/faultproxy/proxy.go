// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package faultproxy

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Proxy is a running fault proxy.
type Proxy struct {
	URL   string // https://127.0.0.1:PORT
	CAPEM []byte // the CA that signed the proxy's serving certificate

	srv      *http.Server
	upstream *url.URL
	rt       http.RoundTripper
	rp       *httputil.ReverseProxy

	mu   sync.Mutex
	dice *dice
	seen []Request
}

// Start listens on a free loopback port and passes requests on to the API
// server upstream describes, with its credentials: clients of the proxy need
// only its CA (see Kubeconfig).
func Start(upstream *rest.Config, f Faults) (*Proxy, error) {
	target, err := url.Parse(upstream.Host)
	if err != nil {
		return nil, err
	}
	rt, err := rest.TransportFor(upstream)
	if err != nil {
		return nil, err
	}
	cert, caPEM, err := servingCert()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{URL: "https://" + ln.Addr().String(), CAPEM: caPEM, upstream: target, rt: rt, dice: newDice(f)}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = target.Host
		},
		Transport:     rt,
		FlushInterval: -1, // watches stream
	}
	p.srv = &http.Server{
		Handler:           http.HandlerFunc(p.serve),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"h2", "http/1.1"}},
		ReadHeaderTimeout: 30 * time.Second,
	}
	go func() { _ = p.srv.ServeTLS(ln, "", "") }()
	return p, nil
}

// Close stops the proxy and cuts every open connection.
func (p *Proxy) Close() error { return p.srv.Close() }

// SetFaults replaces the faults (and restarts the dice with f.Seed).
func (p *Proxy) SetFaults(f Faults) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dice = newDice(f)
}

// Requests returns what the proxy saw since Start or the last Reset.
func (p *Proxy) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.seen...)
}

// Reset forgets the requests seen so far.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = nil
}

// Kubeconfig writes a kubeconfig that reaches the API server through the
// proxy, trusting the proxy's CA.
func (p *Proxy) Kubeconfig(file string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["faultproxy"] = &clientcmdapi.Cluster{Server: p.URL, CertificateAuthorityData: p.CAPEM}
	cfg.AuthInfos["faultproxy"] = &clientcmdapi.AuthInfo{}
	cfg.Contexts["faultproxy"] = &clientcmdapi.Context{Cluster: "faultproxy", AuthInfo: "faultproxy"}
	cfg.CurrentContext = "faultproxy"
	return clientcmd.WriteToFile(*cfg, file)
}

func (p *Proxy) record(r *http.Request, o Outcome, code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Outcome: o, Code: code})
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	outcome, code, pause := p.dice.roll()
	if p.dice.f.Match != nil && !p.dice.f.Match(r) {
		outcome, code = Passed, 0
	}
	p.mu.Unlock()
	if code == http.StatusConflict && !(Request{Method: r.Method}).Write() {
		outcome, code = Passed, 0 // the API server answers 409 to writes only
	}
	switch outcome {
	case Answered:
		p.record(r, outcome, code)
		answer(w, code)
		return
	case Dropped:
		p.record(r, outcome, 0)
		p.dropAnswer(r)
		return
	case Delayed:
		select {
		case <-time.After(pause):
		case <-r.Context().Done():
			p.record(r, outcome, 0)
			return
		}
	}
	sw := &statusWriter{ResponseWriter: w}
	p.rp.ServeHTTP(sw, r)
	p.record(r, outcome, sw.code)
}

// dropAnswer lets the API server do the request, then resets the stream
// (HTTP/2) or the connection (HTTP/1.1) instead of answering: the client
// cannot tell whether its write happened.
func (p *Proxy) dropAnswer(r *http.Request) {
	out := r.Clone(context.WithoutCancel(r.Context()))
	out.URL.Scheme, out.URL.Host, out.Host, out.RequestURI = p.upstream.Scheme, p.upstream.Host, p.upstream.Host, ""
	ctx, cancel := context.WithTimeout(out.Context(), time.Minute)
	defer cancel()
	if resp, err := p.rt.RoundTrip(out.WithContext(ctx)); err == nil {
		if r.URL.Query().Get("watch") != "true" {
			_, _ = io.Copy(io.Discard, resp.Body) // the write is done once the answer is read
		}
		resp.Body.Close()
	}
	panic(http.ErrAbortHandler)
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Flush keeps watches streaming through the wrapper.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

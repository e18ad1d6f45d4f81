// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
)

// loopbackTarget returns host:port of an API server URL, which must be a
// loopback address: the controller's network namespace has no route
// anywhere else, and the forwarder is the one way out of it.
func loopbackTarget(server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("controller: API server URL %q: %w", server, err)
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "443"
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("controller: the API server %s is not on a loopback address; controllers run in their own network namespaces and reach only a loopback API server (the test bed's, or kind's)", server)
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// forwarder listens on the API server's address inside the controller's
// network namespace and connects each client to the same address in the
// root namespace. The controller's kubeconfig therefore names the API server
// exactly as the admin kubeconfig does, and its serving certificate fits.
type forwarder struct {
	l      net.Listener
	target string
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
}

func startForwarder(ns *nsThread, target string) (*forwarder, error) {
	f := &forwarder{target: target, conns: map[net.Conn]struct{}{}}
	err := ns.do(func() error {
		var err error
		f.l, err = net.Listen("tcp", target)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("listen on %s in the controller's network namespace: %w", target, err)
	}
	f.wg.Add(1)
	go f.serve()
	return f, nil
}

func (f *forwarder) serve() {
	defer f.wg.Done()
	for {
		in, err := f.l.Accept()
		if err != nil {
			return // closed
		}
		f.wg.Add(1)
		go f.pipe(in)
	}
}

// pipe runs on an ordinary goroutine, so the dial happens in the root
// network namespace.
func (f *forwarder) pipe(in net.Conn) {
	defer f.wg.Done()
	out, err := net.Dial("tcp", f.target)
	if err != nil {
		in.Close()
		return
	}
	if !f.track(in, out) {
		in.Close()
		out.Close()
		return
	}
	var wg sync.WaitGroup
	copyHalf := func(dst, src net.Conn) {
		defer wg.Done()
		_, _ = io.Copy(dst, src)
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}
	wg.Add(2)
	go copyHalf(out, in)
	go copyHalf(in, out)
	wg.Wait()
	f.untrack(in, out)
	in.Close()
	out.Close()
}

// track records live connections so close can end them; it refuses once
// the forwarder is closed.
func (f *forwarder) track(cs ...net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns == nil {
		return false
	}
	for _, c := range cs {
		f.conns[c] = struct{}{}
	}
	return true
}

func (f *forwarder) untrack(cs ...net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range cs {
		delete(f.conns, c)
	}
}

// close stops listening, ends every forwarded connection and waits for the
// goroutines.
func (f *forwarder) close() {
	f.l.Close()
	f.mu.Lock()
	for c := range f.conns {
		c.Close()
	}
	f.conns = nil
	f.mu.Unlock()
	f.wg.Wait()
}

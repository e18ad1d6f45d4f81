// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"

	"golang.org/x/sys/unix"
)

// XDSPort is where Envoy Gateway serves xDS to its Envoy fleets (bound on
// every address of the controller's network namespace, whose only interface
// is loopback).
const XDSPort = 18000

// DialContext opens a TCP connection to addr from inside the controller's
// network namespace: its xDS server (127.0.0.1:XDSPort) is reachable from
// nowhere else.
func (s *State) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if s.Netns == "" {
		return nil, errors.New("controller: no network namespace recorded (the controller is not running)")
	}
	return dialInNetns(ctx, s.Netns, network, addr)
}

// dialInNetns creates the socket on a thread that joined the network
// namespace netns: a socket belongs to the namespace it was created in,
// whichever thread uses it later. The thread is locked and never unlocked,
// so the Go runtime discards it when the goroutine returns instead of
// running other goroutines in that namespace.
func dialInNetns(ctx context.Context, netns, network, addr string) (net.Conn, error) {
	type result struct {
		conn net.Conn
		err  error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		fd, err := unix.Open(netnsDir+"/"+netns, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			done <- result{err: fmt.Errorf("open network namespace %s: %w", netns, err)}
			return
		}
		err = unix.Setns(fd, unix.CLONE_NEWNET)
		unix.Close(fd)
		if err != nil {
			done <- result{err: fmt.Errorf("join network namespace %s: %w", netns, err)}
			return
		}
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		done <- result{conn, err}
	}()
	r := <-done
	return r.conn, r.err
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controlplane

import (
	"context"
	"fmt"
	"math/rand"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// freePort picks a free loopback port below the kernel's ephemeral range,
// other than those already taken for this control plane.
// A port inside it can be taken, while its server is down for a restart,
// by the source port of a client's connection, or by a client that
// connects to itself (TCP simultaneous open on loopback), and the restart
// then cannot bind it: seen in make chaos, which restarts the API server
// again and again while the controller-manager keeps dialling it.
func freePort(taken map[int]bool) (int, error) {
	low := ephemeralLow()
	for try := 0; try < 200; try++ {
		port := 10000 + rand.Intn(low-10000)
		if !taken[port] && portFree(port) == nil {
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port between 10000 and %d on 127.0.0.1", low)
}

// ephemeralLow is the first port of the kernel's ephemeral range.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil && n > 11000 {
				return n
			}
		}
	}
	return 32768
}

// portFree refuses a port something else listens on: a health check could
// otherwise talk to another etcd or API server.
func portFree(port int) error {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("port %d on 127.0.0.1 is taken; refusing to share it: %w", port, err)
	}
	return l.Close()
}

// waitPortFree waits for a port a killed server held to be free again.
func waitPortFree(ctx context.Context, port int, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		err := portFree(port)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

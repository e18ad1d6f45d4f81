// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// netnsDir is where `ip netns` keeps its named network namespaces.
const netnsDir = "/run/netns"

// wasmCacheDir is where Envoy Gateway, when it runs on Kubernetes, caches
// Wasm modules (a fixed path).
const wasmCacheDir = "/var/lib/eg"

// Supported says why this machine cannot run controllers: they need root
// (network and mount namespaces) and iproute2's `ip`. It creates and deletes
// a probe network namespace, so a container without CAP_SYS_ADMIN is caught
// here rather than halfway through Start.
func Supported() error {
	if os.Geteuid() != 0 {
		return errors.New("running Envoy Gateway controllers needs root (network and mount namespaces)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return errors.New("running Envoy Gateway controllers needs iproute2's ip (apt-get install -y iproute2)")
	}
	probe := fmt.Sprintf("egbed-probe-%d", os.Getpid())
	if err := ip("netns", "add", probe); err != nil {
		return fmt.Errorf("cannot create network namespaces here: %w", err)
	}
	return delNetns(probe)
}

// addNetns creates a network namespace with its loopback interface up and
// nothing else: the controller can reach only what is forwarded into it.
func addNetns(name string) error {
	if err := ip("netns", "add", name); err != nil {
		return err
	}
	if err := ip("-n", name, "link", "set", "lo", "up"); err != nil {
		_ = delNetns(name)
		return err
	}
	return nil
}

// delNetns deletes a network namespace; one that does not exist is fine.
func delNetns(name string) error {
	if _, err := os.Stat(netnsDir + "/" + name); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return ip("netns", "del", name)
}

func ip(args ...string) error {
	var out bytes.Buffer
	cmd := exec.Command("ip", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// init keeps the main goroutine on the main thread (an init function's
// LockOSThread does that), so the namespace goroutine below can never get
// the main thread: /proc/self describes the main thread, and it must keep
// showing the host's namespaces to anything that reads it.
func init() { runtime.LockOSThread() }

// nsThread is one OS thread that has joined the controller's network
// namespace and a private mount namespace in which the controller's
// certificates are bound at /certs and /var/lib/eg is a tmpfs. Work that must happen inside (listening
// for the forwarder, starting envoy-gateway, probing it) runs on it.
//
// Namespaces belong to threads, not processes: the goroutine locks itself to
// its thread and never unlocks, so when it returns the Go runtime discards
// the thread instead of reusing it for other goroutines. Threads the runtime
// creates later are cloned from a clean template thread, so the rest of the
// process stays in the root namespaces.
type nsThread struct {
	work chan func()
	done chan struct{}
}

func enterNamespaces(netns, certs string) (*nsThread, error) {
	// The mounts need mount points. An empty /certs and /var/lib/eg on the
	// host are the only traces left outside the private mount namespace.
	for _, d := range []string{"/certs", wasmCacheDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	t := &nsThread{work: make(chan func()), done: make(chan struct{})}
	ready := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer close(t.done)
		if err := joinNamespaces(netns, certs); err != nil {
			ready <- err
			return
		}
		ready <- nil
		for f := range t.work {
			f()
		}
	}()
	if err := <-ready; err != nil {
		return nil, err
	}
	return t, nil
}

// joinNamespaces moves the calling (locked) thread into a new private mount
// namespace with certs bound read-only at /certs, then into the network
// namespace netns.
func joinNamespaces(netns, certs string) error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return fmt.Errorf("unshare mount namespace: %w", err)
	}
	// Private, so the bind below never propagates to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make / private: %w", err)
	}
	if err := unix.Mount(certs, "/certs", "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind %s at /certs: %w", certs, err)
	}
	if err := unix.Mount("", "/certs", "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		return fmt.Errorf("make /certs read-only: %w", err)
	}
	if err := unix.Mount("tmpfs", wasmCacheDir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=64m,mode=0755"); err != nil {
		return fmt.Errorf("mount a tmpfs at %s: %w", wasmCacheDir, err)
	}
	fd, err := unix.Open(netnsDir+"/"+netns, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open network namespace %s: %w", netns, err)
	}
	defer unix.Close(fd)
	if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
		return fmt.Errorf("join network namespace %s: %w", netns, err)
	}
	return nil
}

// do runs f on the namespace thread and returns its error.
func (t *nsThread) do(f func() error) error {
	errc := make(chan error, 1)
	select {
	case t.work <- func() { errc <- f() }:
	case <-t.done:
		return errors.New("namespace thread has ended")
	}
	return <-errc
}

// dialContext opens a connection inside the network namespace: the socket
// is created on the namespace thread and, once created, belongs to that
// namespace whichever thread uses it.
func (t *nsThread) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var conn net.Conn
	err := t.do(func() error {
		var err error
		conn, err = (&net.Dialer{}).DialContext(ctx, network, addr)
		return err
	})
	return conn, err
}

// close ends the namespace thread.
func (t *nsThread) close() {
	close(t.work)
	<-t.done
}

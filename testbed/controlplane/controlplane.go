// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package controlplane runs a real Kubernetes control plane (etcd,
// kube-apiserver, kube-controller-manager) on loopback for the provider's
// tests and demo, on machines with no container engine.
//
// The processes are started in their own sessions so that they outlive the
// command that started them; their PIDs and ports are kept in state.json in
// the control plane's directory, and Stop ends exactly those PIDs. There is no
// kubelet: pods never run.
package controlplane

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Version is the Kubernetes version the test bed builds (testbed/kube/go.mod).
const Version = "v1.37.2"

// Options say where the binaries are and which ports to use. A zero port means
// "pick a free one"; a port that is taken is refused, never shared.
type Options struct {
	Dir           string // state, data, PKI, logs and kubeconfig live here
	BinDir        string // etcd, kube-apiserver, kube-controller-manager, kubectl
	EtcdPort      int
	EtcdPeerPort  int
	APIServerPort int
	CMPort        int
	ReadyTimeout  time.Duration // default 90s
}

// Plane is a running (or stopped) control plane described by its state file.
type Plane struct {
	Dir    string `json:"dir"`
	BinDir string `json:"binDir"`
	Ports  struct {
		Etcd, EtcdPeer, APIServer, ControllerManager int
	} `json:"ports"`
	PIDs struct {
		Etcd, APIServer, ControllerManager int
	} `json:"pids"`
}

// Kubeconfig is the admin kubeconfig (system:masters).
func (p *Plane) Kubeconfig() string { return filepath.Join(p.Dir, "kubeconfig") }

// Server is the API server's URL.
func (p *Plane) Server() string { return fmt.Sprintf("https://127.0.0.1:%d", p.Ports.APIServer) }

// Start lays out the PKI, starts etcd, kube-apiserver and
// kube-controller-manager, and returns once /readyz answers ok.
func Start(ctx context.Context, o Options) (*Plane, error) {
	if o.ReadyTimeout == 0 {
		o.ReadyTimeout = 90 * time.Second
	}
	dir, err := freshDir(o)
	if err != nil {
		return nil, err
	}
	if err := o.choosePorts(); err != nil {
		return nil, err
	}
	p := &Plane{Dir: dir, BinDir: o.BinDir}
	p.Ports.Etcd, p.Ports.EtcdPeer, p.Ports.APIServer, p.Ports.ControllerManager =
		o.EtcdPort, o.EtcdPeerPort, o.APIServerPort, o.CMPort
	if err := writePKI(dir); err != nil {
		return nil, fmt.Errorf("generate PKI: %w", err)
	}
	if err := p.writeKubeconfigs(); err != nil {
		return nil, err
	}
	if err := p.writeAuditPolicy(); err != nil {
		return nil, err
	}
	if err := p.startProcesses(ctx, o.ReadyTimeout); err != nil {
		_ = p.Stop()
		return nil, err
	}
	return p, nil
}

// freshDir refuses to start over a control plane that still runs, checks
// the binaries, and empties the directory o.Dir names (made absolute).
func freshDir(o Options) (string, error) {
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return "", err
	}
	if old, err := Load(dir); err == nil && old.running() {
		return "", fmt.Errorf("a control plane from %s is still running (pids %d %d %d): stop it first",
			dir, old.PIDs.Etcd, old.PIDs.APIServer, old.PIDs.ControllerManager)
	}
	for _, bin := range []string{"etcd", "kube-apiserver", "kube-controller-manager"} {
		if _, err := os.Stat(filepath.Join(o.BinDir, bin)); err != nil {
			return "", fmt.Errorf("missing %s in %s (run testbed/build.sh kube): %w", bin, o.BinDir, err)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	for _, d := range []string{dir, filepath.Join(dir, "etcd"), filepath.Join(dir, "logs")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// choosePorts picks a free port for each one left at zero and refuses one
// that is set but taken.
func (o *Options) choosePorts() (err error) {
	taken := map[int]bool{}
	for _, port := range []*int{&o.EtcdPort, &o.EtcdPeerPort, &o.APIServerPort, &o.CMPort} {
		if *port == 0 {
			if *port, err = freePort(taken); err != nil {
				return err
			}
		} else if err := portFree(*port); err != nil {
			return err
		}
		taken[*port] = true
	}
	return nil
}

// startProcesses starts etcd, kube-apiserver and kube-controller-manager in
// turn, each once the one before answers its health check, and records
// their PIDs in the state file.
func (p *Plane) startProcesses(ctx context.Context, timeout time.Duration) (err error) {
	if p.PIDs.Etcd, err = p.spawn("etcd", p.etcdArgs()); err != nil {
		return err
	}
	if err := p.save(); err != nil {
		return err
	}
	if err := waitHTTP(ctx, timeout, p.PIDs.Etcd, fmt.Sprintf("http://127.0.0.1:%d/health", p.Ports.Etcd), nil); err != nil {
		return fmt.Errorf("etcd: %w (see %s)", err, p.logFile("etcd"))
	}
	if err := p.startAPIServer(ctx, timeout); err != nil {
		return err
	}
	if p.PIDs.ControllerManager, err = p.spawn("kube-controller-manager", p.controllerManagerArgs()); err != nil {
		return err
	}
	if err := p.save(); err != nil {
		return err
	}
	// Its serving certificate is self-signed at start; the PID check inside
	// waitHTTP is what makes sure the answer comes from our process.
	insecure := &tls.Config{InsecureSkipVerify: true} //nolint:gosec // loopback health check of our own child
	cmHealth := fmt.Sprintf("https://127.0.0.1:%d/healthz", p.Ports.ControllerManager)
	if err := waitHTTP(ctx, timeout, p.PIDs.ControllerManager, cmHealth, insecure); err != nil {
		return fmt.Errorf("kube-controller-manager: %w (see %s)", err, p.logFile("kube-controller-manager"))
	}
	return nil
}

// Load reads the state of a control plane started in dir.
func Load(dir string) (*Plane, error) {
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return nil, err
	}
	p := &Plane{}
	if err := json.Unmarshal(b, p); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "state.json"), err)
	}
	return p, nil
}

// Stop ends the processes this control plane started, newest first, and
// waits for them to exit. Data stays in Dir.
func (p *Plane) Stop() error {
	var errs []error
	for _, pid := range []*int{&p.PIDs.ControllerManager, &p.PIDs.APIServer, &p.PIDs.Etcd} {
		if err := stopPID(*pid); err != nil {
			errs = append(errs, err)
		}
		*pid = 0
	}
	if err := p.save(); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// KillAPIServer ends the API server abruptly (SIGKILL), as a crash would.
func (p *Plane) KillAPIServer() error {
	if p.PIDs.APIServer == 0 {
		return nil
	}
	if err := syscall.Kill(p.PIDs.APIServer, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	waitExit(p.PIDs.APIServer, 10*time.Second)
	p.PIDs.APIServer = 0
	return p.save()
}

// RestartAPIServer stops the API server (if running) and starts it again on
// the same port with the same etcd data, returning once it is ready.
func (p *Plane) RestartAPIServer(ctx context.Context) error {
	if err := stopPID(p.PIDs.APIServer); err != nil {
		return err
	}
	p.PIDs.APIServer = 0
	if err := waitPortFree(ctx, p.Ports.APIServer, 30*time.Second); err != nil {
		return err
	}
	return p.startAPIServer(ctx, 90*time.Second)
}

func (p *Plane) startAPIServer(ctx context.Context, timeout time.Duration) error {
	var err error
	if p.PIDs.APIServer, err = p.spawn("kube-apiserver", p.apiServerArgs()); err != nil {
		return err
	}
	if err := p.save(); err != nil {
		return err
	}
	tlsConf, err := p.adminTLS()
	if err != nil {
		return err
	}
	// Readiness is checked with our own CA and client certificate, so an API
	// server that is not ours can never pass for ready.
	if err := waitHTTP(ctx, timeout, p.PIDs.APIServer, p.Server()+"/readyz", tlsConf); err != nil {
		return fmt.Errorf("kube-apiserver: %w (see %s)", err, p.logFile("kube-apiserver"))
	}
	return nil
}

func (p *Plane) running() bool {
	for _, pid := range []int{p.PIDs.Etcd, p.PIDs.APIServer, p.PIDs.ControllerManager} {
		if alive(pid) {
			return true
		}
	}
	return false
}

func (p *Plane) save() error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if _, err := os.Stat(p.Dir); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(p.Dir, "state.json"), b, 0o600)
}

func (p *Plane) file(name string) string    { return filepath.Join(p.Dir, name) }
func (p *Plane) logFile(name string) string { return filepath.Join(p.Dir, "logs", name+".log") }

// spawn starts a binary in its own session, logging to logs/<name>.log.
func (p *Plane) spawn(name string, args []string) (int, error) {
	log, err := os.OpenFile(p.logFile(name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return 0, err
	}
	defer log.Close()
	cmd := exec.Command(filepath.Join(p.BinDir, name), args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Dir = p.Dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s: %w", name, err)
	}
	// Reap the child when it exits so it never lingers as a zombie while we live.
	go func() { _ = cmd.Wait() }()
	return cmd.Process.Pid, nil
}

func (p *Plane) adminTLS() (*tls.Config, error) {
	pool := x509.NewCertPool()
	ca, err := os.ReadFile(p.file("ca.crt"))
	if err != nil {
		return nil, err
	}
	pool.AppendCertsFromPEM(ca)
	cert, err := tls.LoadX509KeyPair(p.file("admin.crt"), p.file("admin.key"))
	if err != nil {
		return nil, err
	}
	return &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// waitHTTP polls url until it answers 200, the process dies, or time runs out.
func waitHTTP(ctx context.Context, timeout time.Duration, pid int, url string, tlsConf *tls.Config) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConf}}
	var last error
	for {
		if !alive(pid) {
			return fmt.Errorf("process %d exited before it was ready (last check: %v)", pid, last)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("%s answered %s", url, resp.Status)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready after %s: %v", timeout, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	// A zombie still answers signal 0; read its state to tell.
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	for i := len(b) - 1; i > 0; i-- {
		if b[i] == ')' && i+2 < len(b) {
			return b[i+2] != 'Z'
		}
	}
	return true
}

func stopPID(pid int) error {
	if !alive(pid) {
		return nil
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	if waitExit(pid, 20*time.Second) {
		return nil
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	if !waitExit(pid, 10*time.Second) {
		return fmt.Errorf("process %d did not exit", pid)
	}
	return nil
}

func waitExit(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return !alive(pid)
}

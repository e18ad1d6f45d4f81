// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package controller runs one tenant's Envoy Gateway controller out of
// cluster, against the test bed's control plane (or any cluster whose API
// server listens on loopback, such as kind), so that tests can compare what
// the real controller concludes with what the provider's translator predicts.
//
// Each controller runs:
//
//   - with the configuration its tenant's Helm release rendered (the
//     envoy-gateway-config ConfigMap), with the topology injector webhook
//     turned off: nothing could call it;
//   - as its tenant's ServiceAccount, with a token from the TokenRequest
//     API, so the chart's RBAC applies as it would in the cluster;
//   - in its own network namespace, because Envoy Gateway binds fixed ports
//     (8080, 8081, 9443, 18000, 18002, 19000, 19001). The namespace has only
//     a loopback interface; the API server is reached through a forwarder
//     that listens on the API server's own loopback address inside the
//     namespace and connects to it in the root namespace. The controller can
//     reach nothing else: no routes, no other interfaces;
//   - in a private mount namespace where /certs holds certificates made by
//     `envoy-gateway certgen --local` (Envoy Gateway reads them from that
//     fixed path), and /var/lib/eg, where it caches Wasm modules, is a
//     private tmpfs. The same certificates become the Secrets the chart's
//     certgen hook would create in the tenant's namespace (the test bed
//     installs charts with hooks off: the Job could not run).
//
// Start runs the controller as a child of the calling process (tests stop it
// with t.Cleanup); egbed's `controller up` runs Start in a detached process
// of its own so that the controller outlives the command. Either way the
// state (PIDs, network namespace) is kept in state.json in the controller's
// directory, and Stop or Cleanup end exactly those PIDs. Root and iproute2
// are required; Supported says why a machine cannot run controllers.
package controller

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Version is the Envoy Gateway release testbed/build.sh builds.
const Version = "v1.9.1"

// BinaryEnv names the directory testbed/build.sh put envoy-gateway in;
// testbed/acc.sh exports it.
const BinaryEnv = "EG_GATEWAY_BIN"

// Options say which tenant's controller to run and where.
type Options struct {
	// Dir holds the configuration, certificates, kubeconfig, log and state.
	Dir string
	// Binary is the envoy-gateway executable.
	Binary string
	// Kubeconfig is an admin kubeconfig of the cluster: it reads the
	// tenant's rendered configuration and mints the controller's token. Its
	// server must be a loopback address. Empty means KUBECONFIG.
	Kubeconfig string
	// Namespace is the tenant's namespace: its release's envoy-gateway-config
	// ConfigMap and ServiceAccount live there, and the controller runs with
	// ENVOY_GATEWAY_NAMESPACE set to it.
	Namespace string
	// ServiceAccount the controller runs as; default "envoy-gateway", the
	// chart's.
	ServiceAccount string
	// ReadyTimeout bounds the wait for the controller's readiness probe;
	// default 90s.
	ReadyTimeout time.Duration
}

// Controller is one running Envoy Gateway controller.
type Controller struct {
	opts   Options
	state  State
	ns     *nsThread
	fwd    *forwarder
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // the child's exit status, once exited is closed
}

// Start prepares the controller's files, creates its network namespace and
// starts envoy-gateway in it, returning once its readiness probe answers.
// On error everything it created is removed again.
func Start(ctx context.Context, o Options) (c *Controller, err error) {
	if err := o.prepare(); err != nil {
		return nil, err
	}
	target, certs, err := o.writeFiles(ctx)
	if err != nil {
		return nil, err
	}
	c = &Controller{opts: o, exited: make(chan struct{})}
	c.state = State{Dir: o.Dir, Netns: netnsName(o.Dir), Owner: os.Getpid(), Binary: o.Binary, Namespace: o.Namespace}
	defer func() {
		if err != nil {
			_ = c.Stop()
		}
	}()
	if err := c.launch(target, certs); err != nil {
		return c, err
	}
	if err := c.waitReady(ctx); err != nil {
		return c, fmt.Errorf("envoy-gateway for %s: %w (see %s)", o.Namespace, err, c.LogFile())
	}
	c.state.Ready = true
	return c, c.save()
}

// prepare fills in the defaults, checks the options and makes a clean
// directory for the controller's files.
func (o *Options) prepare() (err error) {
	if err := Supported(); err != nil {
		return err
	}
	if o.ServiceAccount == "" {
		o.ServiceAccount = "envoy-gateway"
	}
	if o.ReadyTimeout == 0 {
		o.ReadyTimeout = 90 * time.Second
	}
	if o.Namespace == "" {
		return errors.New("controller: Namespace (the tenant's namespace) is required")
	}
	if _, err := os.Stat(o.Binary); err != nil {
		return fmt.Errorf("controller: envoy-gateway binary (run testbed/build.sh eg): %w", err)
	}
	if o.Dir, err = filepath.Abs(o.Dir); err != nil {
		return err
	}
	if err := Cleanup(o.Dir); err != nil { // what a crashed run left behind
		return err
	}
	for _, d := range []string{o.Dir, filepath.Join(o.Dir, "logs")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	return nil
}

// writeFiles writes the controller's configuration, kubeconfig and
// certificates, and returns the API server's loopback address and the
// certificates' directory.
func (o Options) writeFiles(ctx context.Context) (target, certs string, err error) {
	admin, err := loadAdmin(o.Kubeconfig)
	if err != nil {
		return "", "", err
	}
	if target, err = loopbackTarget(admin.Host); err != nil {
		return "", "", err
	}
	kube, err := kubernetes.NewForConfig(admin)
	if err != nil {
		return "", "", err
	}
	if err := writeConfig(ctx, kube, o.Namespace, o.file("envoy-gateway.yaml")); err != nil {
		return "", "", err
	}
	if err := writeKubeconfig(ctx, kube, admin, o.Namespace, o.ServiceAccount, o.file("kubeconfig")); err != nil {
		return "", "", err
	}
	if certs, err = generateCerts(ctx, o.Binary, o.Namespace, o.file("home")); err != nil {
		return "", "", err
	}
	if err := ensureCertSecrets(ctx, kube, o.Namespace, o.file("home")); err != nil {
		return "", "", err
	}
	return target, certs, nil
}

// launch creates the network namespace, forwards the API server into it
// and starts envoy-gateway there, recording each step in the state file so
// that Cleanup can undo it from another process.
func (c *Controller) launch(target, certs string) (err error) {
	if err := addNetns(c.state.Netns); err != nil {
		return err
	}
	if err := c.save(); err != nil {
		return err
	}
	if c.ns, err = enterNamespaces(c.state.Netns, certs); err != nil {
		return err
	}
	if c.fwd, err = startForwarder(c.ns, target); err != nil {
		return err
	}
	if err := c.startChild(); err != nil {
		return err
	}
	return c.save()
}

func (o Options) file(name string) string { return filepath.Join(o.Dir, name) }

// LogFile is where the controller's output goes.
func (c *Controller) LogFile() string { return filepath.Join(c.opts.Dir, "logs", "envoy-gateway.log") }

// State returns what Cleanup needs to stop this controller from another
// process.
func (c *Controller) State() State { return c.state }

// Exited is closed when the controller process ends; Err then says how.
func (c *Controller) Exited() <-chan struct{} { return c.exited }

// Err is the controller process's exit error, valid once Exited is closed.
func (c *Controller) Err() error { return c.err }

// startChild starts envoy-gateway from the thread that sits in the
// controller's namespaces: a child inherits the namespaces of the thread
// that forks it.
func (c *Controller) startChild() error {
	log, err := os.OpenFile(c.LogFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.Command(c.opts.Binary, "server", "--config-path", c.opts.file("envoy-gateway.yaml"))
	cmd.Env = append(os.Environ(),
		"KUBECONFIG="+c.opts.file("kubeconfig"),
		"ENVOY_GATEWAY_NAMESPACE="+c.opts.Namespace,
		"HOME="+c.opts.file("home"), // anything it caches stays in Dir
	)
	cmd.Dir = c.opts.Dir
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid: true,
		// The namespace thread lives as long as this Controller, so the
		// signal comes when the process that owns the controller dies
		// without stopping it (a test binary killed by its timeout).
		Pdeathsig: syscall.SIGTERM,
	}
	if err := c.ns.do(cmd.Start); err != nil {
		return fmt.Errorf("start envoy-gateway: %w", err)
	}
	c.cmd = cmd
	c.state.PID = cmd.Process.Pid
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()
	return nil
}

// waitReady polls the controller's readiness probe (:8081/readyz inside its
// network namespace).
func (c *Controller) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.opts.ReadyTimeout)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: c.ns.dialContext, DisableKeepAlives: true}}
	var last error
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:8081/readyz", nil)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("readyz answered %s", resp.Status)
		}
		last = err
		select {
		case <-c.exited:
			return fmt.Errorf("exited before it was ready: %v", c.err)
		case <-ctx.Done():
			return fmt.Errorf("not ready after %s: %v", c.opts.ReadyTimeout, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// Stop ends the controller (SIGTERM, then SIGKILL after 20s), the forwarder
// and the namespace thread, and deletes the network namespace. It is safe to
// call more than once and on a partly started Controller.
func (c *Controller) Stop() error {
	var errs []error
	if c.cmd != nil && c.cmd.Process != nil {
		select {
		case <-c.exited:
		default:
			_ = c.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-c.exited:
			case <-time.After(20 * time.Second):
				_ = c.cmd.Process.Kill()
				<-c.exited
			}
		}
	}
	if c.fwd != nil {
		c.fwd.close()
		c.fwd = nil
	}
	if c.ns != nil {
		c.ns.close()
		c.ns = nil
	}
	if c.state.Netns != "" {
		if err := delNetns(c.state.Netns); err != nil {
			errs = append(errs, err)
		}
	}
	c.state.PID = 0
	c.state.Netns = ""
	if err := os.Remove(c.opts.file("state.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// loadAdmin reads the admin kubeconfig (path, or KUBECONFIG when empty).
func loadAdmin(path string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if path != "" {
		rules.ExplicitPath = path
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("controller: load kubeconfig: %w", err)
	}
	return cfg, nil
}

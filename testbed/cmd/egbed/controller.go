// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/egplatform/terraform-provider-eg/testbed/controller"
)

// controllerMain runs `egbed controller up|run|down|status`:
//
//	egbed controller up       -dir DIR -namespace NS -bin DIR [-kubeconfig FILE]
//	egbed controller down     -dir DIR
//	egbed controller status   -dir DIR
//	egbed controller up-all   -dir ROOT -bin DIR [-kubeconfig FILE]
//	egbed controller down-all -dir ROOT
//	egbed controller report   [-kubeconfig FILE] [-settle 30s]
//
// up-all starts a controller, in ROOT/<namespace>, for every tenant release
// in the cluster that has none running yet; down-all stops them all. report
// prints the classes' and Gateways' conditions.
//
// `up` starts `egbed controller run` in a session of its own (it owns the
// controller and forwards its API traffic, so it must outlive `up`) and
// returns once the controller is ready. `down` stops exactly what the
// directory's state.json records.
func controllerMain(args []string) error {
	if len(args) < 1 {
		usage()
	}
	cmd := args[0]
	fs := flag.NewFlagSet("controller "+cmd, flag.ExitOnError)
	dir := fs.String("dir", "", "controller directory (config, certificates, kubeconfig, logs, state)")
	ns := fs.String("namespace", "", "the tenant's namespace (its release's envoy-gateway-config and ServiceAccount)")
	bin := fs.String("bin", os.Getenv(controller.BinaryEnv), "directory holding envoy-gateway (testbed/build.sh eg)")
	kubeconfig := fs.String("kubeconfig", os.Getenv("KUBECONFIG"), "admin kubeconfig of the cluster")
	settle := fs.Duration("settle", 0, "report: first wait up to this long for the statuses to stop changing")
	_ = fs.Parse(args[1:])
	if cmd == "report" {
		return controllerReport(*kubeconfig, *settle)
	}
	if *dir == "" {
		return errors.New("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	opts := controller.Options{Dir: abs, Binary: filepath.Join(*bin, "envoy-gateway"), Kubeconfig: *kubeconfig, Namespace: *ns}

	switch cmd {
	case "up":
		return controllerUp(opts)
	case "run":
		return controllerRun(opts)
	case "down":
		return controller.Cleanup(abs)
	case "up-all":
		return controllerUpAll(opts)
	case "down-all":
		return controllerDownAll(abs)
	case "status":
		s, err := controller.Load(abs)
		if err != nil {
			return err
		}
		fmt.Printf("tenant %s\nnetns %s\nenvoy-gateway pid %d (running: %v, ready: %v)\nowner pid %d\nlog %s\n",
			s.Namespace, s.Netns, s.PID, s.Running(), s.Ready, s.Owner, filepath.Join(abs, "logs", "envoy-gateway.log"))
	default:
		usage()
	}
	return nil
}

func controllerUp(o controller.Options) error {
	if o.Namespace == "" {
		return errors.New("-namespace is required")
	}
	if err := controller.Supported(); err != nil {
		return err
	}
	if err := controller.Cleanup(o.Dir); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(o.Dir, "logs"), 0o700); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	log, err := os.OpenFile(filepath.Join(o.Dir, "logs", "egbed-run.log"), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer log.Close()
	run := exec.Command(self, "controller", "run", "-dir", o.Dir, "-namespace", o.Namespace,
		"-bin", filepath.Dir(o.Binary), "-kubeconfig", o.Kubeconfig)
	run.Stdout, run.Stderr = log, log
	run.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := run.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- run.Wait() }()
	deadline := time.After(3 * time.Minute)
	for {
		if s, err := controller.Load(o.Dir); err == nil && s.Ready && s.Owner == run.Process.Pid {
			fmt.Fprintf(os.Stderr, "envoy-gateway %s for tenant %s ready (pid %d, network namespace %s, owner pid %d)\n",
				controller.Version, o.Namespace, s.PID, s.Netns, s.Owner)
			fmt.Println(filepath.Join(o.Dir, "logs", "envoy-gateway.log"))
			return nil
		}
		select {
		case err := <-exited:
			b, _ := os.ReadFile(log.Name())
			return fmt.Errorf("controller run exited (%v):\n%s", err, b)
		case <-deadline:
			_ = controller.Cleanup(o.Dir)
			return fmt.Errorf("controller not ready after 3m; see %s", log.Name())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// controllerRun owns one controller until SIGTERM or SIGINT, or until the
// controller exits on its own.
func controllerRun(o controller.Options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := controller.Start(ctx, o)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return c.Stop()
	case <-c.Exited():
		err := c.Err()
		return errors.Join(fmt.Errorf("envoy-gateway exited: %v", err), c.Stop())
	}
}

// controllerUpAll runs a controller for every tenant release found.
func controllerUpAll(o controller.Options) error {
	cfg, err := clientcmd.BuildConfigFromFlags("", o.Kubeconfig)
	if err != nil {
		return err
	}
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	tenants, err := controller.Tenants(context.Background(), kube)
	if err != nil {
		return err
	}
	root := o.Dir
	for _, ns := range tenants {
		o.Dir, o.Namespace = filepath.Join(root, ns), ns
		if s, err := controller.Load(o.Dir); err == nil && s.Running() {
			continue
		}
		if err := controllerUp(o); err != nil {
			return fmt.Errorf("tenant %s: %w", ns, err)
		}
	}
	return nil
}

// controllerDownAll stops every controller started under root.
func controllerDownAll(root string) error {
	states, err := filepath.Glob(filepath.Join(root, "*", "state.json"))
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range states {
		errs = append(errs, controller.Cleanup(filepath.Dir(s)))
	}
	return errors.Join(errs...)
}

// controllerReport prints the report; with settle > 0 it first waits until
// two reports three seconds apart are the same (controllers write statuses
// a few seconds after they start), or settle has passed.
func controllerReport(kubeconfig string, settle time.Duration) error {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	render := func() (string, error) {
		var b strings.Builder
		err := controller.Report(context.Background(), dyn, &b)
		return b.String(), err
	}
	out, err := render()
	for deadline := time.Now().Add(settle); err == nil && time.Now().Before(deadline); {
		time.Sleep(3 * time.Second)
		var again string
		if again, err = render(); err == nil && again == out {
			break
		}
		out = again
	}
	if err != nil {
		return err
	}
	fmt.Print(out)
	return nil
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Command xdsdump prints the route table an Envoy Gateway controller serves
// to the Envoy fleet of a Gateway: listener port, virtual host domains,
// route match, destination cluster, the backend Service and its endpoints.
// It fetches them over xDS as one of the fleet's Envoys would (see package
// testbed/xds): the test bed runs no Envoy.
//
//	xdsdump -gateway eg-merged/merged1 -controller .testbed/demo/controllers/eg-merged
//	xdsdump -route eg-merged/example -controllers .testbed/demo/controllers
//	xdsdump -gateway NS/NAME -addr 127.0.0.1:18000   # e.g. through kubectl port-forward
//
// -route prints the table of the fleet of each Gateway the HTTPRoute names
// as parent.
// -controller names the directory of a test bed controller (egbed
// controller up -dir), -controllers the directory of one per tenant
// namespace (egbed controller up-all -dir; the fleet's namespace picks
// one): a test bed controller's xDS server listens only inside its network
// namespace, which xdsdump enters to connect (root needed).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/egplatform/terraform-provider-eg/testbed/controller"
	"github.com/egplatform/terraform-provider-eg/testbed/xds"
)

type options struct {
	gateway, route, controllerDir, controllersDir, addr, kubeconfig string
	timeout, settle                                                 time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.gateway, "gateway", "", "the Gateway whose Envoy fleet to act as, NAMESPACE/NAME")
	flag.StringVar(&o.route, "route", "", "or the HTTPRoute whose parent Gateways' fleets to act as, NAMESPACE/NAME")
	flag.StringVar(&o.controllerDir, "controller", "", "directory of the test bed controller serving it (egbed controller up -dir)")
	flag.StringVar(&o.controllersDir, "controllers", "", "or a directory of test bed controllers, one per tenant namespace (egbed controller up-all -dir)")
	flag.StringVar(&o.addr, "addr", "", "the xDS server's address, when it is reachable from here (default: 127.0.0.1:18000 in the controller's network namespace)")
	flag.StringVar(&o.kubeconfig, "kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the cluster (to find the fleet and its certificates)")
	flag.DurationVar(&o.timeout, "timeout", 20*time.Second, "how long to wait for the server to send everything the listeners and clusters name")
	flag.DurationVar(&o.settle, "settle", 0, "fetch again until two tables in a row are the same, for up to this long")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "xdsdump: %v\n", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.addr == "" && (o.controllerDir == "") == (o.controllersDir == "") {
		return errors.New("one of -controller DIR, -controllers DIR (test bed controllers) and -addr HOST:PORT is required")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", o.kubeconfig)
	if err != nil {
		return fmt.Errorf("kubeconfig: %w", err)
	}
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	ctx := context.Background()
	gateways, err := targets(ctx, dyn, o)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, gw := range gateways {
		ns, name, _ := strings.Cut(gw, "/")
		fleet, err := xds.FleetOf(ctx, kube, dyn, ns, name)
		if err != nil {
			return err
		}
		if seen[fleet.Workload] {
			continue // merged Gateways share one fleet
		}
		seen[fleet.Workload] = true
		dial, addr, via, err := dialer(o, fleet.Namespace)
		if err != nil {
			return err
		}
		fmt.Printf("xDS served to the Envoy fleet of Gateway %s (%s): node cluster %q, delta ADS with the fleet's client certificate, %s\n",
			gw, fleet.Workload, fleet.Cluster, via)
		out, err := settled(ctx, dial, addr, fleet, o)
		if err != nil {
			return err
		}
		fmt.Print(out)
	}
	return nil
}

// targets are the Gateways -gateway or -route name.
func targets(ctx context.Context, dyn dynamic.Interface, o options) ([]string, error) {
	if (o.gateway == "") == (o.route == "") {
		return nil, errors.New("one of -gateway NAMESPACE/NAME and -route NAMESPACE/NAME is required")
	}
	ref := o.gateway + o.route
	ns, name, ok := strings.Cut(ref, "/")
	if !ok || ns == "" || name == "" {
		return nil, fmt.Errorf("%q is not NAMESPACE/NAME", ref)
	}
	if o.gateway != "" {
		return []string{o.gateway}, nil
	}
	return xds.RouteParents(ctx, dyn, ns, name)
}

// settled renders the table, again every 3s until two in a row are the same
// or -settle has passed.
func settled(ctx context.Context, dial xds.DialFunc, addr string, f *xds.Fleet, o options) (string, error) {
	out, err := render(ctx, dial, addr, f, o.timeout)
	for deadline := time.Now().Add(o.settle); err == nil && time.Now().Before(deadline); {
		time.Sleep(3 * time.Second)
		var again string
		if again, err = render(ctx, dial, addr, f, o.timeout); err == nil && again == out {
			break
		}
		out = again
	}
	return out, err
}

func render(ctx context.Context, dial xds.DialFunc, addr string, f *xds.Fleet, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rows, missing, err := xds.FetchTable(ctx, dial, addr, f)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = xds.Print(&b, rows, missing)
	return b.String(), err
}

// dialer connects either to -addr from here, or to the xDS port inside the
// network namespace of the test bed controller that serves fleets in
// namespace.
func dialer(o options, namespace string) (xds.DialFunc, string, string, error) {
	if o.addr != "" {
		d := &net.Dialer{}
		return func(ctx context.Context, addr string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) }, o.addr, "at " + o.addr, nil
	}
	dir := o.controllerDir
	if dir == "" {
		dir = filepath.Join(o.controllersDir, namespace)
	}
	s, err := controller.Load(dir)
	if err != nil {
		return nil, "", "", fmt.Errorf("no test bed controller for namespace %s in %s: %w", namespace, dir, err)
	}
	if !s.Running() {
		return nil, "", "", fmt.Errorf("the controller of %s in %s is not running", s.Namespace, dir)
	}
	if s.Namespace != namespace {
		return nil, "", "", fmt.Errorf("the controller in %s serves %s, not the fleet's namespace %s", dir, s.Namespace, namespace)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(controller.XDSPort))
	dial := func(ctx context.Context, addr string) (net.Conn, error) { return s.DialContext(ctx, "tcp", addr) }
	return dial, addr, fmt.Sprintf("at %s in network namespace %s (controller of %s)", addr, s.Netns, s.Namespace), nil
}

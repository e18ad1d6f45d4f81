// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Command egbed starts and stops the test bed's control plane, and the
// Envoy Gateway controllers of tenants (root and iproute2 needed).
//
//	egbed up      -dir .testbed -bin ~/.cache/terraform-provider-eg/kubernetes-v1.37.2
//	egbed down    -dir .testbed
//	egbed restart-apiserver -dir .testbed
//	egbed status  -dir .testbed
//	egbed controller up     -dir DIR -namespace TENANT_NS -bin ~/.cache/terraform-provider-eg/envoy-gateway-v1.9.1
//	egbed controller down   -dir DIR
//	egbed controller status -dir DIR
//	egbed chart   -dir DIR
//
// `up` prints the kubeconfig path on its last line; `controller up` the
// controller's log file; `chart` the directory of an installable copy of
// Envoy Gateway's chart it prepared from the Go module cache.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/testbed/controlplane"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd := os.Args[1]
	if cmd == "controller" {
		if err := controllerMain(os.Args[2:]); err != nil {
			fmt.Fprintf(os.Stderr, "egbed controller: %v\n", err)
			os.Exit(1)
		}
		return
	}
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	dir := fs.String("dir", ".testbed", "control plane directory (state, data, logs, kubeconfig)")
	bin := fs.String("bin", "", "directory with etcd, kube-apiserver, kube-controller-manager (up only)")
	apiPort := fs.Int("apiserver-port", 0, "kube-apiserver port (0: a free one)")
	etcdPort := fs.Int("etcd-port", 0, "etcd client port (0: a free one)")
	_ = fs.Parse(os.Args[2:])

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cmd, *dir, *bin, *apiPort, *etcdPort); err != nil {
		fmt.Fprintf(os.Stderr, "egbed %s: %v\n", cmd, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cmd, dir, bin string, apiPort, etcdPort int) error {
	switch cmd {
	case "up":
		if bin == "" {
			return fmt.Errorf("-bin is required")
		}
		p, err := controlplane.Start(ctx, controlplane.Options{Dir: dir, BinDir: bin, APIServerPort: apiPort, EtcdPort: etcdPort})
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "control plane %s ready at %s (etcd pid %d, kube-apiserver pid %d, kube-controller-manager pid %d)\n",
			controlplane.Version, p.Server(), p.PIDs.Etcd, p.PIDs.APIServer, p.PIDs.ControllerManager)
		fmt.Println(p.Kubeconfig())
	case "down":
		p, err := controlplane.Load(dir)
		if os.IsNotExist(err) {
			return nil
		} else if err != nil {
			return err
		}
		return p.Stop()
	case "restart-apiserver":
		p, err := controlplane.Load(dir)
		if err != nil {
			return err
		}
		return p.RestartAPIServer(ctx)
	case "chart":
		chart, err := kubetest.PrepareChart(dir)
		if err != nil {
			return err
		}
		fmt.Println(chart)
	case "status":
		p, err := controlplane.Load(dir)
		if err != nil {
			return err
		}
		fmt.Printf("server %s\nkubeconfig %s\npids etcd=%d kube-apiserver=%d kube-controller-manager=%d\n",
			p.Server(), p.Kubeconfig(), p.PIDs.Etcd, p.PIDs.APIServer, p.PIDs.ControllerManager)
	default:
		usage()
	}
	return nil
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: egbed up|down|restart-apiserver|status|chart [-dir DIR] [-bin DIR]")
	fmt.Fprintln(os.Stderr, "       egbed controller up|down|status -dir DIR [-namespace NS] [-bin DIR] [-kubeconfig FILE]")
	os.Exit(2)
}

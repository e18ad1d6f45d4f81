// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controlplane

import (
	"context"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// binDir is where testbed/build.sh put the Kubernetes binaries; acc.sh sets it.
func binDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("EG_KUBE_BIN")
	if os.Getenv("TF_ACC") == "" || dir == "" {
		t.Skip("needs the test bed's binaries: set TF_ACC=1 and EG_KUBE_BIN (make testacc does both)")
	}
	return dir
}

func start(t *testing.T, o Options) *Plane {
	t.Helper()
	p, err := Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Stop(); err != nil {
			t.Error(err)
		}
	})
	return p
}

func client(t *testing.T, p *Plane) kubernetes.Interface {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", p.Kubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	return kubernetes.NewForConfigOrDie(cfg)
}

func TestAccControlPlane_restartAPIServerKeepsData(t *testing.T) {
	p := start(t, Options{Dir: t.TempDir(), BinDir: binDir(t)})
	ctx := context.Background()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "survives-restart"}}
	if _, err := client(t, p).CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	oldPID := p.PIDs.APIServer
	if err := p.KillAPIServer(); err != nil {
		t.Fatal(err)
	}
	if alive(oldPID) {
		t.Fatalf("kube-apiserver %d still alive after kill", oldPID)
	}
	if _, err := client(t, p).CoreV1().Namespaces().Get(ctx, ns.Name, metav1.GetOptions{}); err == nil {
		t.Fatal("API server answered while killed")
	}
	if err := p.RestartAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	if p.PIDs.APIServer == oldPID || !alive(p.PIDs.APIServer) {
		t.Fatalf("restart did not start a new API server (old %d, new %d)", oldPID, p.PIDs.APIServer)
	}
	if _, err := client(t, p).CoreV1().Namespaces().Get(ctx, ns.Name, metav1.GetOptions{}); err != nil {
		t.Fatalf("namespace lost across restart: %v", err)
	}
	// The state file follows the new PID, so Stop ends the right process.
	loaded, err := Load(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.PIDs.APIServer != p.PIDs.APIServer {
		t.Fatalf("state.json has pid %d, running %d", loaded.PIDs.APIServer, p.PIDs.APIServer)
	}
}

func TestAccControlPlane_refusesTakenPort(t *testing.T) {
	bin := binDir(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v is not a TCP address", l.Addr())
	}
	taken := addr.Port
	for _, o := range []Options{
		{Dir: t.TempDir(), BinDir: bin, EtcdPort: taken},
		{Dir: t.TempDir(), BinDir: bin, APIServerPort: taken},
	} {
		p, err := Start(context.Background(), o)
		if err == nil {
			_ = p.Stop()
			t.Fatalf("Start with port %d taken succeeded", taken)
		}
		if !strings.Contains(err.Error(), "port "+strconv.Itoa(taken)+" on 127.0.0.1 is taken") {
			t.Fatalf("error does not name the taken port: %v", err)
		}
	}
}

func TestAccControlPlane_stopEndsEveryProcess(t *testing.T) {
	p, err := Start(context.Background(), Options{Dir: t.TempDir(), BinDir: binDir(t), ReadyTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	pids := []int{p.PIDs.Etcd, p.PIDs.APIServer, p.PIDs.ControllerManager}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d alive after Stop", pid)
		}
	}
	// A second Start in the same directory works: nothing is left holding it.
	start(t, Options{Dir: p.Dir, BinDir: p.BinDir})
}

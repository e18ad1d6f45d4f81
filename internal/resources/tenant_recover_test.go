// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/release"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/rest"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// Environment of the child process that runs a Helm operation to be killed.
const (
	envHelmChild     = "EG_TEST_HELM_CHILD" // install | upgrade
	envHelmChildName = "EG_TEST_HELM_CHILD_NAME"
	envHelmChart     = "EG_TEST_HELM_CHILD_CHART"
)

// TestHelmChild is not a test: it is the body of the child process that
// killedHelmOperation starts and kills mid-operation, as a killed apply would
// die. It does nothing unless the parent set its environment.
func TestHelmChild(t *testing.T) {
	op := os.Getenv(envHelmChild)
	if op == "" {
		t.Skip("runs only as a child of TestAccTenant_recoversKilledApply")
	}
	name := os.Getenv(envHelmChildName)
	ch, err := loader.Load(os.Getenv(envHelmChart))
	if err != nil {
		t.Fatal(err)
	}
	c := clients.New(clients.KubeSettings{ConfigPath: os.Getenv("KUBECONFIG")}, false, clients.ChartSettings{}, "child")
	spec := clients.ReleaseSpec{Name: "eg-" + name, Namespace: name, Chart: ch, DisableHooks: true, Timeout: time.Minute,
		Values: map[string]any{"commonLabels": map[string]any{"child": op}}}
	if op == "install" {
		_, err = c.Helm.Install(context.Background(), spec)
	} else {
		_, err = c.Helm.Upgrade(context.Background(), spec)
	}
	t.Logf("child %s finished: %v", op, err)
}

// killedHelmOperation runs a Helm install or upgrade in a child process and
// kills it (SIGKILL) as soon as the release record turns pending, which is
// what an apply killed mid-install leaves behind.
func killedHelmOperation(t *testing.T, cfg *rest.Config, op, name, chart string) {
	t.Helper()
	want := release.StatusPendingInstall
	if op == "upgrade" {
		want = release.StatusPendingUpgrade
	}
	for attempt := 1; attempt <= 3; attempt++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelmChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envHelmChild+"="+op, envHelmChildName+"="+name, envHelmChart+"="+chart)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ac := kubetest.HelmConfig(t, cfg, name)
		var seen release.Status
		_ = wait.PollUntilContextTimeout(context.Background(), 5*time.Millisecond, time.Minute, true, func(context.Context) (bool, error) {
			if rel, err := ac.Releases.Last("eg-" + name); err == nil && rel.Version >= 1 {
				seen = rel.Info.Status
			}
			return seen == want, nil
		})
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		rel, err := ac.Releases.Last("eg-" + name)
		if err == nil && rel.Info.Status == want {
			return
		}
		t.Logf("attempt %d: the child finished before it was killed (status %v); trying again", attempt, seen)
		if op == "install" {
			if err := clients.New(clients.KubeSettings{ConfigPath: os.Getenv("KUBECONFIG")}, false, clients.ChartSettings{}, "t").Helm.
				Uninstall(context.Background(), "eg-"+name, name, true, time.Minute); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Fatalf("could not leave release eg-%s %s", name, want)
}

// A killed apply leaves a pending release; the next apply recovers it
// instead of failing with "another operation is in progress".
func TestAccTenant_recoversKilledApply(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	name := acctest.RandomWithPrefix("killed")
	config := tenantProvider(chart) + tenantHCL("t", name, "", "")
	status := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			rel, err := kubetest.HelmConfig(t, cfg, name).Releases.Last("eg-" + name)
			if err != nil {
				return err
			}
			if string(rel.Info.Status) != want {
				return fmt.Errorf("release status %s, want %s", rel.Info.Status, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{name}, []string{name}),
		Steps: []resource.TestStep{
			{
				// An install killed half-way, before Terraform knew of the tenant.
				PreConfig: func() {
					if _, err := clients.New(clients.KubeSettings{ConfigPath: os.Getenv("KUBECONFIG")}, false, clients.ChartSettings{}, "t").Kube.
						EnsureNamespace(context.Background(), name, name+"/"+name); err != nil {
						t.Fatal(err)
					}
					killedHelmOperation(t, cfg, "install", name, chart)
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.t", tfjsonpath.New("status"), knownvalue.StringExact("deployed")),
				},
				Check: status("deployed"),
			},
			{
				// An upgrade killed half-way: the release is pending-upgrade.
				PreConfig: func() { killedHelmOperation(t, cfg, "upgrade", name, chart) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.t", tfjsonpath.New("status"), knownvalue.StringExact("deployed")),
				},
				Check: status("deployed"),
			},
			{
				// A pending upgrade whose process still runs (this test's,
				// as a concurrent apply's would) is left alone.
				PreConfig:   func() { markPending(t, cfg, name, os.Getpid()) },
				Config:      config,
				ExpectError: wrapped(`Another Helm operation is in progress.*by process ` + strconv.Itoa(os.Getpid())),
			},
			{
				// Untouched; once that process is gone, it is recovered.
				PreConfig: func() {
					if err := status("pending-upgrade")(nil); err != nil {
						t.Fatal(err)
					}
					markPending(t, cfg, name, deadPID(t))
				},
				Config: config,
				Check:  status("deployed"),
			},
		},
	})
}

// markPending leaves the newest revision pending-upgrade, started by process
// pid of this machine.
func markPending(t *testing.T, cfg *rest.Config, name string, pid int) {
	t.Helper()
	ac := kubetest.HelmConfig(t, cfg, name)
	rel, err := ac.Releases.Last("eg-" + name)
	if err != nil {
		t.Fatal(err)
	}
	rel.SetStatus(release.StatusPendingUpgrade, "left by the test")
	if rel.Labels == nil {
		rel.Labels = map[string]string{}
	}
	for k, v := range clients.OperationLabels(pid) {
		rel.Labels[k] = v
	}
	if err := ac.Releases.Update(rel); err != nil {
		t.Fatal(err)
	}
}

// deadPID is the PID of a process that has ended and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// A create whose install fails after writing (the API server refuses the
// chart's Deployment) is kept in the state, tainted, with the release Helm
// left failed: the destroy removes the release and the namespace the
// create made, instead of both staying behind with nothing in the state.
func TestAccTenant_failedCreateLeavesNothingBehind(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	name := acctest.RandomWithPrefix("failed")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{name}, []string{name}),
		Steps: []resource.TestStep{{
			Config:      tenantProvider(chart) + tenantHCL("t", name, "", `values = yamlencode({ deployment = { replicas = -1 } })`),
			ExpectError: wrapped(`Helm install failed`),
		}},
	})
}

// A create that fails before Helm writes a release (the chart cannot be
// loaded, after the namespace was made) stays in the state, tainted, as
// "not installed": a refresh keeps it instead of reporting it removed
// outside Terraform, the next apply replaces it, and the destroy removes
// the namespace the failed create made.
func TestAccTenant_failedBeforeReleaseIsKept(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	missing := t.TempDir() + "/no-chart-here"
	name := acctest.RandomWithPrefix("unloaded")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{name}, []string{name}),
		Steps: []resource.TestStep{{
			Config:      tenantProvider(missing) + tenantHCL("t", name, "", ""),
			ExpectError: wrapped(`Cannot load the Envoy Gateway chart`),
		}, {
			RefreshState:       true,
			ExpectNonEmptyPlan: true, // the tainted tenant is replaced
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("eg_tenant.t", "status", "not installed"),
				resource.TestCheckResourceAttr("eg_tenant.t", "revision", "0"),
				checkNamespacesExist(kube, name),
			),
		}, {
			Config: tenantProvider(chart) + tenantHCL("t", name, "", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("eg_tenant.t", tfjsonpath.New("status"), knownvalue.StringExact("deployed")),
				statecheck.ExpectKnownValue("eg_tenant.t", tfjsonpath.New("revision"), knownvalue.Int64Exact(1)),
			},
		}},
	})
}

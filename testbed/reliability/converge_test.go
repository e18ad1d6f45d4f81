// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/action"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// cluster holds the clients the checks read the cluster with.
type cluster struct {
	cfg  *rest.Config
	kube kubernetes.Interface
	dyn  dynamic.Interface
	// scope, when set, limits what the checks see and clean to the ids it
	// accepts, for a test that shares the cluster with other packages'.
	scope func(id string) bool
}

func newCluster(t testing.TB) cluster {
	t.Helper()
	cfg := kubetest.RESTConfig(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cluster{cfg: cfg, kube: kubetest.Kubernetes(t, cfg), dyn: dyn}
}

func (c cluster) inventory(ctx context.Context) (inventory, error) {
	var inv inventory
	// Right after an API server restart the first reads may fail.
	err := wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		var err error
		inv, err = c.read(ctx)
		return err == nil, nil
	})
	if err != nil {
		return c.read(ctx)
	}
	return inv, nil
}

// read lists what the cluster holds of ours, within the cluster's scope.
func (c cluster) read(ctx context.Context) (inventory, error) {
	inv, err := clusterInventory(ctx, c.kube, c.dyn)
	if c.scope != nil {
		inv = inv.only(c.scope)
	}
	return inv, err
}

// exampleWorkspace copies examples/<mode> into dir and inits it; vars are
// the test bed's settings for the example.
func exampleWorkspace(t testing.TB, mode, dir, chart string) (*workspace, []string) {
	t.Helper()
	files := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(moduleRoot(), "examples", mode, "*.tf"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = string(b)
	}
	if len(files) == 0 {
		t.Fatalf("no examples/%s", mode)
	}
	return newWorkspace(t, dir, files), []string{"-var", "test_bed=true", "-var", "chart_repository=" + chart}
}

// applyOutcome runs apply and says how it ended: "succeeded", or
// "failed: " and the error summaries.
func (w *workspace) applyOutcome(ctx context.Context, env []string, vars []string) (string, result) {
	r := w.runEnv(ctx, env, append([]string{"apply", "-json", "-auto-approve", "-input=false", "-no-color"}, vars...)...)
	return outcome(r), r
}

func outcome(r result) string {
	if r.err == nil {
		return "succeeded"
	}
	var sums []string
	for _, d := range streamDiagnostics(r.stdout) {
		if d.Severity == "error" {
			detail := strings.Join(strings.Fields(d.Detail), " ")
			if len(detail) > 400 {
				detail = detail[:400] + "…"
			}
			sums = append(sums, d.Summary+": "+detail)
		}
	}
	if len(sums) == 0 {
		sums = []string{firstLine(strings.TrimSpace(r.stderr + " " + r.err.Error()))}
	}
	return "failed: " + strings.Join(sums, " | ")
}

// convergence checks what a converged workspace must show: a plan with
// nothing to do, and the state and the cluster holding the same objects of
// ours with the same values. It returns the problems.
func convergence(ctx context.Context, w *workspace, c cluster, vars []string) []string {
	var problems []string
	plan := w.run(ctx, append([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"}, vars...)...)
	if plan.err != nil {
		problems = append(problems, "the next plan is not empty: "+planChanges(plan))
	}
	show := w.run(ctx, "show", "-json", "-no-color")
	if show.err != nil {
		return append(problems, "show -json: "+show.err.Error())
	}
	state, err := stateInventory(show.stdout)
	if err != nil {
		return append(problems, err.Error())
	}
	live, err := c.inventory(ctx)
	if err != nil {
		return append(problems, "read the cluster: "+err.Error())
	}
	return append(problems, differences(state, live)...)
}

// planChanges is the lines of a plan that say what would change.
func planChanges(r result) string {
	var out []string
	for _, line := range strings.Split(r.stdout, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "Plan:") || strings.HasPrefix(l, "Error:") {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return firstLine(r.stderr)
	}
	return strings.Join(out, "; ")
}

// destroyed destroys the workspace's objects and checks that nothing of
// ours is left (namespaces may take a while to terminate).
func destroyed(ctx context.Context, w *workspace, c cluster, vars []string) []string {
	r := w.run(ctx, append([]string{"destroy", "-auto-approve", "-input=false", "-no-color"}, vars...)...)
	if r.err != nil {
		return []string{"destroy failed: " + planChanges(r) + " " + firstLine(r.stderr)}
	}
	return leftovers(ctx, c)
}

// leftovers waits up to a minute for the cluster to hold nothing of ours,
// and says what is still there.
func leftovers(ctx context.Context, c cluster) []string {
	var (
		inv, last inventory
		err       error
		read      bool
	)
	deadline := time.Now().Add(90 * time.Second)
	for {
		if inv, err = c.read(ctx); err == nil {
			last, read = inv, true
			if inv.empty() {
				return nil
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	if !read {
		return []string{"cannot tell what is left: " + err.Error()}
	}
	return []string{"left behind: " + last.String()}
}

// startEmpty skips the test unless the cluster holds nothing of ours. On
// make testacc's own, disposable control plane (EG_ACC_DELETE_CRDS=1) it
// first removes what earlier packages left there (namespaces their tenants
// created and kept, as they must, for the objects Envoy Gateway's
// controller generated in them), so that the test runs in make test too.
func startEmpty(ctx context.Context, t *testing.T, c cluster) {
	t.Helper()
	if os.Getenv("EG_ACC_DELETE_CRDS") == "1" {
		if inv, err := c.inventory(ctx); err == nil && !inv.empty() {
			t.Logf("removing what earlier tests kept on this disposable control plane: %s", inv)
			forceClean(ctx, t, c)
		}
	}
	if left := leftovers(ctx, c); len(left) > 0 {
		t.Skipf("the cluster already holds objects of this provider (%v): the checks need it to hold only the test's", left)
	}
}

// forceClean removes whatever a failed run left of ours, so that the next
// run starts from an empty cluster: releases through the Helm SDK, then
// labelled objects and namespaces.
func forceClean(ctx context.Context, t testing.TB, c cluster) {
	t.Helper()
	inv, err := c.inventory(ctx)
	if err != nil {
		t.Logf("force clean: %v", err)
	}
	for id := range inv.releases {
		ns, name, _ := strings.Cut(id, "/")
		un := action.NewUninstall(helmConfig(t, ns))
		un.DisableHooks, un.IgnoreNotFound, un.Timeout = true, true, time.Minute
		if _, err := un.Run(name); err != nil {
			t.Logf("force clean: uninstall %s: %v", id, err)
		}
	}
	del := func(id string, r dynamic.NamespaceableResourceInterface) {
		ns, name, found := strings.Cut(id, "/")
		var err error
		if found {
			err = r.Namespace(ns).Delete(ctx, name, metav1.DeleteOptions{})
		} else {
			err = r.Delete(ctx, id, metav1.DeleteOptions{})
		}
		if err != nil && !apierrors.IsNotFound(err) {
			t.Logf("force clean: delete %s: %v", id, err)
		}
	}
	for id := range inv.gateways {
		del(id, c.dyn.Resource(gvrGateway))
	}
	for id := range inv.proxies {
		del(id, c.dyn.Resource(gvrEnvoyProxy))
	}
	for id := range inv.classes {
		del(id, c.dyn.Resource(gvrGatewayClass))
	}
	for ns := range inv.namespaces {
		if err := c.kube.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Logf("force clean: delete namespace %s: %v", ns, err)
		}
	}
	if left := leftovers(ctx, c); len(left) > 0 {
		t.Fatalf("force clean could not empty the cluster: %v", left)
	}
}

// helmConfig is a Helm SDK configuration for a namespace of the cluster
// KUBECONFIG names, as the helm CLI would make it.
func helmConfig(t testing.TB, namespace string) *action.Configuration {
	t.Helper()
	flags := genericclioptions.NewConfigFlags(false)
	kubeconfig := os.Getenv("KUBECONFIG")
	flags.KubeConfig, flags.Namespace = &kubeconfig, &namespace
	ac := &action.Configuration{}
	if err := ac.Init(flags, namespace, "secret", func(string, ...any) {}); err != nil {
		t.Fatal(err)
	}
	return ac
}

func joinProblems(ps []string) string {
	if len(ps) == 0 {
		return "none"
	}
	return fmt.Sprintf("%d: %s", len(ps), strings.Join(ps, "; "))
}

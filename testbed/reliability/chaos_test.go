// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/testbed/controlplane"
)

// The examples make chaos applies: each holds tenants (Helm releases),
// classes and Gateways, and merged holds a merged EnvoyProxy too.
var chaosExamples = []string{"merged", "multi-tenant"}

// chaosRun is one run of make chaos and what came of it.
type chaosRun struct {
	Example string `json:"example"`
	Kind    string `json:"kind"` // "kill" or "faults"
	Seed    int64  `json:"seed"`
	// kill: when the API server was killed after the apply started, and how
	// long it stayed down before the restart began.
	KillAfter time.Duration `json:"kill_after,omitempty"`
	Down      time.Duration `json:"down,omitempty"`
	// EndedFirst: the apply was over before the kill, so nothing disturbed it.
	EndedFirst bool `json:"ended_first,omitempty"`
	// faults: what the proxy did to the faulty apply's requests, and the
	// requests it failed (dropped or answered itself), in order.
	Faults    map[string]int `json:"faults,omitempty"`
	Disturbed []string       `json:"disturbed,omitempty"`

	FirstApply   string        `json:"first_apply"` // "succeeded" or "failed: ..."
	FirstTook    time.Duration `json:"first_took"`
	NextApply    string        `json:"next_apply"`
	Problems     []string      `json:"problems,omitempty"` // after the next apply: plan not empty, state ≠ cluster
	DestroyLeft  []string      `json:"destroy_left,omitempty"`
	Converged    bool          `json:"converged"`
	WorkspaceDir string        `json:"workspace_dir"`
}

// chaosSetup skips unless make chaos runs the test: it needs the test
// bed's own control plane (EG_CHAOS_PLANE), whose API server it kills.
func chaosSetup(t *testing.T) (*controlplane.Plane, cluster, string, *rand.Rand, string) {
	t.Helper()
	dir := os.Getenv("EG_CHAOS_PLANE")
	if os.Getenv("EG_CHAOS") != "1" || dir == "" {
		t.Skip("make chaos runs this: it kills the test bed's API server (EG_CHAOS=1, EG_CHAOS_PLANE)")
	}
	cliPath(t)
	plane, err := controlplane.Load(dir)
	if err != nil {
		t.Fatalf("load the control plane of %s: %v", dir, err)
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("EG_CHAOS_SEED"); s != "" {
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatalf("EG_CHAOS_SEED: %v", err)
		}
	}
	t.Logf("seed %d (EG_CHAOS_SEED=%d repeats the draws)", seed, seed)
	out := os.Getenv("EG_CHAOS_OUT")
	if out == "" {
		out = t.TempDir()
	}
	return plane, newCluster(t), kubetest.EnvoyGatewayChart(t), rand.New(rand.NewSource(seed)), out
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n >= 0 {
		return n
	}
	return def
}

// TestChaosKillAPIServer applies each example EG_CHAOS_KILLS times (10 by
// default) from an empty cluster, kills the API server (SIGKILL; etcd
// keeps its data) at a random point of the apply, restarts it, and applies
// again. The second apply must succeed, the plan after it be empty, state
// and cluster hold the same objects of ours, and destroy leave nothing.
func TestChaosKillAPIServer(t *testing.T) {
	plane, c, chart, rnd, out := chaosSetup(t)
	ctx := context.Background()
	kills := envInt("EG_CHAOS_KILLS", 10)
	var runs []chaosRun
	for _, ex := range chaosExamples {
		span := baseline(t, c, ex, chart, filepath.Join(out, ex+"-baseline"))
		for i := 0; i < kills; i++ {
			run := chaosRun{Example: ex, Kind: "kill", Seed: rnd.Int63(), WorkspaceDir: filepath.Join(out, ex+"-kill-"+strconv.Itoa(i))}
			draw := rand.New(rand.NewSource(run.Seed))
			run.KillAfter = time.Duration(draw.Int63n(int64(span)))
			run.Down = time.Duration(draw.Int63n(int64(3 * time.Second)))
			w, vars := exampleWorkspace(t, ex, run.WorkspaceDir, chart)
			run.FirstApply, run.FirstTook, run.EndedFirst = killDuringApply(ctx, t, plane, w, vars, run.KillAfter, run.Down)
			finishRun(ctx, t, c, w, vars, &run)
			runs = append(runs, run)
		}
	}
	reportRuns(t, out, "kill", runs)
}

// baseline applies and destroys an example twice, undisturbed, and returns
// how long the second apply took: the window the kills are drawn from. (The
// first apply on a fresh cluster also installs the CRDs, which stay.)
func baseline(t *testing.T, c cluster, ex, chart, dir string) time.Duration {
	t.Helper()
	ctx := context.Background()
	var took time.Duration
	for i := 0; i < 2; i++ {
		if left := leftovers(ctx, c); len(left) > 0 {
			t.Fatalf("the cluster is not empty before examples/%s: %v", ex, left)
		}
		w, vars := exampleWorkspace(t, ex, dir+"-"+strconv.Itoa(i), chart)
		got, r := w.applyOutcome(ctx, nil, vars)
		if got != "succeeded" {
			t.Fatalf("examples/%s does not apply undisturbed: %s", ex, got)
		}
		if ps := convergence(ctx, w, c, vars); len(ps) > 0 {
			t.Fatalf("examples/%s undisturbed: %s", ex, joinProblems(ps))
		}
		if i == 0 {
			checkTheChecks(ctx, t, w, c, vars)
		}
		if ps := destroyed(ctx, w, c, vars); len(ps) > 0 {
			t.Fatalf("examples/%s undisturbed destroy: %s", ex, joinProblems(ps))
		}
		took = r.took
	}
	t.Logf("examples/%s applies undisturbed in %s: kills are drawn in that window", ex, took.Round(time.Millisecond))
	return took
}

// killDuringApply starts an apply, kills the API server after killAfter,
// restarts it after down, and returns how the apply ended, how long it
// took, and whether it ended before the kill.
func killDuringApply(ctx context.Context, t *testing.T, plane *controlplane.Plane, w *workspace, vars []string,
	killAfter, down time.Duration) (string, time.Duration, bool) {
	t.Helper()
	applyCtx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		_, r := w.applyOutcome(applyCtx, nil, vars)
		done <- r
	}()
	select {
	case r := <-done:
		t.Logf("the apply ended (%s) before the kill at %s", outcome(r), killAfter)
		return outcome(r), r.took, true
	case <-time.After(killAfter):
	}
	if err := plane.KillAPIServer(); err != nil {
		t.Fatalf("kill the API server: %v", err)
	}
	time.Sleep(down)
	if err := plane.RestartAPIServer(ctx); err != nil {
		t.Fatalf("restart the API server: %v", err)
	}
	r := <-done
	if applyCtx.Err() != nil {
		return "hung: interrupted after 15 minutes", r.took, false
	}
	return outcome(r), r.took, false
}

// finishRun applies again, checks convergence and destroys; when a run
// does not converge it leaves the cluster empty for the next one.
func finishRun(ctx context.Context, t *testing.T, c cluster, w *workspace, vars []string, run *chaosRun) {
	t.Helper()
	run.NextApply, _ = w.applyOutcome(ctx, nil, vars)
	if run.NextApply == "succeeded" {
		run.Problems = convergence(ctx, w, c, vars)
	} else {
		run.Problems = append(run.Problems, "the next apply "+run.NextApply)
		run.Problems = append(run.Problems, convergence(ctx, w, c, vars)...)
	}
	run.DestroyLeft = destroyed(ctx, w, c, vars)
	run.Converged = run.NextApply == "succeeded" && len(run.Problems) == 0 && len(run.DestroyLeft) == 0
	t.Logf("%s %s (seed %d): first apply %s (%s); next apply %s; problems %s; after destroy %s",
		run.Example, run.Kind, run.Seed, run.FirstApply, run.FirstTook.Round(time.Millisecond), run.NextApply,
		joinProblems(run.Problems), joinProblems(run.DestroyLeft))
	if !run.Converged {
		t.Errorf("%s %s seed %d did not converge (workspace %s): next apply %s; %s; %s", run.Example, run.Kind, run.Seed,
			w.dir, run.NextApply, joinProblems(run.Problems), joinProblems(run.DestroyLeft))
		forceClean(ctx, t, c)
	}
}

// checkTheChecks shows, on a converged example, that the convergence checks
// see what they are for: an object of ours the state does not know, and an
// object of the state the cluster lost.
func checkTheChecks(ctx context.Context, t *testing.T, w *workspace, c cluster, vars []string) {
	t.Helper()
	orphan := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
		"metadata": map[string]any{"name": "chaos-orphan", "labels": map[string]any{"app.kubernetes.io/managed-by": "terraform-provider-eg"}},
		"spec":     map[string]any{"controllerName": "example.com/chaos-orphan"},
	}}
	if _, err := c.dyn.Resource(gvrGatewayClass).Create(ctx, orphan, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	ps := convergence(ctx, w, c, vars)
	if err := c.dyn.Resource(gvrGatewayClass).Delete(ctx, "chaos-orphan", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(joinProblems(ps), "GatewayClass chaos-orphan is in the cluster, not in the state") {
		t.Fatalf("the checks missed an orphaned class: %s", joinProblems(ps))
	}
	inv, err := c.inventory(ctx)
	if err != nil || len(inv.gateways) == 0 {
		t.Fatalf("no Gateway to take away: %v %v", inv, err)
	}
	var id string
	for id = range inv.gateways {
		break
	}
	ns, name, _ := strings.Cut(id, "/")
	if err := c.dyn.Resource(gvrGateway).Namespace(ns).Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	ps = convergence(ctx, w, c, vars)
	if !strings.Contains(joinProblems(ps), "Gateway "+id+" is in the state, not in the cluster") ||
		!strings.Contains(joinProblems(ps), "the next plan is not empty") {
		t.Fatalf("the checks missed a Gateway deleted behind Terraform's back: %s", joinProblems(ps))
	}
	if got, _ := w.applyOutcome(ctx, nil, vars); got != "succeeded" {
		t.Fatalf("apply after the Gateway was deleted: %s", got)
	}
	t.Logf("the checks see an orphaned class and a lost Gateway (%s)", id)
}

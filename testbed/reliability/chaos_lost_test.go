// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egplatform/terraform-provider-eg/testbed/faultproxy"
)

// lostAnswers are the writes whose answer TestChaosLostAnswer drops, one
// per run: the API server does the write, the provider never hears of it.
var lostAnswers = []struct{ method, pathPart string }{
	{http.MethodPatch, "/gatewayclasses/"},
	{http.MethodPatch, "/envoyproxies/"},
	{http.MethodPatch, "/gateways/"},
	{http.MethodPost, "/deployments"}, // the Helm SDK's install of the controller
}

// firstMatch accepts the first request with the method and a path holding
// part, and no other.
func firstMatch(method, part string) func(*http.Request) bool {
	var once sync.Once
	return func(r *http.Request) bool {
		hit := false
		if r.Method == method && strings.Contains(r.URL.Path, part) {
			once.Do(func() { hit = true })
		}
		return hit
	}
}

// TestChaosLostAnswer applies examples/merged through the fault proxy,
// which drops the answer of exactly one write the API server did (a
// class's, a proxy's or a Gateway's server-side apply, or the Helm SDK's
// create of the controller's Deployment), then applies again without
// faults: that apply must converge like any other (issue 10: a write whose
// answer was lost must not leave an object no apply will ever take back).
func TestChaosLostAnswer(t *testing.T) {
	_, c, chart, _, out := chaosSetup(t)
	ctx := context.Background()
	proxy, err := faultproxy.Start(c.cfg, faultproxy.Faults{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	viaProxy := filepath.Join(out, "lost.kubeconfig")
	if err := proxy.Kubeconfig(viaProxy); err != nil {
		t.Fatal(err)
	}
	var runs []chaosRun
	for i, lost := range lostAnswers {
		if left := leftovers(ctx, c); len(left) > 0 {
			t.Fatalf("the cluster is not empty: %v", left)
		}
		run := chaosRun{Example: "merged", Kind: "lost " + lost.method + " " + lost.pathPart,
			WorkspaceDir: filepath.Join(out, "merged-lost-"+string(rune('a'+i)))}
		w, vars := exampleWorkspace(t, "merged", run.WorkspaceDir, chart)
		proxy.SetFaults(faultproxy.Faults{Drop: 1, Match: firstMatch(lost.method, lost.pathPart)})
		proxy.Reset()
		applyCtx, cancel := context.WithTimeout(ctx, 15*time.Minute)
		var r result
		run.FirstApply, r = w.applyOutcome(applyCtx, []string{"KUBE_CONFIG_PATH=" + viaProxy}, vars)
		cancel()
		run.FirstTook, run.Disturbed = r.took, disturbed(proxy.Requests())
		proxy.SetFaults(faultproxy.Faults{})
		finishRun(ctx, t, c, w, vars, &run)
		runs = append(runs, run)
	}
	reportLost(t, out, runs)
}

// reportLost writes the runs to <out>/lost.json and logs one line each.
func reportLost(t *testing.T, out string, runs []chaosRun) {
	t.Helper()
	writeRuns(t, filepath.Join(out, "lost.json"), runs)
	var lines []string
	for _, r := range runs {
		verdict := "converged"
		if !r.Converged {
			verdict = "DID NOT CONVERGE: " + joinProblems(r.Problems)
		}
		lines = append(lines, r.Kind+": "+strings.Join(r.Disturbed, ", ")+"; first apply "+failureKind(r.FirstApply)+"; "+verdict)
	}
	t.Logf("lost answers:\n  %s", strings.Join(lines, "\n  "))
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egplatform/terraform-provider-eg/testbed/faultproxy"
)

// chaosFaults is the share of the provider's requests the proxy disturbs
// in a faulty apply: about one in four.
func chaosFaults(seed int64) faultproxy.Faults {
	return faultproxy.Faults{Seed: seed, Delay: 0.10, MaxDelay: 1500 * time.Millisecond,
		Drop: 0.02, Conflict: 0.02, Throttle: 0.05, Internal: 0.03}
}

// TestChaosFaultyNetwork applies each example EG_CHAOS_FAULT_RUNS times (5
// by default) through a proxy that delays, drops answers and answers
// 409/429/500 on a seeded share of requests, then applies again without
// faults: that apply must succeed, the plan after it be empty, state and
// cluster agree, and destroy leave nothing.
func TestChaosFaultyNetwork(t *testing.T) {
	_, c, chart, rnd, out := chaosSetup(t)
	ctx := context.Background()
	proxy, err := faultproxy.Start(c.cfg, faultproxy.Faults{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	viaProxy := filepath.Join(out, "faultproxy.kubeconfig")
	if err := proxy.Kubeconfig(viaProxy); err != nil {
		t.Fatal(err)
	}
	runsEach := envInt("EG_CHAOS_FAULT_RUNS", 5)
	var runs []chaosRun
	for _, ex := range chaosExamples {
		if left := leftovers(ctx, c); len(left) > 0 {
			t.Fatalf("the cluster is not empty before examples/%s: %v", ex, left)
		}
		for i := 0; i < runsEach; i++ {
			run := chaosRun{Example: ex, Kind: "faults", Seed: rnd.Int63(), WorkspaceDir: filepath.Join(out, ex+"-faults-"+strconv.Itoa(i))}
			w, vars := exampleWorkspace(t, ex, run.WorkspaceDir, chart)
			proxy.SetFaults(chaosFaults(run.Seed))
			proxy.Reset()
			// KUBE_CONFIG_PATH comes before KUBECONFIG for the provider.
			applyCtx, cancel := context.WithTimeout(ctx, 15*time.Minute)
			var r result
			run.FirstApply, r = w.applyOutcome(applyCtx, []string{"KUBE_CONFIG_PATH=" + viaProxy}, vars)
			cancel()
			run.FirstTook = r.took
			run.Faults = faultproxy.Summary(proxy.Requests())
			run.Disturbed = disturbed(proxy.Requests())
			t.Logf("%s faults seed %d: %v; failed requests: %v", ex, run.Seed, run.Faults, run.Disturbed)
			proxy.SetFaults(faultproxy.Faults{})
			finishRun(ctx, t, c, w, vars, &run)
			runs = append(runs, run)
		}
	}
	reportRuns(t, out, "faults", runs)
}

// reportRuns writes the runs to <out>/<kind>.json and logs the figures:
// runs, how the disturbed applies ended, how many converged.
func reportRuns(t *testing.T, out, kind string, runs []chaosRun) {
	t.Helper()
	file := filepath.Join(out, kind+".json")
	writeRuns(t, file, runs)
	var lines []string
	for _, ex := range chaosExamples {
		n, ok, conv, undisturbed := 0, 0, 0, 0
		failures := map[string]int{}
		faults := map[string]int{}
		for _, r := range runs {
			if r.Example != ex {
				continue
			}
			n++
			if r.EndedFirst {
				undisturbed++
			}
			if r.FirstApply == "succeeded" {
				ok++
			} else {
				failures[failureKind(r.FirstApply)]++
			}
			if r.Converged {
				conv++
			}
			for k, v := range r.Faults {
				faults[k] += v
			}
		}
		over := ""
		if kind == "kill" {
			over = fmt.Sprintf(" (%d over before the kill)", undisturbed)
		}
		lines = append(lines, fmt.Sprintf("examples/%s: %d runs%s; disturbed apply succeeded %d, failed %d%s; converged %d of %d%s",
			ex, n, over, ok, n-ok, formatCounts(failures), conv, n, formatCounts(faults)))
	}
	t.Logf("%s runs (%s):\n  %s", kind, file, strings.Join(lines, "\n  "))
}

func writeRuns(t *testing.T, file string, runs []chaosRun) {
	t.Helper()
	b, _ := json.MarshalIndent(runs, "", "  ")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Error(err)
	}
}

// disturbed lists the requests the proxy failed: dropped after the API
// server did them, or answered by the proxy without passing them on.
func disturbed(reqs []faultproxy.Request) []string {
	var out []string
	for _, q := range reqs {
		switch q.Outcome {
		case faultproxy.Dropped:
			out = append(out, q.Method+" "+q.Path+" → answer dropped")
		case faultproxy.Answered:
			out = append(out, fmt.Sprintf("%s %s → %d", q.Method, q.Path, q.Code))
		}
	}
	return out
}

var numbers = regexp.MustCompile(`[0-9]+`)

// failureKind shortens a failed apply's first error to what kind it was.
func failureKind(s string) string {
	s = strings.TrimPrefix(s, "failed: ")
	first, _, _ := strings.Cut(s, " | ")
	if len(first) > 90 {
		first = first[:90] + "…"
	}
	return numbers.ReplaceAllString(first, "N")
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

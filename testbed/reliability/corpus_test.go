// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/testbed/faultproxy"
)

// TestAccBadInputCorpus runs every case of testdata/badinput with the real
// CLI: all of them in one `validate`, then the cases validate cannot judge
// in one `plan` per group. Each case must be rejected with its error at its
// attribute path, at its stage, and with no other error; the provider must
// not panic; validate must make no request to the API server and the plans
// no write. The provider reaches the cluster through a counting proxy, and
// the test logs which requests each plan made. EG_CORPUS_DIR keeps the
// batches, outputs and logs in a directory of one's choice.
func TestAccBadInputCorpus(t *testing.T) {
	cliPath(t)
	cases := loadCorpus(t)
	proxy, err := faultproxy.Start(kubetest.RESTConfig(t), faultproxy.Faults{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	chart := kubetest.EnvoyGatewayChart(t)
	root := t.TempDir()
	if keep := os.Getenv("EG_CORPUS_DIR"); keep != "" {
		root = keep // to look at the batches and logs afterwards
	}

	validateDir := filepath.Join(root, "validate")
	w := newWorkspace(t, validateDir, batchFiles(t, proxy, chart, cases))
	proxy.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	vr := w.logged(ctx, "WARN", "validate", "-json", "-no-color")
	if vr.mentionsPanic() {
		t.Fatalf("validate: the provider panicked:\n%s%s", vr.stderr, vr.log)
	}
	diags, err := validateDiagnostics(vr.stdout)
	if err != nil {
		t.Fatalf("validate -json: %v\n%s%s", err, vr.stdout, vr.stderr)
	}
	if n := len(proxy.Requests()); n != 0 {
		t.Errorf("validate made %d requests to the API server, want 0: %v", n, proxy.Requests())
	}
	logged := providerDiagnostics(vr.log)
	perCase, stray := byCase(diags, cases)
	for _, d := range stray {
		t.Errorf("validate: an error outside every case: %q %s", d.Summary, firstLine(d.Detail))
	}
	tally := map[string]int{}
	var planCases []badCase
	for _, c := range cases {
		diags := perCase[c.file()]
		if c.Stage == "plan" {
			if len(errorsOf(diags)) > 0 {
				t.Errorf("%s (%s): rejected at validate, but its stage is plan: %s", c.ID, c.group, judge(c, validateDir, diags, logged))
			}
			planCases = append(planCases, c)
			continue
		}
		report(t, c, judge(c, validateDir, diags, logged), tally)
	}
	t.Logf("validate: %d cases in %s, %d provider diagnostics logged, 0 requests", len(cases), vr.took.Round(time.Millisecond), len(logged))

	for _, group := range groupsOf(planCases) {
		planGroup(t, proxy, chart, root, group, tally)
	}
	t.Logf("corpus: %d cases; %v; no panic in %d CLI runs", len(cases), tally, 1+len(groupsOf(planCases)))
}

// planGroup plans one group's plan-stage cases in one configuration.
func planGroup(t *testing.T, proxy *faultproxy.Proxy, chart, root string, group []badCase, tally map[string]int) {
	t.Helper()
	name := group[0].group
	dir := filepath.Join(root, "plan-"+name)
	w := newWorkspace(t, dir, batchFiles(t, proxy, chart, group))
	proxy.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	r := w.logged(ctx, "WARN", "plan", "-json", "-no-color", "-input=false", "-lock=false")
	if r.mentionsPanic() {
		t.Fatalf("plan %s: the provider panicked:\n%s%s", name, r.stderr, r.log)
	}
	reqs := proxy.Requests()
	for _, q := range reqs {
		if q.Write() {
			t.Errorf("plan %s wrote to the API server: %s %s", name, q.Method, q.Path)
		}
	}
	t.Logf("plan %s: %d cases in %s, %d requests:%s", name, len(group), r.took.Round(time.Millisecond), len(reqs), requestList(reqs))
	perCase, stray := byCase(streamDiagnostics(r.stdout), group)
	for _, d := range stray {
		t.Errorf("plan %s: an error outside every case: %q %s", name, d.Summary, firstLine(d.Detail))
	}
	logged := providerDiagnostics(r.log)
	for _, c := range group {
		report(t, c, judge(c, dir, perCase[c.file()], logged), tally)
	}
}

// report fails the test for a case whose verdict is wrong (or, for a case
// marked wrong, now right) and counts the outcomes.
func report(t *testing.T, c badCase, v verdict, tally map[string]int) {
	t.Helper()
	switch {
	case c.Wrong != "" && v.ok():
		t.Errorf("%s (%s): marked wrong (%s), but the provider now gets it right: remove the mark", c.ID, c.group, c.Wrong)
	case c.Wrong != "":
		tally["known wrong"]++
		t.Logf("%s (%s): known wrong, %s:%s", c.ID, c.group, c.Wrong, v)
	case !v.ok():
		tally["failed"]++
		t.Errorf("%s (%s, %s):%s", c.ID, c.group, c.Stage, v)
	default:
		tally["rejected at "+c.Stage]++
	}
}

// batchFiles is a configuration holding the cases, one file each, and a
// provider that reaches the cluster through the proxy.
func batchFiles(t *testing.T, proxy *faultproxy.Proxy, chart string, cases []badCase) map[string]string {
	t.Helper()
	files := map[string]string{
		"provider.tf": requiredProviders + fmt.Sprintf(`
provider "eg" {
  kubernetes = {
    host                   = %q
    cluster_ca_certificate = file("${path.module}/proxy-ca.pem")
  }
  chart = { repository = %q, version = "v1.9.1" }
}
`, proxy.URL, chart),
		"proxy-ca.pem": string(proxy.CAPEM),
	}
	for _, c := range cases {
		files[c.file()] = strings.NewReplacer("PROXY_URL", proxy.URL, "KUBECONFIG_FILE", os.Getenv("KUBECONFIG")).Replace(c.fill(c.HCL))
	}
	return files
}

func groupsOf(cases []badCase) [][]badCase {
	var out [][]badCase
	for _, c := range cases {
		if len(out) == 0 || out[len(out)-1][0].group != c.group {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

func requestList(reqs []faultproxy.Request) string {
	counts := map[string]int{}
	for _, q := range reqs {
		counts[q.Method+" "+q.Path]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n    %3d %s", counts[k], k)
	}
	return b.String()
}

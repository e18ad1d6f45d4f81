// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// teamConfig is one team's tenant, class and gateways, as a configuration
// of its own (examples/multi-tenant holds two of these in one).
func teamConfig(team string, gateways int, host string) string {
	return requiredProviders + fmt.Sprintf(`
variable "chart_repository" { type = string }
provider "eg" {
  chart = { repository = var.chart_repository, version = "v1.9.1" }
}
resource "eg_tenant" "team" {
  name             = %[1]q
  namespace        = %[1]q
  create_namespace = true
  watch            = { namespaces = [%[1]q] }
  wait             = false
  disable_hooks    = true
}
resource "eg_gatewayclass" "team" {
  name            = "eg-%[1]s"
  controller_name = eg_tenant.team.controller_name
}
resource "eg_gateway" "team" {
  count              = %[2]d
  name               = "gw-${count.index}"
  namespace          = eg_tenant.team.namespace
  gateway_class_name = eg_gatewayclass.team.name
  listeners = [
    { name = "http", port = 8080 + count.index, protocol = "HTTP", hostname = "gw-${count.index}.%[3]s" },
  ]
}
`, team, gateways, host)
}

// guardedPolicy is the cluster-scoped, lookup-guarded policy (and its
// binding) Envoy Gateway's chart creates with the first release: two
// installs from two provider processes at once both render it, and the
// second's write fails. The provider installs that one again, leaving the
// policy to the first.
const guardedPolicy = "safe-upgrades.gateway.networking.k8s.io"

// withoutGuardedPolicy deletes the guarded policy and its binding, so that
// the two applies are both first installs, as on a fresh cluster.
func withoutGuardedPolicy(ctx context.Context, t *testing.T, c cluster) {
	t.Helper()
	admission := c.kube.AdmissionregistrationV1()
	if err := admission.ValidatingAdmissionPolicyBindings().Delete(ctx, guardedPolicy, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	if err := admission.ValidatingAdmissionPolicies().Delete(ctx, guardedPolicy, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
}

// TestAccConcurrentApplies starts two applies together, from two working
// directories, each with a tenant of its own, against one cluster: both
// must succeed, and afterwards the cluster must hold exactly what the two
// states say, with their values, and neither plan may have anything to do.
func TestAccConcurrentApplies(t *testing.T) {
	cliPath(t)
	c := newCluster(t)
	// In make test the cluster holds other packages' objects: the checks
	// look at the two teams' alone.
	c.scope = func(id string) bool { return strings.Contains(id, "conc-") }
	chart := kubetest.EnvoyGatewayChart(t)
	ctx := context.Background()
	startEmpty(ctx, t, c)
	vars := []string{"-var", "chart_repository=" + chart}
	root := t.TempDir()
	teams := []string{"conc-blue", "conc-green"}
	ws := make([]*workspace, len(teams))
	for i, team := range teams {
		ws[i] = newWorkspace(t, filepath.Join(root, team), map[string]string{"main.tf": teamConfig(team, 3, team+".example.com")})
	}
	t.Cleanup(func() { destroyAll(t, c, ws, vars) })
	withoutGuardedPolicy(ctx, t, c)

	start := time.Now()
	outcomes := parallelApplies(ctx, ws, vars)
	t.Logf("two applies at once: %q in %s", outcomes, time.Since(start).Round(time.Millisecond))
	for i, o := range outcomes {
		if o != "succeeded" {
			t.Errorf("apply of %s, started together with the other: %s", teams[i], o)
		}
	}
	if ps := convergenceOfAll(ctx, ws, c, vars); len(ps) > 0 {
		t.Fatalf("after two applies at once: %s", joinProblems(ps))
	}
	// Both update their Gateways at once: no update may be lost.
	for i, team := range teams {
		writeFile(t, filepath.Join(ws[i].dir, "main.tf"), teamConfig(team, 3, team+".example.org"))
	}
	for i, o := range parallelApplies(ctx, ws, vars) {
		if o != "succeeded" {
			t.Errorf("update of %s, started together with the other: %s", teams[i], o)
		}
	}
	if ps := convergenceOfAll(ctx, ws, c, vars); len(ps) > 0 {
		t.Fatalf("after two updates at once: %s", joinProblems(ps))
	}
	inv, _ := c.inventory(ctx)
	for id, listeners := range inv.gateways {
		if !strings.Contains(listeners, ".example.org") {
			t.Errorf("Gateway %s lost its update: %s", id, listeners)
		}
	}
}

// parallelApplies starts one apply per workspace at the same moment and
// returns how each ended.
func parallelApplies(ctx context.Context, ws []*workspace, vars []string) []string {
	out := make([]string, len(ws))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			applyCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
			defer cancel()
			out[i], _ = w.applyOutcome(applyCtx, nil, vars)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// convergenceOfAll checks each workspace's next plan is empty, and that the
// cluster holds exactly what the states say between them.
func convergenceOfAll(ctx context.Context, ws []*workspace, c cluster, vars []string) []string {
	var problems []string
	all := newInventory()
	for _, w := range ws {
		plan := w.run(ctx, append([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"}, vars...)...)
		if plan.err != nil {
			problems = append(problems, filepath.Base(w.dir)+": the next plan is not empty: "+planChanges(plan))
		}
		show := w.run(ctx, "show", "-json", "-no-color")
		st, err := stateInventory(show.stdout)
		if err != nil {
			return append(problems, err.Error())
		}
		all.merge(st)
	}
	live, err := c.inventory(ctx)
	if err != nil {
		return append(problems, err.Error())
	}
	return append(problems, differences(all, live)...)
}

func (inv inventory) merge(o inventory) {
	for k, v := range o.classes {
		inv.classes[k] = v
	}
	for k, v := range o.gateways {
		inv.gateways[k] = v
	}
	for k, v := range o.proxies {
		inv.proxies[k] = v
	}
	for k, v := range o.releases {
		inv.releases[k] = v
	}
	for k, v := range o.namespaces {
		inv.namespaces[k] = v
	}
}

// destroyAll destroys the workspaces at once and leaves the cluster empty
// of the test's objects.
func destroyAll(t *testing.T, c cluster, ws []*workspace, vars []string) {
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, w := range ws {
		if w == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := w.run(ctx, append([]string{"destroy", "-auto-approve", "-input=false", "-no-color"}, vars...)...); r.err != nil {
				t.Errorf("destroy %s: %s %s", w.dir, planChanges(r), firstLine(r.stderr))
			}
		}()
	}
	wg.Wait()
	if left := leftovers(ctx, c); len(left) > 0 {
		t.Errorf("after destroy: %v", left)
		forceClean(ctx, t, c)
	}
}

// moreGateways adds ten Gateways per tenant of examples/multi-tenant, so
// that -parallelism=20 has twenty things to do at once.
const moreGateways = `
variable "host_suffix" {
  type    = string
  default = "example.com"
}
resource "eg_gateway" "marketing_more" {
  count              = 10
  name               = "more-${count.index}"
  namespace          = eg_tenant.marketing.namespace
  gateway_class_name = eg_gatewayclass.marketing.name
  listeners          = [{ name = "http", port = 9000 + count.index, protocol = "HTTP", hostname = "m${count.index}.${var.host_suffix}" }]
}
resource "eg_gateway" "product_more" {
  count              = 10
  name               = "more-${count.index}"
  namespace          = eg_tenant.product.namespace
  gateway_class_name = eg_gatewayclass.product.name
  listeners          = [{ name = "http", port = 9000 + count.index, protocol = "HTTP", hostname = "p${count.index}.${var.host_suffix}" }]
}
`

// TestAccParallelismMultiTenant applies examples/multi-tenant, with twenty
// more Gateways, at -parallelism=20, then changes every Gateway at once:
// after each apply every object must be in the cluster with the values of
// the configuration (the state and the cluster agree and the next plan is
// empty).
func TestAccParallelismMultiTenant(t *testing.T) {
	cliPath(t)
	c := newCluster(t)
	chart := kubetest.EnvoyGatewayChart(t)
	ctx := context.Background()
	startEmpty(ctx, t, c)
	w, vars := exampleWorkspace(t, "multi-tenant", filepath.Join(t.TempDir(), "multi-tenant"), chart)
	writeFile(t, filepath.Join(w.dir, "more.tf"), moreGateways)
	t.Cleanup(func() { destroyAll(t, c, []*workspace{w}, vars) })
	parallel := append([]string{"-parallelism=20"}, vars...)
	for _, suffix := range []string{"example.com", "example.org"} {
		args := append([]string{"-var", "host_suffix=" + suffix}, parallel...)
		got, r := w.applyOutcome(ctx, nil, args)
		if got != "succeeded" {
			t.Fatalf("apply -parallelism=20 (hosts under %s): %s", suffix, got)
		}
		if ps := convergence(ctx, w, c, append([]string{"-var", "host_suffix=" + suffix}, vars...)); len(ps) > 0 {
			t.Fatalf("after apply -parallelism=20 (hosts under %s): %s", suffix, joinProblems(ps))
		}
		inv, _ := c.inventory(ctx)
		n := 0
		for id, listeners := range inv.gateways {
			if strings.Contains(id, "/more-") {
				n++
				if !strings.Contains(listeners, "."+suffix) {
					t.Errorf("Gateway %s does not have hosts under %s: %s", id, suffix, listeners)
				}
			}
		}
		if n != 20 {
			t.Errorf("%d of the 20 added Gateways are in the cluster", n)
		}
		t.Logf("apply -parallelism=20 with hosts under %s: %s, %d Gateways, %d releases", suffix, r.took.Round(time.Millisecond), len(inv.gateways), len(inv.releases))
	}
}

func writeFile(t *testing.T, file, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

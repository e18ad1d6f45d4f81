// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"k8s.io/client-go/kubernetes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// A plan with nothing to change lists each kind once per provider process
// (Gateways, classes, EnvoyProxies: the refresh and the checks of other
// owners' objects share the LIST), the namespaces and the tenants' config
// ConfigMaps once, each tenant's release records at most twice, reads no
// object with a GET, and never asks discovery or OpenAPI. Counted twice: by
// the API server (apiserver_request_total) and by a proxy that sees the
// provider's requests only, so that the control plane's own discovery
// (the controller-manager's, every 30 s) is not taken for the provider's.
func TestAccGateway_noChangePlanRequests(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	proxy := newCountingProxy(t, cfg)
	tenant, class := acctest.RandomWithPrefix("budget"), acctest.RandomWithPrefix("merged")
	ns := "eg_tenant.t.namespace"
	config := egacc.ProviderSource + proxy.providerVia(chart) +
		tenantHCL("t", tenant, "", "") +
		proxyHCL("p", "merged-eg", ns) +
		classHCL("c", class, "eg_tenant.t.controller_name", "parameters_ref = eg_merged_proxy.p.parameters_ref") +
		gatewayHCL("one", "one", ns, "eg_gatewayclass.c.name", httpListener("http", 8080, "www.merged1.com")) +
		gatewayHCL("two", "two", ns, "eg_gatewayclass.c.name", httpListener("http", 8081, "www.merged2.com"))
	var before map[string]float64

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// One plan (with refresh), measured from just before it to
				// just after it; the apply of an empty plan does nothing.
				PreConfig: func() {
					before = apiserverRequests(t, kube)
					proxy.reset()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					requestBudget{t: t, kube: kube, proxy: proxy, before: &before,
						tenants: 1},
				}},
			},
		},
	})
}

// requestBudget checks the requests of the plan just made.
type requestBudget struct {
	t       *testing.T
	kube    kubernetes.Interface
	proxy   *countingProxy
	before  *map[string]float64
	tenants int
}

var (
	discoveryPath = regexp.MustCompile(`^/(api|apis|version|openapi/.*|apis/[^/]+|apis/[^/]+/[^/]+|api/v1)$`)
	resourcePath  = regexp.MustCompile(`^/(api/v1|apis/([^/]+)/[^/]+)(/namespaces/[^/]+)?/([a-z]+)(/[^/]+)?$`)
)

func (c requestBudget) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	seen := c.proxy.requests()
	delta := requestDelta(*c.before, apiserverRequests(c.t, c.kube))
	c.t.Logf("requests of one no-change plan, as the provider sent them:%s", formatCounts(toFloat(seen)))
	c.t.Logf("apiserver_request_total over the same plan (all clients):%s", formatCounts(delta))

	// From the provider's side: no discovery or OpenAPI at all, and the
	// requests per verb and resource within budget.
	got, problems := classifyRequests(seen)
	want := map[string]int{
		// Once per provider process: this configuration's objects and
		// other owners' alike.
		"LIST gateway.networking.k8s.io/gateways":       1,
		"LIST gateway.networking.k8s.io/gatewayclasses": 1,
		"LIST gateway.envoyproxy.io/envoyproxies":       1,
		// The namespaces, whose existence and labels the tenant rules read,
		// and the tenants' config (one small ConfigMap per release).
		"LIST /namespaces": 1,
		"LIST /configmaps": 1,
	}
	for k, n := range want {
		if got[k] != n {
			problems = append(problems, fmt.Sprintf("%s: %d requests, want %d", k, got[k], n))
		}
	}
	tenantRequests := 0
	for k, n := range got {
		switch {
		case want[k] != 0:
		case k == "LIST /secrets":
			tenantRequests += n // Helm's release records
		default:
			problems = append(problems, fmt.Sprintf("unexpected requests %s: %d", k, n))
		}
	}
	if tenantRequests > 2*c.tenants {
		problems = append(problems, fmt.Sprintf("%d requests for %d tenant(s), want at most 2 each", tenantRequests, c.tenants))
	}
	// The API server counted at least these: the proxy saw every request
	// of the provider, and the provider made no write.
	for k, n := range got {
		if int(delta[k]) < n {
			problems = append(problems, fmt.Sprintf("the API server counted %v of %s, the proxy %d", delta[k], k, n))
		}
	}
	if w := writesTo(delta, providerWrites); len(w) > 0 {
		problems = append(problems, fmt.Sprintf("writes during a plan: %v", w))
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		resp.Error = fmt.Errorf("the no-change plan's requests are over budget:\n  %s", strings.Join(problems, "\n  "))
	}
}

// classifyRequests counts the provider's requests by verb and resource
// ("LIST gateway.networking.k8s.io/gateways"); a discovery or OpenAPI
// request, or one of no resource, is a problem.
func classifyRequests(seen map[string]int) (got map[string]int, problems []string) {
	got = map[string]int{}
	for k, n := range seen {
		method, p, _ := strings.Cut(k, " ")
		if discoveryPath.MatchString(p) {
			problems = append(problems, fmt.Sprintf("discovery or OpenAPI request %s (%d)", k, n))
			continue
		}
		m := resourcePath.FindStringSubmatch(p)
		if m == nil {
			problems = append(problems, fmt.Sprintf("unexpected request %s (%d)", k, n))
			continue
		}
		verb := method
		if method == "GET" && m[5] == "" {
			verb = "LIST"
		}
		got[verb+" "+m[2]+"/"+m[4]] += n
	}
	return got, problems
}

func toFloat(m map[string]int) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = float64(v)
	}
	return out
}

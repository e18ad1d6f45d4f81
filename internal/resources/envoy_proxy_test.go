// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// envoyProxyHCL is an eg_envoy_proxy in the namespace of tenant t with
// the typed attributes and spec given as HCL.
func envoyProxyHCL(label, name, body string) string {
	return fmt.Sprintf(`
resource "eg_envoy_proxy" %q {
  name      = %q
  namespace = eg_tenant.t.namespace
%s
}
`, label, name, body)
}

const fleetHCL = `
  service = {
    type        = "NodePort"
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
    labels      = { team = "edge" }
  }
  deployment = {
    replicas        = 2
    pod_annotations = { "prometheus.io/scrape" = "true" }
    pod_labels      = { team = "edge" }
    resources       = { requests = { cpu = "100m", memory = "256Mi" }, limits = { memory = "1Gi" } }
  }
  spec = yamlencode({ concurrency = 2, telemetry = { metrics = { prometheus = { disable = true } } } })
`

// An eg_envoy_proxy writes its typed attributes and spec into one
// EnvoyProxy, imports as written, ignores what others add, plans back what
// others change (and, never forcing, names them when the apply conflicts),
// updates in place, and refuses at plan what Envoy Gateway would refuse,
// writing nothing.
func TestAccEnvoyProxy_lifecycle(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant := acctest.RandomWithPrefix("ep")
	base := providerHCL(chart) + tenantHCL("t", tenant, "", "")
	proxy := func(body string) string { return base + envoyProxyHCL("p", "edge", body) }
	config := proxy(fleetHCL)
	updated := proxy(`
  merge_gateways = true
  service        = { type = "ClusterIP" }
  deployment     = { replicas = 3 }
`)
	deployment := []string{"spec", "provider", "kubernetes", "envoyDeployment"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, nil, nil, [][2]string{{tenant, "edge"}}),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("eg_envoy_proxy.p", tfjsonpath.New("id"), knownvalue.StringExact(tenant+"/edge")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_envoy_proxy.p", tfjsonpath.New("merge_gateways"), knownvalue.Bool(false)),
				},
				Check: checkProxySpec(dc, tenant, "edge", map[string]any{
					"concurrency": int64(2), "mergeGateways": false,
					"telemetry": map[string]any{"metrics": map[string]any{"prometheus": map[string]any{"disable": true}}},
					"provider": map[string]any{"type": "Kubernetes", "kubernetes": map[string]any{
						"envoyService": map[string]any{"type": "NodePort", "labels": map[string]any{"team": "edge"},
							"annotations": map[string]any{"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"}},
						"envoyDeployment": map[string]any{"replicas": int64(2),
							"pod": map[string]any{"annotations": map[string]any{"prometheus.io/scrape": "true"}, "labels": map[string]any{"team": "edge"}},
							"container": map[string]any{"resources": map[string]any{
								"requests": map[string]any{"cpu": "100m", "memory": "256Mi"}, "limits": map[string]any{"memory": "1Gi"}}}},
					}},
				}),
			},
			{Config: config, ResourceName: "eg_envoy_proxy.p", ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: tenant + "/edge"},
			{
				// spec is compared by meaning by the plan (above); its text
				// comes back in another layout.
				ResourceName: "eg_envoy_proxy.p", ImportState: true, ImportStateId: tenant + "/edge", ImportStateVerify: true,
				ImportStateVerifyIdentifierAttribute: "id", ImportStateVerifyIgnore: []string{"timeouts", "spec"},
			},
			{
				// Updated in place; what this resource no longer sets goes.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_envoy_proxy.p", plancheck.ResourceActionUpdate),
				}},
				Check: checkProxySpec(dc, tenant, "edge", map[string]any{
					"mergeGateways": true,
					"provider": map[string]any{"type": "Kubernetes", "kubernetes": map[string]any{
						"envoyService":    map[string]any{"type": "ClusterIP", "externalTrafficPolicy": "Local"},
						"envoyDeployment": map[string]any{"replicas": int64(3)},
					}},
					"logging": map[string]any{"level": map[string]any{"default": "warn"}},
				}),
			},
			{
				// The API server's defaults and a field someone else adds
				// are no drift.
				PreConfig: func() {
					editProxy(t, dc, tenant, "edge", map[string]any{"disk": "ssd"}, append(deployment, "pod", "nodeSelector")...)
				},
				Config:           updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A value this resource sets, changed by hand: planned back,
				// and refused as a conflict with the hand's field manager.
				PreConfig: func() { editProxy(t, dc, tenant, "edge", int64(5), append(deployment, "replicas")...) },
				Config:    updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_envoy_proxy.p", plancheck.ResourceActionUpdate),
				}},
				ExpectError: wrapped(`Field manager conflict.*EnvoyProxy ` + tenant + `/edge: fields .*replicas are owned by field manager\(s\) "` + handEditor + `"`),
			},
			{
				PreConfig:        func() { editProxy(t, dc, tenant, "edge", int64(3), append(deployment, "replicas")...) },
				Config:           updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{Config: proxy(`spec = yamlencode({ concurency = 2 })`), PlanOnly: true,
				ExpectError: wrapped(`spec is not an EnvoyProxySpec: unknown field "concurency"`)},
			{Config: proxy(`
  service = { type = "NodePort" }
  spec    = yamlencode({ provider = { type = "Kubernetes", kubernetes = { envoyService = { type = "LoadBalancer" } } } })
`), PlanOnly: true,
				ExpectError: wrapped(`spec sets provider.kubernetes.envoyService.type to "LoadBalancer", but service.type says "NodePort"`)},
			{Config: proxy(`deployment = { resources = { requests = { memory = "1Gi" }, limits = { memory = "512Mi" } } }`), PlanOnly: true,
				ExpectError: wrapped(`memory limit 512Mi is less than its request 1Gi`),
				// Nothing was written by the refused plans; what someone else
				// added stays.
				Check: checkProxySpec(dc, tenant, "edge", map[string]any{"mergeGateways": true,
					"provider": map[string]any{"kubernetes": map[string]any{"envoyDeployment": map[string]any{"replicas": int64(3),
						"pod": map[string]any{"nodeSelector": map[string]any{"disk": "ssd"}}}}}})},
			{Config: updated, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// editProxy sets one field of an EnvoyProxy as a person with kubectl edit
// would.
func editProxy(t *testing.T, dc dynamic.Interface, ns, name string, value any, fields ...string) {
	t.Helper()
	ctx := context.Background()
	u, err := dc.Resource(envoyProxiesGVR).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := unstructured.SetNestedField(u.Object, value, fields...); err != nil {
		t.Fatal(err)
	}
	if _, err := dc.Resource(envoyProxiesGVR).Namespace(ns).Update(ctx, u, metav1.UpdateOptions{FieldManager: handEditor}); err != nil {
		t.Fatalf("edit EnvoyProxy %s/%s by hand: %v", ns, name, err)
	}
}

// checkProxySpec checks that the EnvoyProxy's spec holds want (and may
// hold more: the API server's defaults).
func checkProxySpec(dc dynamic.Interface, ns, name string, want map[string]any) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, err := dc.Resource(envoyProxiesGVR).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		spec, _ := u.Object["spec"].(map[string]any)
		if !holds(spec, want) {
			return fmt.Errorf("EnvoyProxy %s/%s spec %v does not hold %v", ns, name, spec, want)
		}
		return nil
	}
}

// holds reports whether got holds every value of want, recursively.
func holds(got, want any) bool {
	w, ok := want.(map[string]any)
	if !ok {
		return fmt.Sprint(got) == fmt.Sprint(want)
	}
	g, ok := got.(map[string]any)
	if !ok {
		return false
	}
	for k, v := range w {
		if !holds(g[k], v) {
			return false
		}
	}
	return true
}

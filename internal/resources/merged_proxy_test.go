// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

func TestAccMergedProxy_lifecycle(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant := acctest.RandomWithPrefix("mp")
	config := providerHCL(chart) + tenantHCL("t", tenant, "", "") + proxyHCL("p", "merged-eg", "eg_tenant.t.namespace")
	ref := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"group": knownvalue.StringExact("gateway.envoyproxy.io"), "kind": knownvalue.StringExact("EnvoyProxy"),
		"name": knownvalue.StringExact("merged-eg"), "namespace": knownvalue.StringExact(tenant),
	})

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, nil, nil, [][2]string{{tenant, "merged-eg"}}),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Derived from name and namespace: known before apply.
					plancheck.ExpectKnownValue("eg_merged_proxy.p", tfjsonpath.New("parameters_ref"), ref),
					plancheck.ExpectKnownValue("eg_merged_proxy.p", tfjsonpath.New("id"), knownvalue.StringExact(tenant+"/merged-eg")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_merged_proxy.p", tfjsonpath.New("merge_gateways"), knownvalue.Bool(true)),
				},
				Check: checkMergedProxy(dc, tenant, "merged-eg"),
			},
			{
				Config:          config,
				ResourceName:    "eg_merged_proxy.p",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   tenant + "/merged-eg",
			},
			{
				ResourceName:                         "eg_merged_proxy.p",
				ImportState:                          true,
				ImportStateId:                        tenant + "/merged-eg",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"timeouts"},
			},
			{
				// Merging switched off by hand: planned back, and refused as
				// a conflict with the hand's field manager.
				PreConfig: func() { editProxyMerge(t, dc, tenant, "merged-eg", false) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_merged_proxy.p", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("eg_merged_proxy.p", tfjsonpath.New("merge_gateways"), knownvalue.Bool(true)),
				}},
				ExpectError: wrapped(`Field manager conflict.*EnvoyProxy ` + tenant + `/merged-eg: fields \.spec\.mergeGateways are owned by field manager\(s\) "` + handEditor + `"`),
			},
			{
				PreConfig: func() { editProxyMerge(t, dc, tenant, "merged-eg", true) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				PreConfig: func() {
					if err := dc.Resource(envoyProxiesGVR).Namespace(tenant).Delete(context.Background(), "merged-eg", metav1.DeleteOptions{}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_merged_proxy.p", plancheck.ResourceActionCreate),
				}},
				Check: checkMergedProxy(dc, tenant, "merged-eg"),
			},
		},
	})
}

// editProxyMerge sets spec.mergeGateways as a person with kubectl edit would.
func editProxyMerge(t *testing.T, dc dynamic.Interface, ns, name string, merge bool) {
	t.Helper()
	ctx := context.Background()
	u, err := dc.Resource(envoyProxiesGVR).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := unstructured.SetNestedField(u.Object, merge, "spec", "mergeGateways"); err != nil {
		t.Fatal(err)
	}
	if _, err := dc.Resource(envoyProxiesGVR).Namespace(ns).Update(ctx, u, metav1.UpdateOptions{FieldManager: handEditor}); err != nil {
		t.Fatalf("edit EnvoyProxy %s/%s by hand: %v", ns, name, err)
	}
}

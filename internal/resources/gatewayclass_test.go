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
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// handEditor is the field manager of the out-of-band edits in the tests,
// as kubectl edit would record itself.
const handEditor = "kubectl-edit"

func TestAccGatewayClass_lifecycle(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("gc"), acctest.RandomWithPrefix("gc")
	ctrl := "gateway.envoyproxy.io/" + tenant + "-gatewayclass-controller"
	other := "gateway.envoyproxy.io/" + tenant + "-other"
	config := func(tenantExtra, classExtra string) string {
		return providerHCL(chart) + tenantHCL("t", tenant, "", tenantExtra) +
			classHCL("c", class, "eg_tenant.t.controller_name", classExtra)
	}
	second := config("", `description = "second"`)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, []string{class}, nil, nil),
		Steps: []resource.TestStep{
			{
				Config: config("", `description = "first"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("eg_gatewayclass.c", tfjsonpath.New("id"), knownvalue.StringExact(class)),
					plancheck.ExpectUnknownValue("eg_gatewayclass.c", tfjsonpath.New("accepted_reason")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_gatewayclass.c", tfjsonpath.New("accepted"), knownvalue.Null()),
					statecheck.ExpectKnownValue("eg_gatewayclass.c", tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Pending")),
					statecheck.ExpectKnownValue("eg_gatewayclass.c", tfjsonpath.New("wait_for_accepted"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(checkClass(gw, class, ctrl, ""), checkClassDescription(gw, class, "first")),
			},
			{
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gatewayclass.c", plancheck.ResourceActionUpdate),
				}},
				Check: checkClassDescription(gw, class, "second"),
			},
			{
				// An import block: the plan after import must be a no-op.
				Config:          second,
				ResourceName:    "eg_gatewayclass.c",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   class,
			},
			{
				ResourceName:                         "eg_gatewayclass.c",
				ImportState:                          true,
				ImportStateId:                        class,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"timeouts"},
			},
			{
				// Description removed: "" means none, and stays a no-op.
				Config: config("", `description = ""`),
				Check:  checkClassDescription(gw, class, ""),
			},
			{
				Config: second,
				Check:  checkClassDescription(gw, class, "second"),
			},
			{
				// Drift in a field this provider owns: the plan sets it back,
				// and the apply refuses to take it from the other manager.
				PreConfig: func() {
					editClass(t, gw, class, func(c *gwapiv1.GatewayClass) { c.Spec.Description = ptr("edited by hand") })
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gatewayclass.c", plancheck.ResourceActionUpdate),
				}},
				ExpectError: wrapped(`Field manager conflict.*GatewayClass ` + class + `: fields \.spec\.description are owned by field manager\(s\) "` + handEditor + `"`),
			},
			{
				// Undone by the same hand: nothing to do.
				PreConfig: func() { editClass(t, gw, class, func(c *gwapiv1.GatewayClass) { c.Spec.Description = ptr("second") }) },
				Config:    second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Deleted outside Terraform: created again.
				PreConfig: func() {
					if err := gw.GatewayV1().GatewayClasses().Delete(context.Background(), class, metav1.DeleteOptions{}); err != nil {
						t.Fatal(err)
					}
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gatewayclass.c", plancheck.ResourceActionCreate),
				}},
				Check: checkClass(gw, class, ctrl, ""),
			},
			{
				// controller_name is immutable in the GatewayClass: replaced.
				Config: config(fmt.Sprintf("controller_name = %q", other), `description = "second"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gatewayclass.c", plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue("eg_gatewayclass.c", tfjsonpath.New("controller_name"), knownvalue.StringExact(other)),
				}},
				Check: checkClass(gw, class, other, ""),
			},
			{
				Config: config(fmt.Sprintf("controller_name = %q", other), `description = "second"
  timeouts = { delete = "3s" }`),
			},
			{
				// A finalizer holds the class: the delete waits for it until
				// its timeout and names it.
				PreConfig: func() {
					editClass(t, gw, class, func(c *gwapiv1.GatewayClass) { c.Finalizers = []string{"example.com/hold"} })
				},
				Config:      providerHCL(chart) + tenantHCL("t", tenant, fmt.Sprintf("controller_name = %q", other), ""),
				ExpectError: wrapped(`GatewayClass ` + class + ` is still being deleted: finalizers \[example\.com/hold\] hold it`),
			},
			{
				// Once the finalizer is gone, the delete completes.
				PreConfig: func() { editClass(t, gw, class, func(c *gwapiv1.GatewayClass) { c.Finalizers = nil }) },
				Config:    providerHCL(chart) + tenantHCL("t", tenant, fmt.Sprintf("controller_name = %q", other), ""),
				Check:     checkGatewaysGone(gw, dc, []string{class}, nil, nil),
			},
		},
	})
}

func ptr[T any](v T) *T { return &v }

// editClass changes a class as a person with kubectl edit would: an update
// by another field manager.
func editClass(t *testing.T, gw gatewayclient.Interface, name string, edit func(*gwapiv1.GatewayClass)) {
	t.Helper()
	c, err := gw.GatewayV1().GatewayClasses().Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edit(c)
	if _, err := gw.GatewayV1().GatewayClasses().Update(context.Background(), c, metav1.UpdateOptions{FieldManager: handEditor}); err != nil {
		t.Fatalf("edit GatewayClass %s by hand: %v", name, err)
	}
}

func checkClassDescription(gw gatewayclient.Interface, name, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, err := gw.GatewayV1().GatewayClasses().Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		got := ""
		if c.Spec.Description != nil {
			got = *c.Spec.Description
		}
		if got != want {
			return fmt.Errorf("GatewayClass %s: description %q, want %q", name, got, want)
		}
		return nil
	}
}

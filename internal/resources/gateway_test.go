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
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// Listeners of every shape the schema has, written as users write them:
// CRD defaults (tls.mode Terminate, routes from Same) left out.
const lifecycleListeners = `
    { name = "http", port = 80, protocol = "HTTP", hostname = "www.example.com",
      allowed_routes = { namespaces = { from = "All" } } },
    { name = "https", port = 443, protocol = "HTTPS", hostname = "www.example.com",
      tls = { certificate_refs = [{ name = "www-cert" }, { name = "shared-cert", namespace = "certs" }] } },
    { name = "passthrough", port = 8443, protocol = "TLS", hostname = "db.example.com", tls = { mode = "Passthrough" } },
    { name = "selected", port = 8080, protocol = "HTTP",
      allowed_routes = { namespaces = { from = "Selector", selector = { match_labels = { team = "web" },
        match_expressions = [{ key = "env", operator = "In", values = ["prod", "stage"] }] } } } },
    { name = "tcp", port = 9000, protocol = "TCP" }`

func TestAccGateway_lifecycle(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("gw"), acctest.RandomWithPrefix("gw")
	config := func(gatewayExtra, listeners string) string {
		return providerHCL(chart) + tenantHCL("t", tenant, "", "") +
			classHCL("c", class, "eg_tenant.t.controller_name", "") + fmt.Sprintf(`
resource "eg_gateway" "g" {
  name               = "web"
  namespace          = eg_tenant.t.namespace
  gateway_class_name = eg_gatewayclass.c.name
  %s
  listeners = [%s
  ]
}
`, gatewayExtra, listeners)
	}
	first := config("", lifecycleListeners)
	// Updated: a hostname changed, a listener added, and "" for no hostname.
	second := config("", lifecycleListeners+`,
    { name = "udp", port = 9000, protocol = "UDP", hostname = "" }`)
	pending := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.NotNull(), "attached_routes": knownvalue.Null(),
		"conflicted": knownvalue.Null(), "reason": knownvalue.StringExact("Pending"),
	})

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, []string{class}, [][2]string{{tenant, "web"}}, nil),
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("id"), knownvalue.StringExact(tenant+"/web")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					// No controller on the test bed: the CRD's default
					// conditions (Unknown, Pending) read as null / Pending.
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("accepted"), knownvalue.Null()),
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Pending")),
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("programmed"), knownvalue.Null()),
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("programmed_reason"), knownvalue.StringExact("Pending")),
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("addresses"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("listener_status"),
						knownvalue.ListExact([]knownvalue.Check{pending, pending, pending, pending, pending})),
					statecheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("listener_status").AtSliceIndex(2).AtMapKey("name"),
						knownvalue.StringExact("passthrough")),
				},
				Check: checkGateway(gw, tenant, "web", class, "http/HTTP/80/www.example.com", "https/HTTPS/443/www.example.com",
					"passthrough/TLS/8443/db.example.com", "selected/HTTP/8080/", "tcp/TCP/9000/"),
			},
			{
				// Import with an import block: the plan after import must be
				// a no-op, i.e. what was read back (with the API server's
				// defaults) means exactly the configuration.
				Config:          first,
				ResourceName:    "eg_gateway.g",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   tenant + "/web",
			},
			{
				ResourceName:                         "eg_gateway.g",
				ImportState:                          true,
				ImportStateId:                        tenant + "/web",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"timeouts"},
			},
			{
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gateway.g", plancheck.ResourceActionUpdate),
				}},
				Check: checkGateway(gw, tenant, "web", class, "http/HTTP/80/www.example.com", "https/HTTPS/443/www.example.com",
					"passthrough/TLS/8443/db.example.com", "selected/HTTP/8080/", "tcp/TCP/9000/", "udp/UDP/9000/"),
			},
			{
				// A port changed by hand: planned back, and refused as a
				// conflict naming the hand's field manager and the field.
				PreConfig: func() {
					editWebGateway(t, gw, tenant, func(g *gwapiv1.Gateway) { g.Spec.Listeners[0].Port = 81 })
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gateway.g", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("eg_gateway.g", tfjsonpath.New("listeners").AtSliceIndex(0).AtMapKey("port"), knownvalue.Int64Exact(80)),
				}},
				ExpectError: wrapped(`Field manager conflict.*Gateway ` + tenant + `/web: fields \.spec\.listeners\[name="http"\]\.port are owned by field manager\(s\) "` + handEditor + `"`),
			},
			{
				PreConfig: func() {
					editWebGateway(t, gw, tenant, func(g *gwapiv1.Gateway) { g.Spec.Listeners[0].Port = 80 })
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// A listener added by hand: planned away, but this provider
				// does not own it, so the apply says who keeps it.
				PreConfig: func() {
					editWebGateway(t, gw, tenant, func(g *gwapiv1.Gateway) {
						g.Spec.Listeners = append(g.Spec.Listeners, gwapiv1.Listener{Name: "extra", Port: 7000, Protocol: gwapiv1.TCPProtocolType})
					})
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gateway.g", plancheck.ResourceActionUpdate),
				}},
				ExpectError: wrapped(`Gateway differs from the configuration after apply.*Gateway ` + tenant + `/web still has other values for listeners after the apply: field manager\(s\) \[` + handEditor + `\]`),
			},
			{
				PreConfig: func() {
					editWebGateway(t, gw, tenant, func(g *gwapiv1.Gateway) { g.Spec.Listeners = g.Spec.Listeners[:len(g.Spec.Listeners)-1] })
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Nothing serves the class on the test bed: waiting for
				// Accepted ends with the timeout and says why.
				Config:      config(`wait_for_accepted = true`+"\n  timeouts = { update = \"5s\" }", lifecycleListeners),
				ExpectError: wrapped(`Gateway not accepted.*Gateway ` + tenant + `/web was not Accepted in time: Accepted=Unknown, reason Pending`),
			},
		},
	})
}

// editWebGateway changes the Gateway "web" as a person with kubectl edit
// would.
func editWebGateway(t *testing.T, gw gatewayclient.Interface, ns string, edit func(*gwapiv1.Gateway)) {
	t.Helper()
	const name = "web"
	g, err := gw.GatewayV1().Gateways(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edit(g)
	if _, err := gw.GatewayV1().Gateways(ns).Update(context.Background(), g, metav1.UpdateOptions{FieldManager: handEditor}); err != nil {
		t.Fatalf("edit Gateway %s/%s by hand: %v", ns, name, err)
	}
}

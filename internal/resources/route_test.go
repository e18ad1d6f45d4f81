// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// routeHCL is an eg_http_route of the given body.
func routeHCL(label, name, namespace, body string) string {
	return fmt.Sprintf(`
resource "eg_http_route" %q {
  name      = %q
  namespace = %s
%s
}
`, label, name, namespace, body)
}

const appRoute = `
  parent_refs = [{ name = eg_gateway.web.name, section_name = "http" }]
  hostnames   = ["www.example.com"]
  rules = [{
    matches = [{
      path    = { type = "PathPrefix", value = "/example" }
      method  = "GET"
      headers = [{ name = "x-env", value = "canary" }]
    }]
    filters = [
      { request_header_modifier = { set = [{ name = "x-from", value = "eg" }] } },
      { request_mirror = { backend_ref = { name = "shadow", port = 8080 }, percent = 10 } },
    ]
    backend_refs = [{ name = "app", port = 80, weight = 1 }]
    timeouts     = { request = "10s", backend_request = "5s" }
  }]
`

// An eg_http_route is written in the same apply as its Gateway, reads back
// as written (import included), plans back what someone changes (and,
// never forcing, names them), updates in place, and goes while its Gateway
// stays.
func TestAccHTTPRoute_lifecycle(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw := gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("route")
	base := providerHCL(chart) + tenantHCL("t", ns, "", "") + classHCL("c", ns, "eg_tenant.t.controller_name", "") +
		gatewayHCL("web", "web", "eg_tenant.t.namespace", "eg_gatewayclass.c.name", httpListener("http", 8080, "*.example.com"))
	config := base + routeHCL("app", "app", "eg_tenant.t.namespace", appRoute)
	updated := base + routeHCL("app", "app", "eg_tenant.t.namespace", `
  parent_refs = [{ name = eg_gateway.web.name }]
  rules       = [{ backend_refs = [{ name = "app", port = 8080 }] }]
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkRouteGone(gw, ns, "app"),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: checkRoute(gw, ns, "app", func(r *gwapiv1.HTTPRoute) error {
					rule := r.Spec.Rules[0]
					if len(rule.Filters) != 2 || rule.Filters[1].RequestMirror == nil || string(rule.Filters[0].Type) != "RequestHeaderModifier" ||
						*rule.Matches[0].Path.Value != "/example" || *rule.Timeouts.BackendRequest != "5s" || *rule.BackendRefs[0].Port != 80 {
						return fmt.Errorf("rule %+v", rule)
					}
					return nil
				}),
			},
			{Config: config, ResourceName: "eg_http_route.app", ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: ns + "/app"},
			{
				ResourceName: "eg_http_route.app", ImportState: true, ImportStateId: ns + "/app", ImportStateVerify: true,
				ImportStateVerifyIdentifierAttribute: "id", ImportStateVerifyIgnore: []string{"timeouts", "parents"},
			},
			{
				PreConfig: func() {
					editRoute(t, gw, ns, "app", func(r *gwapiv1.HTTPRoute) { p := gwapiv1.PortNumber(81); r.Spec.Rules[0].BackendRefs[0].Port = &p })
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_http_route.app", plancheck.ResourceActionUpdate),
				}},
				ExpectError: wrapped(`Field manager conflict.*HTTPRoute ` + ns + `/app: fields .*rules.* are owned by field manager\(s\) "` + handEditor + `"`),
			},
			{
				PreConfig: func() {
					editRoute(t, gw, ns, "app", func(r *gwapiv1.HTTPRoute) { p := gwapiv1.PortNumber(80); r.Spec.Rules[0].BackendRefs[0].Port = &p })
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// The route goes; its Gateway stays.
				Config: base,
				Check: func(s *terraform.State) error {
					if err := checkRouteGone(gw, ns, "app")(s); err != nil {
						return err
					}
					_, err := gw.GatewayV1().Gateways(ns).Get(context.Background(), "web", metav1.GetOptions{})
					return err
				},
			},
			{
				Config: updated,
				Check: checkRoute(gw, ns, "app", func(r *gwapiv1.HTTPRoute) error {
					if r.Spec.ParentRefs[0].SectionName != nil || *r.Spec.Rules[0].BackendRefs[0].Port != 8080 {
						return fmt.Errorf("spec %+v", r.Spec)
					}
					return nil
				}),
			},
			{Config: updated, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func editRoute(t *testing.T, gw gatewayclient.Interface, ns, name string, edit func(*gwapiv1.HTTPRoute)) {
	t.Helper()
	ctx := context.Background()
	r, err := gw.GatewayV1().HTTPRoutes(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edit(r)
	if _, err := gw.GatewayV1().HTTPRoutes(ns).Update(ctx, r, metav1.UpdateOptions{FieldManager: handEditor}); err != nil {
		t.Fatalf("edit HTTPRoute %s/%s by hand: %v", ns, name, err)
	}
}

func checkRoute(gw gatewayclient.Interface, ns, name string, check func(*gwapiv1.HTTPRoute) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		r, err := gw.GatewayV1().HTTPRoutes(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		return check(r)
	}
}

func checkRouteGone(gw gatewayclient.Interface, ns, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := gw.GatewayV1().HTTPRoutes(ns).Get(context.Background(), name, metav1.GetOptions{})
		if !apierrors.IsNotFound(err) {
			return fmt.Errorf("HTTPRoute %s/%s still there (%v)", ns, name, err)
		}
		return nil
	}
}

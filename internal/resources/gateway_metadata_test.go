// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// A Gateway's labels, annotations and infrastructure (with its own
// EnvoyProxy) are written; keys other controllers add are no drift, a
// configured key changed by hand is planned back (and, never forced, the
// apply names who changed it); a Gateway-level proxy in another namespace
// is refused at plan.
func TestAccGateway_metadataAndInfrastructure(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("meta")
	gateway := func(extra string) string {
		return providerHCL(chart) + tenantHCL("t", ns, "", "") +
			envoyProxyHCL("own", "own", `  service = { type = "ClusterIP" }`) +
			classHCL("c", ns, "eg_tenant.t.controller_name", "") +
			strings.Replace(gatewayHCL("web", "web", "eg_tenant.t.namespace", "eg_gatewayclass.c.name", httpListener("http", 8080, "www.example.com")),
				"  listeners = [", extra+"\n  listeners = [", 1)
	}
	config := gateway(`
  labels      = { team = "web" }
  annotations = { "cert-manager.io/cluster-issuer" = "letsencrypt" }
  infrastructure = {
    labels         = { tier = "edge" }
    annotations    = { "external-dns.alpha.kubernetes.io/hostname" = "www.example.com" }
    parameters_ref = eg_envoy_proxy.own.parameters_ref
  }`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, []string{ns}, [][2]string{{ns, "web"}}, [][2]string{{ns, "own"}}),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: checkGatewayMetadata(gw, ns, "web", map[string]string{"team": "web", "app.kubernetes.io/managed-by": "terraform-provider-eg"},
					map[string]string{"cert-manager.io/cluster-issuer": "letsencrypt"}, "tier=edge own"),
			},
			{
				// What cert-manager and external-dns add is not this resource's.
				PreConfig: func() {
					editGatewayMetadata(t, gw, ns, "web", map[string]string{"acme.cert-manager.io/owner": "x"},
						map[string]string{"external-dns.alpha.kubernetes.io/ttl": "60"})
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() { editGatewayMetadata(t, gw, ns, "web", map[string]string{"team": "other"}, nil) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gateway.web", plancheck.ResourceActionUpdate),
				}},
				ExpectError: wrapped(`Field manager conflict.*Gateway ` + ns + `/web: fields .*team.* are owned by field manager\(s\) "` + handEditor + `"`),
			},
			{
				PreConfig:        func() { editGatewayMetadata(t, gw, ns, "web", map[string]string{"team": "web"}, nil) },
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: gateway(`
  infrastructure = { parameters_ref = { group = "gateway.envoyproxy.io", kind = "EnvoyProxy", name = "own", namespace = "elsewhere" } }`),
				PlanOnly:    true,
				ExpectError: wrapped(`EnvoyProxy namespace "elsewhere" is not the Gateway's namespace`),
			},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// editGatewayMetadata adds or changes labels and annotations as a person
// with kubectl edit would.
func editGatewayMetadata(t *testing.T, gw gatewayclient.Interface, ns, name string, labels, annotations map[string]string) {
	t.Helper()
	ctx := context.Background()
	g, err := gw.GatewayV1().Gateways(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Labels == nil {
		g.Labels = map[string]string{}
	}
	if g.Annotations == nil {
		g.Annotations = map[string]string{}
	}
	maps.Copy(g.Labels, labels)
	maps.Copy(g.Annotations, annotations)
	if _, err := gw.GatewayV1().Gateways(ns).Update(ctx, g, metav1.UpdateOptions{FieldManager: handEditor}); err != nil {
		t.Fatalf("edit Gateway %s/%s by hand: %v", ns, name, err)
	}
}

// checkGatewayMetadata checks the Gateway's labels and annotations (at
// least these) and its infrastructure, as "label=value proxy".
func checkGatewayMetadata(gw gatewayclient.Interface, ns, name string, labels, annotations map[string]string, infra string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		g, err := gw.GatewayV1().Gateways(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for k, v := range labels {
			if g.Labels[k] != v {
				return fmt.Errorf("label %s=%q, want %q (labels %v)", k, g.Labels[k], v, g.Labels)
			}
		}
		for k, v := range annotations {
			if g.Annotations[k] != v {
				return fmt.Errorf("annotation %s=%q, want %q", k, g.Annotations[k], v)
			}
		}
		i := g.Spec.Infrastructure
		if i == nil || i.ParametersRef == nil {
			return fmt.Errorf("infrastructure %+v", i)
		}
		if got := fmt.Sprintf("tier=%s %s", i.Labels["tier"], i.ParametersRef.Name); got != infra {
			return fmt.Errorf("infrastructure %q, want %q", got, infra)
		}
		return nil
	}
}

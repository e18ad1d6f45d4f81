// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// The seed's deployment modes, each applied in one apply from the example
// that make demo applies. On a cluster without the Gateway API CRDs (a
// fresh test bed) the apply starts from an empty cluster: the tenant's
// chart installs the CRDs and the classes and gateways wait for them.

// EG_ACC_DELETE_CRDS=1 removes the CRDs before each mode, so that every
// mode proves it; make testacc sets it when it runs its own control plane.

// renaming is the second step of an example's test: its tenants renamed.
// That changes their controller names, so every class is replaced, and
// every Gateway with its class (a class's delete waits until no Gateway
// uses it); the apply finishes without waiting on a finalizer.
type renaming struct {
	tenants  map[string]string // old name → new name
	replaced []string          // addresses planned for replacement
}

// exampleTest applies examples/<mode>, renames its tenants, and destroys it.
func exampleTest(t *testing.T, mode string, plan []plancheck.PlanCheck, state []statecheck.StateCheck, check resource.TestCheckFunc, gone resource.TestCheckFunc, rename renaming) {
	cfg := kubetest.RESTConfig(t)
	chart := kubetest.EnvoyGatewayChart(t)
	if os.Getenv("EG_ACC_DELETE_CRDS") == "1" {
		// A disposable cluster (make testacc's own control plane): start
		// from no Gateway API or Envoy Gateway CRDs at all.
		deleteGatewayCRDs(t, cfg)
		if gatewayAPIInstalled(t, cfg) {
			t.Fatal("the Gateway API CRDs are still installed")
		}
	}
	t.Logf("examples/%s: Gateway API CRDs installed before the apply: %v", mode, gatewayAPIInstalled(t, cfg))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             gone,
		Steps: []resource.TestStep{
			{
				Config:            exampleConfig(t, mode),
				ConfigVariables:   exampleVariables(chart),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: plan},
				ConfigStateChecks: state,
				Check:             check,
			},
			{
				Config:           renameTenants(t, exampleConfig(t, mode), rename.tenants),
				ConfigVariables:  exampleVariables(chart),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectReplaced(rename.replaced)},
			},
		},
	})
}

// renameTenants renames each tenant of an example's configuration.
func renameTenants(t *testing.T, cfg string, names map[string]string) string {
	t.Helper()
	for old, name := range names {
		from := fmt.Sprintf("name             = %q", old)
		if strings.Count(cfg, from) != 1 {
			t.Fatalf("the example has not exactly one %s", from)
		}
		cfg = strings.Replace(cfg, from, fmt.Sprintf("name             = %q", name), 1)
	}
	return cfg
}

func expectReplaced(addresses []string) []plancheck.PlanCheck {
	var out []plancheck.PlanCheck
	for _, a := range addresses {
		out = append(out, plancheck.ExpectResourceAction(a, plancheck.ResourceActionDestroyBeforeCreate))
	}
	return out
}

func TestAccExample_singleClass(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	exampleTest(t, "single-class",
		[]plancheck.PlanCheck{
			plancheck.ExpectKnownValue("eg_gatewayclass.eg", tfjsonpath.New("id"), knownvalue.StringExact("eg")),
			plancheck.ExpectKnownValue("eg_gateway.eg", tfjsonpath.New("id"), knownvalue.StringExact("envoy-gateway-system/eg")),
			plancheck.ExpectKnownValue("eg_gatewayclass.eg", tfjsonpath.New("controller_name"),
				knownvalue.StringExact("gateway.envoyproxy.io/eg-gatewayclass-controller")),
		},
		[]statecheck.StateCheck{
			// No controller runs on the test bed: nothing has reported.
			statecheck.ExpectKnownValue("eg_gateway.eg", tfjsonpath.New("accepted"), knownvalue.Null()),
			statecheck.ExpectKnownValue("eg_gateway.eg", tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Pending")),
			statecheck.ExpectKnownValue("eg_gatewayclass.eg", tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Pending")),
		},
		resource.ComposeTestCheckFunc(
			checkClass(gw, "eg", "gateway.envoyproxy.io/eg-gatewayclass-controller", "envoy-gateway-system/eg"),
			checkGateway(gw, "envoy-gateway-system", "eg", "eg", "http/HTTP/80/"),
			checkRouteParents(gw, "envoy-gateway-system", "app", "envoy-gateway-system/eg"),
		),
		resource.ComposeTestCheckFunc(
			checkGatewaysGone(gw, dc, []string{"eg"}, [][2]string{{"envoy-gateway-system", "eg"}}, [][2]string{{"envoy-gateway-system", "eg"}}),
			checkRouteGone(gw, "envoy-gateway-system", "app")),
		renaming{tenants: map[string]string{"eg": "eg-renamed"},
			replaced: []string{"eg_tenant.eg", "eg_gatewayclass.eg", "eg_gateway.eg"}},
	)
}

func TestAccExample_multiClass(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	ctrl := "gateway.envoyproxy.io/shared-gatewayclass-controller"
	exampleTest(t, "multi-class",
		[]plancheck.PlanCheck{
			plancheck.ExpectKnownValue("eg_gatewayclass.internal", tfjsonpath.New("controller_name"), knownvalue.StringExact(ctrl)),
			plancheck.ExpectKnownValue("eg_gatewayclass.external", tfjsonpath.New("controller_name"), knownvalue.StringExact(ctrl)),
		},
		nil,
		resource.ComposeTestCheckFunc(
			checkClass(gw, "eg-internal", ctrl, ""),
			checkClass(gw, "eg-external", ctrl, ""),
			checkGateway(gw, "eg-shared", "internal", "eg-internal", "http/HTTP/80/internal.example.com"),
			checkGateway(gw, "eg-shared", "external", "eg-external", "http/HTTP/80/external.example.com"),
			checkRouteParents(gw, "eg-shared", "api", "eg-shared/internal/http", "eg-shared/external/http"),
		),
		resource.ComposeTestCheckFunc(
			checkGatewaysGone(gw, dc, []string{"eg-internal", "eg-external"}, [][2]string{{"eg-shared", "internal"}, {"eg-shared", "external"}}, nil),
			checkRouteGone(gw, "eg-shared", "api")),
		renaming{tenants: map[string]string{"shared": "shared-renamed"},
			replaced: []string{"eg_tenant.shared", "eg_gatewayclass.internal", "eg_gatewayclass.external", "eg_gateway.internal", "eg_gateway.external"}},
	)
}

func TestAccExample_multiTenant(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	exampleTest(t, "multi-tenant", nil, nil,
		resource.ComposeTestCheckFunc(
			checkWatchConfig(kube, "marketing", "gateway.envoyproxy.io/marketing-gatewayclass-controller", "marketing"),
			checkWatchConfig(kube, "product", "gateway.envoyproxy.io/product-gatewayclass-controller", "product"),
			checkClass(gw, "eg-marketing", "gateway.envoyproxy.io/marketing-gatewayclass-controller", ""),
			checkClass(gw, "eg-product", "gateway.envoyproxy.io/product-gatewayclass-controller", ""),
			checkGateway(gw, "marketing", "eg", "eg-marketing", "http/HTTP/8080/www.marketing.example.com"),
			checkGateway(gw, "product", "eg", "eg-product", "http/HTTP/8080/www.product.example.com"),
			checkRouteParents(gw, "marketing", "web", "marketing/eg/http"),
			checkRouteParents(gw, "product", "web", "product/eg/http"),
		),
		resource.ComposeTestCheckFunc(
			checkGatewaysGone(gw, dc, []string{"eg-marketing", "eg-product"}, [][2]string{{"marketing", "eg"}, {"product", "eg"}}, nil),
			checkRouteGone(gw, "marketing", "web"), checkRouteGone(gw, "product", "web")),
		renaming{tenants: map[string]string{"marketing": "marketing-renamed"},
			replaced: []string{"eg_tenant.marketing", "eg_gatewayclass.marketing", "eg_gateway.marketing"}},
	)
}

func TestAccExample_merged(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	ref := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"group": knownvalue.StringExact("gateway.envoyproxy.io"), "kind": knownvalue.StringExact("EnvoyProxy"),
		"name": knownvalue.StringExact("merged-eg"), "namespace": knownvalue.StringExact("eg-merged"),
	})
	exampleTest(t, "merged",
		[]plancheck.PlanCheck{
			// Known before apply, so the class and the merged checks see it.
			plancheck.ExpectKnownValue("eg_merged_proxy.merged-eg", tfjsonpath.New("parameters_ref"), ref),
			plancheck.ExpectKnownValue("eg_gatewayclass.merged-eg", tfjsonpath.New("parameters_ref"), ref),
			plancheck.ExpectKnownValue("eg_merged_proxy.merged-eg", tfjsonpath.New("id"), knownvalue.StringExact("eg-merged/merged-eg")),
		},
		[]statecheck.StateCheck{
			statecheck.ExpectKnownValue("eg_gateway.merged2", tfjsonpath.New("listener_status"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("http"), "attached_routes": knownvalue.Null(),
					"conflicted": knownvalue.Null(), "reason": knownvalue.StringExact("Pending"),
				}),
			})),
		},
		resource.ComposeTestCheckFunc(
			checkMergedProxy(dc, "eg-merged", "merged-eg"),
			checkClass(gw, "merged-eg", "gateway.envoyproxy.io/merged-gatewayclass-controller", "eg-merged/merged-eg"),
			checkGateway(gw, "eg-merged", "merged1", "merged-eg", "http/HTTP/8080/www.merged1.com"),
			checkGateway(gw, "eg-merged", "merged2", "merged-eg", "http/HTTP/8081/www.merged2.com"),
			checkGateway(gw, "eg-merged", "merged3", "merged-eg", "http/HTTP/8082/www.merged3.com"),
			checkRouteParents(gw, "eg-merged", "example", "eg-merged/merged1/http"),
		),
		resource.ComposeTestCheckFunc(
			checkGatewaysGone(gw, dc, []string{"merged-eg"},
				[][2]string{{"eg-merged", "merged1"}, {"eg-merged", "merged2"}, {"eg-merged", "merged3"}},
				[][2]string{{"eg-merged", "merged-eg"}}),
			checkRouteGone(gw, "eg-merged", "example")),
		renaming{tenants: map[string]string{"merged": "merged-renamed"},
			replaced: []string{"eg_tenant.merged", "eg_gatewayclass.merged-eg", "eg_gateway.merged1", "eg_gateway.merged2", "eg_gateway.merged3"}},
	)
}

// checkRouteParents checks that the provider wrote an HTTPRoute with these
// parent refs, each namespace/name[/section].
func checkRouteParents(gw gatewayclient.Interface, ns, name string, parents ...string) resource.TestCheckFunc {
	return checkRoute(gw, ns, name, func(r *gwapiv1.HTTPRoute) error {
		if err := checkWrittenByProvider(&r.ObjectMeta); err != nil {
			return fmt.Errorf("HTTPRoute %s/%s: %w", ns, name, err)
		}
		var got []string
		for _, p := range r.Spec.ParentRefs {
			ref := ns + "/" + string(p.Name)
			if p.Namespace != nil {
				ref = string(*p.Namespace) + "/" + string(p.Name)
			}
			if p.SectionName != nil {
				ref += "/" + string(*p.SectionName)
			}
			got = append(got, ref)
		}
		if strings.Join(got, " ") != strings.Join(parents, " ") {
			return fmt.Errorf("HTTPRoute %s/%s: parents %v, want %v", ns, name, got, parents)
		}
		return nil
	})
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// tenantProvider points the provider's default chart at a copy of the real
// Envoy Gateway chart taken from the module cache.
func tenantProvider(chartDir string) string {
	return egacc.ProviderSource + fmt.Sprintf(`
provider "eg" {
  chart = { repository = %q, version = %q }
}
`, chartDir, kubetest.EnvoyGatewayVersion)
}

// tenantHCL is a tenant on the test bed: no kubelet, so no hooks and no wait.
func tenantHCL(label, name, watch, extra string) string {
	return fmt.Sprintf(`
resource "eg_tenant" %[1]q {
  name             = %[2]q
  namespace        = %[2]q
  create_namespace = true
  wait             = false
  disable_hooks    = true
  %[3]s
  %[4]s
}
`, label, name, watch, extra)
}

func TestAccTenant_multiTenant(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	mkt := acctest.RandomWithPrefix("mkt")
	prd := acctest.RandomWithPrefix("prd")
	extra := mkt + "-extra"
	gatewaysList := func(tenant, ns string) bool {
		return kubetest.CanList(t, kube, "system:serviceaccount:"+tenant+":envoy-gateway",
			"gateway.networking.k8s.io", "gateways", ns)
	}
	watchOnly := func(ns ...string) string {
		return fmt.Sprintf("watch = { namespaces = %s }", hclList(ns))
	}
	// A secret in sensitive_values must never reach the state, not even
	// through an import, which cannot tell it from a plain value.
	const secret = "s3cr3t-import-marker"
	productSecret := fmt.Sprintf(`sensitive_values = yamlencode({ commonLabels = { token = %q } })`, secret)
	step1 := tenantProvider(chart) +
		tenantHCL("marketing", mkt, watchOnly(mkt), "") +
		tenantHCL("product", prd, watchOnly(prd), productSecret)
	step2 := tenantProvider(chart) +
		tenantHCL("marketing", mkt, watchOnly(mkt, extra), `values = yamlencode({ commonLabels = { team = "marketing" } })`) +
		tenantHCL("product", prd, watchOnly(prd), productSecret)

	removedUnsupported := func() (bool, error) { return !egacc.CLIAtLeast(t, 1, 7), nil }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{mkt, prd}, []string{mkt, prd, extra}),
		Steps: []resource.TestStep{
			{
				Config: step1,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Known before apply, so classes and plan-time checks can use it.
					plancheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("controller_name"),
						knownvalue.StringExact("gateway.envoyproxy.io/"+mkt+"-gatewayclass-controller")),
					plancheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("release_name"), knownvalue.StringExact("eg-"+mkt)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("revision"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("status"), knownvalue.StringExact("deployed")),
					statecheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("chart_version"), knownvalue.StringExact(kubetest.EnvoyGatewayVersion)),
					statecheck.ExpectKnownValue("eg_tenant.product", tfjsonpath.New("id"), knownvalue.StringExact(prd+"/"+prd)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkWatchConfig(kube, mkt, "gateway.envoyproxy.io/"+mkt+"-gatewayclass-controller", mkt),
					checkWatchConfig(kube, prd, "gateway.envoyproxy.io/"+prd+"-gatewayclass-controller", prd),
					checkRoleNamespaces(kube, "eg-"+mkt, mkt),
					checkRoleNamespaces(kube, "eg-"+prd, prd),
					func(*terraform.State) error {
						// Isolation, as the API server's authorizer sees it.
						if !gatewaysList(mkt, mkt) || !gatewaysList(prd, prd) {
							return errors.New("a tenant's controller cannot list Gateways in its own namespace")
						}
						if gatewaysList(mkt, prd) || gatewaysList(prd, mkt) {
							return errors.New("a tenant's controller can list Gateways in the other tenant's namespace")
						}
						return nil
					},
				),
			},
			{
				// Watch and values change: an upgrade (revision 2), never a replace.
				Config: step2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_tenant.marketing", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("eg_tenant.product", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("revision"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("eg_tenant.product", tfjsonpath.New("revision"), knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkWatchConfig(kube, mkt, "gateway.envoyproxy.io/"+mkt+"-gatewayclass-controller", mkt, extra),
					checkRoleNamespaces(kube, "eg-"+mkt, mkt, extra),
				),
			},
			{
				// Drift: an upgrade outside Terraform, of the values and of
				// the controller name left to its default, is planned back.
				PreConfig: func() { helmUpgradeOutside(t, cfg, mkt, chart) },
				Config:    step2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_tenant.marketing", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("controller_name"),
						knownvalue.StringExact("gateway.envoyproxy.io/"+mkt+"-gatewayclass-controller")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("revision"), knownvalue.Int64Exact(4)),
				},
				Check: checkWatchConfig(kube, mkt, "gateway.envoyproxy.io/"+mkt+"-gatewayclass-controller", mkt, extra),
			},
			{
				// Import by ID through an import block. Import leaves values
				// out of the state (it cannot tell them from secrets), so the
				// plan writes the configured values into the state: an
				// update that changes nothing in the cluster (same values
				// hash, same revision).
				Config:             step2,
				ResourceName:       "eg_tenant.marketing",
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ImportStateId:      mkt + "/" + mkt,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_tenant.marketing", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("revision"), knownvalue.Int64Exact(4)),
					plancheck.ExpectKnownValue("eg_tenant.marketing", tfjsonpath.New("watch").AtMapKey("namespaces"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(mkt), knownvalue.StringExact(extra)})),
				}},
			},
			{
				// And the command form, attribute by attribute: everything
				// but the values is restored, and the secret is nowhere.
				ResourceName:                         "eg_tenant.product",
				ImportState:                          true,
				ImportStateId:                        prd + "/" + prd,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"timeouts", "sensitive_values"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					for _, st := range states {
						for k, v := range st.Attributes {
							if strings.Contains(v, secret) {
								return fmt.Errorf("imported state has the secret in %s", k)
							}
						}
					}
					return nil
				},
			},
			{
				// Forget product (the release stays), to import it for real.
				// removed blocks need Terraform 1.7 (OpenTofu 1.7): older
				// CLIs skip this step and the next, which imports product.
				SkipFunc: removedUnsupported,
				Config: tenantProvider(chart) +
					tenantHCL("marketing", mkt, watchOnly(mkt, extra), `values = yamlencode({ commonLabels = { team = "marketing" } })`) +
					"removed {\n  from = eg_tenant.product\n  lifecycle { destroy = false }\n}\n",
			},
			{
				// Imported and applied: the configuration's values go to the
				// state, and the release is not upgraded.
				SkipFunc: removedUnsupported,
				Config:   step2 + fmt.Sprintf("import {\n  to = eg_tenant.product\n  id = %q\n}\n", prd+"/"+prd),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_tenant.product", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.product", tfjsonpath.New("revision"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("eg_tenant.product", tfjsonpath.New("max_history"), knownvalue.Int64Exact(10)),
				},
			},
		},
	})
}

func hclList(items []string) string {
	out := "["
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}

func checkWatchConfig(kube kubernetes.Interface, ns, controller string, watched ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		cfg, err := kubetest.ReadEnvoyGatewayConfig(kube, ns)
		if err != nil {
			return err
		}
		if cfg.Gateway.ControllerName != controller {
			return fmt.Errorf("%s: controllerName %q, want %q", ns, cfg.Gateway.ControllerName, controller)
		}
		w := cfg.Provider.Kubernetes.Watch
		if w == nil || w.Type != "Namespaces" || !reflect.DeepEqual(w.Namespaces, watched) {
			return fmt.Errorf("%s: watch %+v, want type Namespaces with %v", ns, w, watched)
		}
		return nil
	}
}

func checkRoleNamespaces(kube kubernetes.Interface, release string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := kubetest.RoleNamespaces(kube, release)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("roles of %s in namespaces %v, want %v", release, got, want)
		}
		return nil
	}
}

// checkTenantsGone: no release records, no Roles, no namespace the tenants created.
func checkTenantsGone(kube kubernetes.Interface, tenants, namespaces []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, name := range tenants {
			n, err := kubetest.HelmReleaseRecords(kube, name, "eg-"+name)
			if err != nil {
				return err
			}
			if n != 0 {
				return fmt.Errorf("release eg-%s still has %d records", name, n)
			}
			roles, err := kubetest.RoleNamespaces(kube, "eg-"+name)
			if err != nil {
				return err
			}
			if len(roles) != 0 {
				return fmt.Errorf("roles of eg-%s left in %v", name, roles)
			}
		}
		if err := checkNamespacesGone(kube, namespaces...)(nil); err != nil {
			return err
		}
		// The CRDs the first tenant's chart brought stay: other tenants and
		// every Gateway in the cluster depend on them.
		for gv, res := range map[string]string{"gateway.envoyproxy.io/v1alpha1": "envoyproxies", "gateway.networking.k8s.io/v1": "gateways"} {
			list, err := kube.Discovery().ServerResourcesForGroupVersion(gv)
			if err != nil {
				return fmt.Errorf("%s after uninstalling tenants: %v", gv, err)
			}
			if !slices.ContainsFunc(list.APIResources, func(r metav1.APIResource) bool { return r.Name == res }) {
				return fmt.Errorf("%s %s gone after uninstalling tenants", gv, res)
			}
		}
		return nil
	}
}

// helmUpgradeOutside upgrades a tenant's release with the Helm SDK, as a
// person running `helm upgrade --reuse-values --set ...` would.
func helmUpgradeOutside(t *testing.T, cfg *rest.Config, tenant, chartDir string) {
	t.Helper()
	ac := kubetest.HelmConfig(t, cfg, tenant)
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	up := action.NewUpgrade(ac)
	up.Namespace = tenant
	up.DisableHooks = true
	up.ReuseValues = true
	edits := map[string]any{
		"commonLabels": map[string]any{"changed-by": "hand"},
		"config":       map[string]any{"envoyGateway": map[string]any{"gateway": map[string]any{"controllerName": "gateway.envoyproxy.io/by-hand"}}},
	}
	if _, err := up.Run("eg-"+tenant, ch, edits); err != nil {
		t.Fatalf("helm upgrade outside Terraform: %v", err)
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// A namespace_selector watch and the default (all namespaces) watch, checked
// like the namespaces watch: the rendered config and what the controller's
// ServiceAccount may read.
func TestAccTenant_selectorAndAllNamespacesWatch(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	sel := acctest.RandomWithPrefix("sel")
	all := acctest.RandomWithPrefix("all")
	elsewhere := kubetest.Namespace(t, kube, "eg-acc-elsewhere")
	config := tenantProvider(chart) +
		tenantHCL("selector", sel, `watch = { namespace_selector = { match_labels = { team = "blue" } } }`, "") +
		tenantHCL("all", all, "", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{sel, all}, []string{sel, all}),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error {
					c, err := kubetest.ReadEnvoyGatewayConfig(kube, sel)
					if err != nil {
						return err
					}
					w := c.Provider.Kubernetes.Watch
					if w == nil || w.Type != "NamespaceSelector" || w.NamespaceSelector.MatchLabels["team"] != "blue" {
						return fmt.Errorf("selector tenant watch = %+v, want NamespaceSelector team=blue", w)
					}
					c, err = kubetest.ReadEnvoyGatewayConfig(kube, all)
					if err != nil {
						return err
					}
					if c.Provider.Kubernetes.Watch != nil {
						return fmt.Errorf("all-namespaces tenant has a watch: %+v", c.Provider.Kubernetes.Watch)
					}
					return nil
				},
				// Neither scope is a namespace list, so the chart grants
				// cluster-wide read (a ClusterRole), and no namespaced Roles
				// beyond the controller's own namespace.
				checkClusterWideRead(t, kube, sel, elsewhere),
				checkClusterWideRead(t, kube, all, elsewhere),
				checkRoleNamespaces(kube, "eg-"+sel, sel),
				checkRoleNamespaces(kube, "eg-"+all, all),
			),
		}},
	})
}

func checkClusterWideRead(t *testing.T, kube kubernetes.Interface, tenant, other string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if !kubetest.CanList(t, kube, "system:serviceaccount:"+tenant+":envoy-gateway", "gateway.networking.k8s.io", "gateways", other) {
			return errors.New(tenant + ": controller cannot list Gateways in " + other)
		}
		return nil
	}
}

// The plan refuses, before anything is installed, tenants Envoy Gateway
// would reject or that would fight over a controller name.
func TestAccTenant_planTimeRules(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	a := acctest.RandomWithPrefix("dup-a")
	b := acctest.RandomWithPrefix("dup-b")
	shared := `controller_name = "gateway.envoyproxy.io/shared-controller"`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{a, b}, []string{a, b}),
		Steps: []resource.TestStep{
			{
				Config:      tenantProvider(chart) + tenantHCL("a", a, "", shared) + tenantHCL("b", b, "", shared),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)controller_name.*gateway.envoyproxy.io/shared-controller`),
			},
			{
				Config:      tenantProvider(chart) + tenantHCL("a", a, "", `values = yamlencode({ config = { envoyGateway = { gateway = { controllerName = "other" } } } })`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)values.*controllerName`),
			},
			{
				Config:      tenantProvider(chart) + tenantHCL("a", a, `watch = { namespace_selector = {} }`, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)namespace_selector`),
			},
		},
	})
}

// wait = true on a cluster that runs no pods: the apply fails after the
// timeout with what the Deployment says, and the release is kept in state
// (tainted) so nothing is lost or orphaned.
func TestAccTenant_waitTimesOut(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	if nodes, err := kube.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{}); err != nil || len(nodes.Items) > 0 {
		t.Skip("the cluster has nodes: the controller may well become available")
	}
	chart := kubetest.EnvoyGatewayChart(t)
	name := acctest.RandomWithPrefix("wait")
	config := tenantProvider(chart) + fmt.Sprintf(`
resource "eg_tenant" "t" {
  name             = %[1]q
  namespace        = %[1]q
  create_namespace = true
  disable_hooks    = true
  timeouts         = { create = "15s" }
}
`, name)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{name}, []string{name}),
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)Envoy Gateway did not become available.*envoy-gateway is not Available`),
		}},
	})
}

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
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// chartControllerName is the controller name the chart runs with its
// default values.
const chartControllerName = "gateway.envoyproxy.io/gatewayclass-controller"

// A release someone installed by hand (`helm install eg` with the chart's
// defaults) is adopted: the import plans nothing, a later change upgrades
// the same release, and destroy uninstalls it but keeps the namespace the
// provider did not create.
func TestAccTenant_adoptsHandInstalledRelease(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("adopt")
	kubetest.InstallTenant(t, cfg, chart, kubetest.Tenant{Release: "eg", Namespace: ns})

	adopted := func(body string) string {
		return tenantProvider(chart) + fmt.Sprintf(`
resource "eg_tenant" "platform" {
  name            = "platform"
  namespace       = %q
  controller_name = %q
  %s
}
`, ns, chartControllerName, body)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n, err := kubetest.HelmReleaseRecords(kube, ns, "eg"); err != nil || n != 0 {
				return fmt.Errorf("release %s/eg after destroy: %d records, %v", ns, n, err)
			}
			if _, err := kube.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{}); err != nil {
				return fmt.Errorf("namespace %s, which the provider did not create: %v", ns, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Found live before it is imported: a second install of the
				// release, or of its controller name, is refused at plan.
				Config:      adopted(`release_name = "eg"`),
				ExpectError: wrapped(`Helm release ` + ns + `/eg is managed more than once`),
			},
			{
				Config: tenantProvider(chart) + tenantHCL("other", ns+"-other", "",
					fmt.Sprintf("controller_name = %q", chartControllerName)),
				ExpectError: wrapped(`controller name "` + regexp.QuoteMeta(chartControllerName) + `" is also run by live tenant ` + ns + `/eg`),
			},
			{
				// The chart's defaults, spelled out: nothing to change.
				Config: adopted(`release_name = "eg"`) + fmt.Sprintf("import {\n  to = eg_tenant.platform\n  id = %q\n}\n", ns+"/platform/eg"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_tenant.platform", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.platform", tfjsonpath.New("release_name"), knownvalue.StringExact("eg")),
					statecheck.ExpectKnownValue("eg_tenant.platform", tfjsonpath.New("revision"), knownvalue.Int64Exact(1)),
				},
			},
			{
				// Left out of the configuration, release_name keeps the
				// adopted release: an upgrade of it, not a replace.
				Config: adopted(fmt.Sprintf("watch = { namespaces = [%q] }\n  wait = false\n  disable_hooks = true", ns)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_tenant.platform", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_tenant.platform", tfjsonpath.New("release_name"), knownvalue.StringExact("eg")),
					statecheck.ExpectKnownValue("eg_tenant.platform", tfjsonpath.New("revision"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkWatchConfig(kube, ns, chartControllerName, ns),
					func(*terraform.State) error {
						if !kubetest.CanList(t, kube, "system:serviceaccount:"+ns+":envoy-gateway", "gateway.networking.k8s.io", "gateways", ns) {
							return errors.New("the adopted controller cannot list Gateways in its namespace")
						}
						return nil
					},
				),
			},
		},
	})
}

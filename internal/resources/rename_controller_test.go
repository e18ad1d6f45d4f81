// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// gatewayExistsFinalizer is what Envoy Gateway puts on a class while a
// Gateway uses it.
const gatewayExistsFinalizer = "gateway-exists-finalizer.gateway.networking.k8s.io"

// TestAccTenant_renameWithController renames a tenant whose real Envoy
// Gateway controller holds its class with the gateway-exists finalizer. The
// rename replaces the class (controllerName is immutable); the Gateway is
// replaced with it and deleted first, so the controller lets the old class
// go and the apply finishes. Without that, the class's delete waits on the
// finalizer until its timeout (1m here).
func TestAccTenant_renameWithController(t *testing.T) {
	bin := kubetest.ControllerBinary(t) // skips first where no controller can run
	cfg := kubetest.RESTConfig(t)
	gw := gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("rename")
	class := ns + "-class"
	config := func(tenant string) string {
		return providerHCL(chart) +
			fmt.Sprintf(`
resource "eg_tenant" "t" {
  name             = %q
  namespace        = %q
  create_namespace = true
  wait             = false
  disable_hooks    = true
  watch            = { namespaces = [%[2]q] }
  values           = yamlencode({ deployment = { replicas = 0 } })
}
`, tenant, ns) +
			classHCL("c", class, "eg_tenant.t.controller_name", `timeouts = { delete = "1m" }`)
	}
	withGateway := func(tenant string) string {
		return config(tenant) + gatewayHCL("g", "web", "eg_tenant.t.namespace", "eg_gatewayclass.c.name", httpListener("http", 8080, "www.example.com"))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(ns)},
			{
				PreConfig: func() { kubetest.StartController(t, bin, ns) },
				Config:    withGateway(ns),
				Check:     waitFinalizer(gw, class),
			},
			{
				Config: withGateway(ns + "-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: expectReplaced(
					[]string{"eg_tenant.t", "eg_gatewayclass.c", "eg_gateway.g"})},
			},
		},
	})
}

// waitFinalizer waits until the controller holds the class.
func waitFinalizer(gw gatewayclient.Interface, class string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var last []string
		err := wait.PollUntilContextTimeout(context.Background(), time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
			c, err := gw.GatewayV1().GatewayClasses().Get(ctx, class, metav1.GetOptions{})
			if err == nil {
				last = c.Finalizers
				return slices.Contains(c.Finalizers, gatewayExistsFinalizer), nil
			}
			return false, nil // a failed read: poll again until the deadline
		})
		if err != nil {
			return fmt.Errorf("the controller never put %s on class %s (finalizers %v)", gatewayExistsFinalizer, class, last)
		}
		return nil
	}
}

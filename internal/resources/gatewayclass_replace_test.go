// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// A class whose replacement another owner's Gateway would hold up (its
// delete waits on Envoy Gateway's gateway-exists finalizer) is refused at
// plan, naming the Gateway; the Gateways this configuration manages are
// replaced with their class (the examples' tests show that).
func TestAccGatewayClass_replacedUnderOthersGateway(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	one, two := acctest.RandomWithPrefix("one"), acctest.RandomWithPrefix("two")
	class := acctest.RandomWithPrefix("replaced")
	other := kubetest.Namespace(t, kube, "other-owner")
	config := func(controller string) string {
		return providerHCL(chart) + tenantHCL("one", one, "", "") + tenantHCL("two", two, "", "") +
			classHCL("c", class, controller, "")
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("eg_tenant.one.controller_name")},
			{
				PreConfig: func() {
					liveGateway(t, gw, other, "theirs", class, gwapiv1.Listener{Name: "web", Port: 8080, Protocol: gwapiv1.HTTPProtocolType})
				},
				Config:      config("eg_tenant.two.controller_name"),
				ExpectError: wrapped(`GatewayClass replaced under Gateways of other owners.*GatewayClass ` + class + ` is replaced.*` + other + `/theirs`),
			},
		},
	})
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// routeCheckCase is a configuration whose route would never attach, and
// the reason the plan must give.
type routeCheckCase struct {
	name     string
	watch    string // the tenant's watch attribute, or "" for all namespaces
	listener string
	ns       string // the route's namespace, an HCL expression
	route    string // the route's other attributes
	want     *regexp.Regexp
}

// Each way an HTTPRoute fails to attach is refused at plan, with Envoy
// Gateway's reason, before anything of the configuration is written: not
// the tenant, its class, its Gateway or the route.
func TestAccHTTPRoute_attachmentRefusedAtPlan(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ensureGatewayAPI(t, cfg)
	tn, class := acctest.RandomWithPrefix("attach"), acctest.RandomWithPrefix("attach")
	other := kubetest.Namespace(t, kube, "attach-other")
	parent := `parent_refs = [{ name = eg_gateway.web.name, namespace = eg_tenant.t.namespace%s }]`
	inTenant, inOther := "eg_tenant.t.namespace", fmt.Sprintf("%q", other)
	http := httpListener("http", 8080, "*.example.com")
	cases := []routeCheckCase{
		{"section name names no listener", "", http, inTenant, fmt.Sprintf(parent, `, section_name = "nope"`),
			wrapped(`NoMatchingParent: no listener of Gateway ` + tn + `/web matches this parent ref`)},
		{"port names no listener", "", http, inTenant, fmt.Sprintf(parent, `, port = 9999`),
			wrapped(`NoMatchingParent: no listener of Gateway ` + tn + `/web matches this parent ref`)},
		{"namespace the listener does not allow", "", http, inOther, fmt.Sprintf(parent, ""),
			wrapped(`NotAllowedByListeners: no listener of Gateway ` + tn + `/web that this parent ref selects allows this route`)},
		{"listener protocol serves no HTTPRoute", "", `{ name = "tcp", port = 9000, protocol = "TCP" }`, inTenant, fmt.Sprintf(parent, ""),
			wrapped(`NotAllowedByListeners: no listener of Gateway ` + tn + `/web that this parent ref selects allows this route`)},
		{"no hostname intersects the listener's", "", http, inTenant, fmt.Sprintf(parent, "") + `
  hostnames = ["www.example.org"]`,
			wrapped(`NoMatchingListenerHostname: no hostname of the route intersects a listener of Gateway ` + tn + `/web`)},
		{"route namespace outside the tenant's watch", "watch = { namespaces = [\"" + tn + "\"] }",
			`{ name = "http", port = 8080, protocol = "HTTP", allowed_routes = { namespaces = { from = "All" } } }`,
			inOther, fmt.Sprintf(parent, ""),
			wrapped(`namespace "` + other + `" is outside the watch of tenant ` + tn + `/` + tn)},
		{"parent Gateway exists nowhere", "", http, inTenant, `parent_refs = [{ name = "missing", namespace = eg_tenant.t.namespace }]`,
			wrapped(`Gateway ` + tn + `/missing does not exist`)},
	}
	var steps []resource.TestStep
	var before map[string]float64
	for _, c := range cases {
		config := providerHCL(chart) + tenantHCL("t", tn, c.watch, "") +
			classHCL("c", class, "eg_tenant.t.controller_name", "") +
			gatewayHCL("web", "web", "eg_tenant.t.namespace", "eg_gatewayclass.c.name", c.listener) +
			routeHCL("app", "app", c.ns, c.route+`
  rules = [{ backend_refs = [{ name = "app", port = 80 }] }]`)
		steps = append(steps,
			resource.TestStep{PreConfig: snapshot(t, kube, &before), Config: config, ExpectError: c.want},
			noWriteSteps(t, kube, gw, chart, &before, tn, []string{class}, [][2]string{{tn, "web"}}))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps:                    steps,
	})
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// exampleFleetTest applies examples/<mode> in one apply (from an empty
// cluster when EG_ACC_DELETE_CRDS=1, as exampleTest), then starts the
// example tenant's real controller, waits until it has reported on the
// class and Gateways, plans again (no resource changes; an output of a
// Gateway's status may change) and reads
// back the Envoy fleet the controller writes from the example's fleet
// settings. The example's own tenant keeps the chart's controller
// Deployment: on the test bed no pod runs it; the test runs the controller
// out of cluster.
func exampleFleetTest(t *testing.T, mode, tenantNS, class string, gateways []string, fleet labels.Selector, want fleetWant, gone resource.TestCheckFunc) {
	bin := kubetest.ControllerBinary(t)
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	if os.Getenv("EG_ACC_DELETE_CRDS") == "1" {
		deleteGatewayCRDs(t, cfg)
	}
	empty := !gatewayAPIInstalled(t, cfg)
	t.Logf("examples/%s: the apply starts without the Gateway API CRDs: %v", mode, empty)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             gone,
		Steps: []resource.TestStep{
			{Config: exampleConfig(t, mode), ConfigVariables: exampleVariables(chart)},
			{
				PreConfig: func() {
					kubetest.StartController(t, bin, tenantNS)
					waitStatus(t, gw, tenantNS, []string{class}, gateways, nil)
				},
				Config:           exampleConfig(t, mode),
				ConfigVariables:  exampleVariables(chart),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{noResourceChanges{}}},
				Check:            resource.ComposeTestCheckFunc(checkFleetEventually(kube, tenantNS, fleet, want), logFleet(t, kube, tenantNS, fleet)),
			},
		},
	})
}

// examples/merged: one LoadBalancer Service (with the example's NLB
// annotation) and one Deployment of three replicas serve the three
// Gateways' ports.
func TestAccExample_mergedFleet(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	exampleFleetTest(t, "merged", "eg-merged", "merged-eg", []string{"merged1", "merged2", "merged3"}, classFleet("merged-eg"), fleetWant{
		serviceType:        corev1.ServiceTypeLoadBalancer,
		serviceAnnotations: map[string]string{"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"},
		servicePorts:       []int32{8080, 8081, 8082},
		replicas:           3,
	}, checkGatewaysGone(gw, dc, []string{"merged-eg"},
		[][2]string{{"eg-merged", "merged1"}, {"eg-merged", "merged2"}, {"eg-merged", "merged3"}},
		[][2]string{{"eg-merged", "merged-eg"}}))
}

// examples/single-class: the Gateway's own LoadBalancer Service and a
// Deployment of two replicas with the example's resources.
func TestAccExample_singleClassFleet(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw, dc := gatewayClient(t, cfg), dynamicClient(t, cfg)
	exampleFleetTest(t, "single-class", "envoy-gateway-system", "eg", []string{"eg"}, gatewayFleet("envoy-gateway-system", "eg"), fleetWant{
		serviceType:        corev1.ServiceTypeLoadBalancer,
		serviceAnnotations: map[string]string{"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"},
		servicePorts:       []int32{80},
		replicas:           2,
		requests:           map[string]string{"cpu": "100m", "memory": "256Mi"},
		limits:             map[string]string{"memory": "1Gi"},
	}, checkGatewaysGone(gw, dc, []string{"eg"}, [][2]string{{"envoy-gateway-system", "eg"}}, [][2]string{{"envoy-gateway-system", "eg"}}))
}

// noResourceChanges: the plan changes no resource (outputs may change).
type noResourceChanges struct{}

func (noResourceChanges) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var changed []string
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change != nil && !rc.Change.Actions.NoOp() && !rc.Change.Actions.Read() {
			changed = append(changed, fmt.Sprintf("%s %v", rc.Address, rc.Change.Actions))
		}
	}
	if len(changed) > 0 {
		resp.Error = fmt.Errorf("the plan changes %s", strings.Join(changed, ", "))
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// waitingGatewayHCL is a Gateway that waits to be Programmed, up to
// timeout, with more attributes (HCL lines) in extra.
func waitingGatewayHCL(name, class, timeout, extra string, port int) string {
	return gatewayWithHCL(name, name, "eg_tenant.t.namespace", class, fmt.Sprintf(`
  wait_for_programmed = true
  timeouts            = { create = %q }
%s`, timeout, extra), httpListener("http", port, "www."+name+".example.com"))
}

// On the test bed no Envoy pod runs, so wait_for_programmed fails at the
// create timeout (40s here) with the reason the real controller gives:
// NoResources for a Gateway whose ClusterIP Service has an address but no
// available Envoy replica, AddressNotAssigned for one behind a
// LoadBalancer Service no cloud serves. Both Gateways wait at once.
func TestAccGateway_waitForProgrammedTimesOut(t *testing.T) {
	bin := kubetest.ControllerBinary(t)
	cfg := kubetest.RESTConfig(t)
	gw := gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	skipWithNodes(t, kubetest.Kubernetes(t, cfg))
	ns := acctest.RandomWithPrefix("nowait")
	classOnly := providerHCL(chart) + controllerTenantHCL(ns) +
		envoyProxyHCL("cip", "cip", `  service = { type = "ClusterIP" }`) +
		classHCL("c", ns, "eg_tenant.t.controller_name", "") // Envoy Gateway's default: a LoadBalancer Service
	config := classOnly +
		waitingGatewayHCL("cip", "eg_gatewayclass.c.name", "40s",
			"  infrastructure = { parameters_ref = eg_envoy_proxy.cip.parameters_ref }", 8080) +
		waitingGatewayHCL("lb", "eg_gatewayclass.c.name", "40s", "", 8080)
	notProgrammed := func(name, reason, message string) string {
		return fmt.Sprintf(`Gateway not programmed.*Gateway %s/%s was not Programmed in time: Programmed=False, reason %s: %s\.`, ns, name, reason, message)
	}
	cip := notProgrammed("cip", "NoResources", "Envoy replicas unavailable")
	lb := notProgrammed("lb", "AddressNotAssigned", "No addresses have been assigned to the Gateway")
	var applied time.Time

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: classOnly},
			{
				PreConfig: func() {
					kubetest.StartController(t, bin, ns)
					waitStatus(t, gw, ns, []string{ns}, nil, nil)
					applied = time.Now()
				},
				Config:      config,
				ExpectError: wrapped(`(` + cip + `.*` + lb + `|` + lb + `.*` + cip + `)`),
			},
			{
				// The apply failed at the timeout, not before, and not at
				// the default 5 minutes; the controller still says so.
				PreConfig: func() {
					took := time.Since(applied)
					if took < 40*time.Second || took > 2*time.Minute {
						t.Fatalf("the apply failed after %s, want at the 40s timeout", took)
					}
					t.Logf("the apply failed %s after it started", took.Round(time.Second))
					checkProgrammed(t, gw, ns, "cip", metav1.ConditionFalse, "NoResources")
					checkProgrammed(t, gw, ns, "lb", metav1.ConditionFalse, "AddressNotAssigned")
				},
				Config: classOnly, // the tainted Gateways go
			},
		},
	})
}

// checkProgrammed checks the Programmed condition the controller wrote.
func checkProgrammed(t *testing.T, gw gatewayclient.Interface, ns, name string, status metav1.ConditionStatus, reason string) {
	t.Helper()
	g, err := gw.GatewayV1().Gateways(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := kubetest.Condition(g.Status.Conditions, string(gwapiv1.GatewayConditionProgrammed))
	if c.Status != status || c.Reason != reason {
		t.Fatalf("Gateway %s/%s: Programmed=%s (%s), want %s (%s)", ns, name, c.Status, c.Reason, status, reason)
	}
}

// Where the fleet can become ready, wait_for_programmed returns once the
// controller programs the Gateway, and addresses is known in the same
// apply. The test bed has no kubelet: the test stands in for it, for this
// Gateway's Envoy pods only (kubeletStandIn). The controller-manager's
// ReplicaSet controller creates the pods of the Deployment Envoy Gateway
// writes; the stand-in reports them Running and Ready; the Deployment
// becomes Available; Envoy Gateway marks the Gateway Programmed with its
// ClusterIP Service's cluster IP as the address.
func TestAccGateway_waitForProgrammedOnceEnvoyRuns(t *testing.T) {
	bin := kubetest.ControllerBinary(t)
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	skipWithNodes(t, kube) // a real kubelet would race the stand-in
	ns := acctest.RandomWithPrefix("ready")
	classOnly := providerHCL(chart) + controllerTenantHCL(ns) +
		envoyProxyHCL("p", "p", `
  service    = { type = "ClusterIP" }
  deployment = { replicas = 2 }
`) + classHCL("c", ns, "eg_tenant.t.controller_name", "parameters_ref = eg_envoy_proxy.p.parameters_ref")
	config := classOnly + waitingGatewayHCL("web", "eg_gatewayclass.c.name", "3m", "", 8080) + `
output "address" {
  value = eg_gateway.web.addresses[0]
}
`
	var kubelet *kubeletStandIn
	var applied time.Time

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: classOnly},
			{
				PreConfig: func() {
					kubetest.StartController(t, bin, ns)
					waitStatus(t, gw, ns, []string{ns}, nil, nil)
					kubelet = standInKubelet(t, kube, ns, gatewayFleet(ns, "web"))
					applied = time.Now()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("eg_gateway.web", tfjsonpath.New("addresses")),
					plancheck.ExpectUnknownOutputValue("address"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("eg_gateway.web", tfjsonpath.New("programmed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("eg_gateway.web", tfjsonpath.New("programmed_reason"), knownvalue.StringExact("Programmed")),
					statecheck.ExpectKnownValue("eg_gateway.web", tfjsonpath.New("addresses"), knownvalue.ListSizeExact(1)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkAddressIsClusterIP(kube, ns, "web"),
					checkProgrammedByReplicas(t, gw, kube, ns, "web"),
					func(*terraform.State) error {
						t.Logf("the apply with the wait took %s", time.Since(applied).Round(time.Second))
						if n := kubelet.count(); n < 1 {
							return fmt.Errorf("the kubelet stand-in reported %d Envoy pods Ready (last error %v)", n, kubelet.err())
						}
						return nil
					}),
			},
		},
	})
}

// checkProgrammedByReplicas: the controller says why it programmed the
// Gateway: the Envoy Deployment's available replicas.
func checkProgrammedByReplicas(t *testing.T, gw gatewayclient.Interface, kube kubernetes.Interface, ns, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		g, err := gw.GatewayV1().Gateways(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		_, dep, err := envoyFleet(ctx, kube, ns, gatewayFleet(ns, name))
		if err != nil {
			return err
		}
		c := kubetest.Condition(g.Status.Conditions, string(gwapiv1.GatewayConditionProgrammed))
		var addresses []string
		for _, a := range g.Status.Addresses {
			addresses = append(addresses, a.Value)
		}
		t.Logf("Gateway %s/%s: Programmed=%s (%s) %q, addresses %v; Deployment %s: %d of %d replicas available",
			ns, name, c.Status, c.Reason, c.Message, addresses, dep.Name, dep.Status.AvailableReplicas, dep.Status.Replicas)
		if !regexp.MustCompile(`^Address assigned to the Gateway, [12]/2 envoy replicas available$`).MatchString(c.Message) {
			return fmt.Errorf("Programmed condition message %q, want the Envoy replicas available", c.Message)
		}
		return nil
	}
}

// checkAddressIsClusterIP: the Gateway's address in the state, and the
// output that uses it, are the cluster IP of its Envoy Service.
func checkAddressIsClusterIP(kube kubernetes.Interface, ns, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		svc, _, err := envoyFleet(context.Background(), kube, ns, gatewayFleet(ns, name))
		if err != nil {
			return err
		}
		ip := svc.Spec.ClusterIP
		if ip == "" || ip == "None" {
			return fmt.Errorf("Service %s has no cluster IP", svc.Name)
		}
		out := s.RootModule().Outputs["address"]
		if out == nil || out.Value != ip {
			return fmt.Errorf("output address = %v, want the Envoy Service's cluster IP %s", out, ip)
		}
		return resource.TestCheckResourceAttr("eg_gateway."+name, "addresses.0", ip)(s)
	}
}

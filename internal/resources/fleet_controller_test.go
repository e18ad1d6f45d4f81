// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// edgeProxyHCL is an eg_envoy_proxy shaping a whole fleet; the values
// that change between steps are arguments.
func edgeProxyHCL(replicas int, lbType, podNote string) string {
	return envoyProxyHCL("edge", "edge", fmt.Sprintf(`
  service = {
    type        = "NodePort"
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = %q }
    labels      = { svc = "edge" }
  }
  deployment = {
    replicas        = %d
    pod_annotations = { "example.com/pod-note" = %q }
    pod_labels      = { pod = "edge" }
    resources       = { requests = { cpu = "100m", memory = "256Mi" }, limits = { cpu = "1", memory = "1Gi" } }
  }
`, lbType, replicas, podNote))
}

// TestAccEnvoyProxy_controllerWritesFleet reads back what the tenant's real
// Envoy Gateway v1.9.1 controller writes for a Gateway's Envoy fleet (the
// Service and Deployment it creates in the tenant's namespace, found by its
// owning-gateway labels) from an eg_envoy_proxy the class points at and the
// Gateway's infrastructure labels and annotations; then changes the proxy
// and the Gateway's infrastructure annotation and reads the rewritten
// fleet.
//
// Where Envoy Gateway v1.9.1 puts what (asserted in edgeFleetWant): the
// proxy's Service type, labels and annotations go on the Service only;
// replicas on the Deployment; pod labels and annotations on its pod
// template (the pod labels on the Service too); resources on the envoy
// container. The Gateway's infrastructure labels and annotations go on all
// three: the Service, the Deployment and its pod template.
func TestAccEnvoyProxy_controllerWritesFleet(t *testing.T) {
	bin := kubetest.ControllerBinary(t) // skips first where no controller can run
	cfg := kubetest.RESTConfig(t)
	kube, gw, dc := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("fleet")
	class := classHCL("c", ns, "eg_tenant.t.controller_name", "parameters_ref = eg_envoy_proxy.edge.parameters_ref")
	gateway := func(infraNote string) string {
		return gatewayWithHCL("web", "web", "eg_tenant.t.namespace", "eg_gatewayclass.c.name", fmt.Sprintf(`
  infrastructure = {
    labels      = { tier = "edge" }
    annotations = { "example.com/infra-note" = %q }
  }`, infraNote), httpListener("http", 8080, "www.example.com"))
	}
	base := providerHCL(chart) + controllerTenantHCL(ns)
	classOnly := base + edgeProxyHCL(2, "nlb", "a") + class
	first := classOnly + gateway("web")
	changed := base + edgeProxyHCL(3, "external", "b") + class + gateway("web-2")
	fleet := gatewayFleet(ns, "web")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, []string{ns}, [][2]string{{ns, "web"}}, [][2]string{{ns, "edge"}}),
		Steps: []resource.TestStep{
			{Config: classOnly},
			{
				PreConfig: func() {
					kubetest.StartController(t, bin, ns)
					waitStatus(t, gw, ns, []string{ns}, nil, nil)
				},
				Config: first,
				Check: resource.ComposeTestCheckFunc(
					checkFleetEventually(kube, ns, fleet, edgeFleetWant(2, "nlb", "a", "web")),
					logFleet(t, kube, ns, fleet)),
			},
			{
				Config: changed,
				Check: resource.ComposeTestCheckFunc(
					checkFleetEventually(kube, ns, fleet, edgeFleetWant(3, "external", "b", "web-2")),
					logFleet(t, kube, ns, fleet)),
			},
		},
	})
}

// edgeFleetWant is what Envoy Gateway writes for edgeProxyHCL and the
// Gateway's infrastructure.
func edgeFleetWant(replicas int32, lbType, podNote, infraNote string) fleetWant {
	lbAnnotation := "service.beta.kubernetes.io/aws-load-balancer-type"
	return fleetWant{
		serviceType: corev1.ServiceTypeNodePort,
		// The pod labels reach the Service: Envoy Gateway v1.9.1 adds
		// them to its copy of the infrastructure labels while it renders
		// the Deployment, and renders the Service after it from that copy.
		serviceLabels:      map[string]string{"svc": "edge", "tier": "edge", "pod": "edge"},
		serviceAnnotations: map[string]string{lbAnnotation: lbType, "example.com/infra-note": infraNote, "example.com/pod-note": absent},
		servicePorts:       []int32{8080},
		deploymentLabels:   map[string]string{"tier": "edge", "svc": absent, "pod": absent},
		deploymentAnnotations: map[string]string{"example.com/infra-note": infraNote,
			lbAnnotation: absent, "example.com/pod-note": absent},
		replicas:       replicas,
		podLabels:      map[string]string{"pod": "edge", "tier": "edge", "svc": absent},
		podAnnotations: map[string]string{"example.com/pod-note": podNote, "example.com/infra-note": infraNote, lbAnnotation: absent},
		requests:       map[string]string{"cpu": "100m", "memory": "256Mi"},
		limits:         map[string]string{"cpu": "1", "memory": "1Gi"},
	}
}

// logFleet shows what the controller wrote, for the test's log.
func logFleet(t *testing.T, kube kubernetes.Interface, ns string, sel labels.Selector) resource.TestCheckFunc {
	return func(*terraform.State) error {
		svc, dep, err := envoyFleet(context.Background(), kube, ns, sel)
		if err != nil {
			return err
		}
		pod := dep.Spec.Template
		var resources any
		if c := containerNamed(pod.Spec.Containers, "envoy"); c != nil {
			resources = map[string]any{"requests": quantities(c.Resources.Requests), "limits": quantities(c.Resources.Limits)}
		}
		var ports []string
		for _, p := range svc.Spec.Ports {
			ports = append(ports, fmt.Sprintf("%d->%s", p.Port, p.TargetPort.String()))
		}
		t.Logf("the controller wrote Service %s: type %s, ports %v, labels %v, annotations %v", svc.Name, svc.Spec.Type, ports, svc.Labels, svc.Annotations)
		t.Logf("the controller wrote Deployment %s: replicas %v, labels %v, annotations %v; pods: labels %v, annotations %v; envoy %v",
			dep.Name, replicasOf(dep), dep.Labels, dep.Annotations, pod.Labels, pod.Annotations, resources)
		return nil
	}
}

// TestAccEnvoyProxy_controllerWritesOneMergedFleet: under a class whose
// eg_envoy_proxy merges Gateways, the real controller runs one Envoy Service
// and Deployment for both Gateways of the class (labelled with the class,
// serving both listeners' ports), shaped by the proxy, and none per Gateway.
func TestAccEnvoyProxy_controllerWritesOneMergedFleet(t *testing.T) {
	bin := kubetest.ControllerBinary(t)
	cfg := kubetest.RESTConfig(t)
	kube, gw, dc := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg), dynamicClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("mfleet")
	classOnly := providerHCL(chart) + controllerTenantHCL(ns) +
		envoyProxyHCL("shared", "shared", `
  merge_gateways = true
  service = {
    type        = "ClusterIP"
    annotations = { "networking.gke.io/load-balancer-type" = "Internal" }
    labels      = { svc = "shared" }
  }
  deployment = {
    replicas        = 2
    pod_annotations = { "example.com/pod-note" = "shared" }
    resources       = { requests = { cpu = "250m", memory = "128Mi" } }
  }
`) + classHCL("m", ns, "eg_tenant.t.controller_name", "parameters_ref = eg_envoy_proxy.shared.parameters_ref")
	config := classOnly +
		gatewayHCL("g1", "g1", "eg_tenant.t.namespace", "eg_gatewayclass.m.name", httpListener("http", 8080, "www.g1.example.com")) +
		gatewayHCL("g2", "g2", "eg_tenant.t.namespace", "eg_gatewayclass.m.name", httpListener("http", 8081, "www.g2.example.com"))
	fleet := classFleet(ns)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkGatewaysGone(gw, dc, []string{ns}, [][2]string{{ns, "g1"}, {ns, "g2"}}, [][2]string{{ns, "shared"}}),
		Steps: []resource.TestStep{
			{Config: classOnly},
			{
				PreConfig: func() {
					kubetest.StartController(t, bin, ns)
					waitStatus(t, gw, ns, []string{ns}, nil, nil)
				},
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					checkFleetEventually(kube, ns, fleet, fleetWant{
						serviceType:        corev1.ServiceTypeClusterIP,
						serviceLabels:      map[string]string{"svc": "shared", owningGatewayNameLabel: absent},
						serviceAnnotations: map[string]string{"networking.gke.io/load-balancer-type": "Internal"},
						servicePorts:       []int32{8080, 8081},
						deploymentLabels:   map[string]string{owningGatewayNameLabel: absent},
						replicas:           2,
						podAnnotations:     map[string]string{"example.com/pod-note": "shared"},
						requests:           map[string]string{"cpu": "250m", "memory": "128Mi"},
					}),
					checkNoFleet(kube, ns, gatewayFleet(ns, "g1")),
					checkNoFleet(kube, ns, gatewayFleet(ns, "g2")),
					logFleet(t, kube, ns, fleet)),
			},
		},
	})
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
)

// The labels Envoy Gateway v1.9.1 puts on the Envoy fleet it runs for a
// Gateway (owning-gateway-name and -namespace) or, under a merged class, for
// the class (owning-gatewayclass). Its own package that names them is
// internal.
const (
	owningGatewayNameLabel      = "gateway.envoyproxy.io/owning-gateway-name"
	owningGatewayNamespaceLabel = "gateway.envoyproxy.io/owning-gateway-namespace"
	owningGatewayClassLabel     = "gateway.envoyproxy.io/owning-gatewayclass"
)

// absent, as a wanted label or annotation value, says the key must not be
// there.
const absent = "<absent>"

// gatewayFleet selects the Envoy Service and Deployment of one Gateway.
func gatewayFleet(ns, name string) labels.Selector {
	return labels.SelectorFromSet(labels.Set{owningGatewayNamespaceLabel: ns, owningGatewayNameLabel: name})
}

// classFleet selects the one Envoy Service and Deployment of a merged class.
func classFleet(class string) labels.Selector {
	return labels.SelectorFromSet(labels.Set{owningGatewayClassLabel: class})
}

// controllerTenantHCL is a tenant whose controller the test runs itself:
// it watches its own namespace, and the chart's controller Deployment is
// scaled to zero (on a cluster with a kubelet two controllers would write).
func controllerTenantHCL(ns string) string {
	return tenantHCL("t", ns, fmt.Sprintf("watch = { namespaces = [%q] }", ns),
		`values = yamlencode({ deployment = { replicas = 0 } })`)
}

// gatewayWithHCL is gatewayHCL with more attributes (HCL lines) before the
// listeners.
func gatewayWithHCL(label, name, namespace, class, extra string, listeners ...string) string {
	return strings.Replace(gatewayHCL(label, name, namespace, class, listeners...),
		"  listeners = [", extra+"\n  listeners = [", 1)
}

// fleetWant is what the Envoy Service and Deployment must hold. Maps hold
// at least these keys (absent: not this key); the Service's ports at least
// these.
type fleetWant struct {
	serviceType           corev1.ServiceType
	serviceLabels         map[string]string
	serviceAnnotations    map[string]string
	servicePorts          []int32
	deploymentLabels      map[string]string
	deploymentAnnotations map[string]string
	replicas              int32
	podLabels             map[string]string
	podAnnotations        map[string]string
	requests, limits      map[string]string // of the envoy container
}

// envoyFleet reads the Envoy Service and Deployment selected: exactly one
// of each.
func envoyFleet(ctx context.Context, kube kubernetes.Interface, ns string, sel labels.Selector) (*corev1.Service, *appsv1.Deployment, error) {
	opts := metav1.ListOptions{LabelSelector: sel.String()}
	svcs, err := kube.CoreV1().Services(ns).List(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	deps, err := kube.AppsV1().Deployments(ns).List(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	if len(svcs.Items) != 1 || len(deps.Items) != 1 {
		return nil, nil, fmt.Errorf("%d Services and %d Deployments in %s match %s, want one of each", len(svcs.Items), len(deps.Items), ns, sel)
	}
	return &svcs.Items[0], &deps.Items[0], nil
}

// fleetDiff lists how the fleet differs from want.
func fleetDiff(svc *corev1.Service, dep *appsv1.Deployment, want fleetWant) []string {
	var differ []string
	if svc.Spec.Type != want.serviceType {
		differ = append(differ, fmt.Sprintf("Service type %s, want %s", svc.Spec.Type, want.serviceType))
	}
	differ = append(differ, mapDiff("Service label", svc.Labels, want.serviceLabels)...)
	differ = append(differ, mapDiff("Service annotation", svc.Annotations, want.serviceAnnotations)...)
	var ports []int32
	for _, p := range svc.Spec.Ports {
		ports = append(ports, p.Port)
	}
	for _, p := range want.servicePorts {
		if !slices.Contains(ports, p) {
			differ = append(differ, fmt.Sprintf("Service ports %v, want %d among them", ports, p))
		}
	}
	differ = append(differ, mapDiff("Deployment label", dep.Labels, want.deploymentLabels)...)
	differ = append(differ, mapDiff("Deployment annotation", dep.Annotations, want.deploymentAnnotations)...)
	if dep.Spec.Replicas == nil || *dep.Spec.Replicas != want.replicas {
		differ = append(differ, fmt.Sprintf("Deployment replicas %v, want %d", replicasOf(dep), want.replicas))
	}
	pod := dep.Spec.Template
	differ = append(differ, mapDiff("pod label", pod.Labels, want.podLabels)...)
	differ = append(differ, mapDiff("pod annotation", pod.Annotations, want.podAnnotations)...)
	envoy := containerNamed(pod.Spec.Containers, "envoy")
	if envoy == nil {
		return append(differ, "no container named envoy in the pod template")
	}
	differ = append(differ, mapDiff("envoy request", quantities(envoy.Resources.Requests), want.requests)...)
	return append(differ, mapDiff("envoy limit", quantities(envoy.Resources.Limits), want.limits)...)
}

func replicasOf(dep *appsv1.Deployment) any {
	if dep.Spec.Replicas == nil {
		return "unset"
	}
	return *dep.Spec.Replicas
}

func containerNamed(cs []corev1.Container, name string) *corev1.Container {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}

func quantities(rl corev1.ResourceList) map[string]string {
	out := map[string]string{}
	for k, v := range rl {
		out[string(k)] = v.String()
	}
	return out
}

// mapDiff lists the keys of want that got lacks or holds otherwise.
func mapDiff(what string, got, want map[string]string) []string {
	var differ []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		v, ok := got[k]
		switch {
		case want[k] == absent && ok:
			differ = append(differ, fmt.Sprintf("%s %s=%q, want none", what, k, v))
		case want[k] != absent && (!ok || v != want[k]):
			differ = append(differ, fmt.Sprintf("%s %s=%q, want %q", what, k, v, want[k]))
		}
	}
	return differ
}

// checkFleetEventually waits (up to two minutes: the controller
// reconciles after the apply) until the Envoy fleet selected holds want,
// and says what still differs when it does not.
func checkFleetEventually(kube kubernetes.Interface, ns string, sel labels.Selector, want fleetWant) func(*terraform.State) error {
	return func(*terraform.State) error {
		return eventually(2*time.Minute, func(ctx context.Context) error {
			svc, dep, err := envoyFleet(ctx, kube, ns, sel)
			if err != nil {
				return err
			}
			if differ := fleetDiff(svc, dep, want); len(differ) > 0 {
				return fmt.Errorf("the Envoy fleet %s: %s", sel, strings.Join(differ, "; "))
			}
			return nil
		})
	}
}

// checkNoFleet checks that nothing of the selected fleet exists.
func checkNoFleet(kube kubernetes.Interface, ns string, sel labels.Selector) func(*terraform.State) error {
	return func(*terraform.State) error {
		ctx := context.Background()
		opts := metav1.ListOptions{LabelSelector: sel.String()}
		svcs, err := kube.CoreV1().Services(ns).List(ctx, opts)
		if err != nil {
			return err
		}
		deps, err := kube.AppsV1().Deployments(ns).List(ctx, opts)
		if err != nil {
			return err
		}
		if n := len(svcs.Items) + len(deps.Items); n > 0 {
			var names []string
			for _, s := range svcs.Items {
				names = append(names, "Service "+s.Name)
			}
			for _, d := range deps.Items {
				names = append(names, "Deployment "+d.Name)
			}
			sort.Strings(names)
			return fmt.Errorf("%s in %s match %s, want none", strings.Join(names, ", "), ns, sel)
		}
		return nil
	}
}

// eventually retries check every second until it succeeds or timeout
// passes, returning its last error.
func eventually(timeout time.Duration, check func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := check(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %s: %w", timeout, err)
		}
		time.Sleep(time.Second)
	}
}

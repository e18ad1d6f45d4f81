// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package xds fetches, as an Envoy proxy would, the configuration an Envoy
// Gateway controller serves to the Envoy fleet of a Gateway, and prints it
// as a route table. The test bed runs no Envoy (no kubelet, no binary), so
// this is how it shows what traffic a Gateway would carry: Host, port and
// path to the backend Service and its endpoints.
//
// It presents itself exactly as the fleet's Envoy pods would, from what the
// controller put in the cluster for that fleet:
//
//   - the xDS node's cluster is the --service-cluster argument of the
//     fleet's Deployment (Envoy Gateway's infra IR key: the GatewayClass's
//     name when the class merges its Gateways, else namespace/name of the
//     Gateway); the server keeps one snapshot per key and answers a node
//     only with the snapshot of its cluster;
//   - TLS 1.3 with the client certificate of the Secret the Deployment
//     mounts at /certs ("envoy", made by certgen), checking the server's
//     certificate against that Secret's CA and the name "envoy-gateway",
//     as the fleet's bootstrap does;
//   - incremental (delta) aggregated discovery, the bootstrap's DELTA_GRPC
//     ADS: listeners and clusters by wildcard, then the route
//     configurations and endpoints they name.
package xds

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// The labels Envoy Gateway puts on a fleet's Deployment or DaemonSet.
const (
	ownerClassLabel     = "gateway.envoyproxy.io/owning-gatewayclass"
	ownerNameLabel      = "gateway.envoyproxy.io/owning-gateway-name"
	ownerNamespaceLabel = "gateway.envoyproxy.io/owning-gateway-namespace"
	envoyContainer      = "envoy"
	certsVolume         = "certs"
)

var gatewaysGVR = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}

// Fleet is what an Envoy of a Gateway's fleet presents to the controller.
type Fleet struct {
	// Workload is the fleet's Deployment or DaemonSet: "Kind namespace/name".
	Workload string
	// Namespace is the workload's: the namespace of the controller that
	// serves the fleet.
	Namespace string
	// Cluster is the xDS node cluster (--service-cluster).
	Cluster string
	// NodeID is the xDS node id; the fleet's pods use their pod name.
	NodeID string
	// CA, Cert and Key are the PEM of the Secret mounted at /certs.
	CA, Cert, Key []byte
}

// FleetOf finds the Envoy fleet the controller created for a Gateway: the
// workload labelled as the Gateway's own, or as its class's when the class
// merges Gateways.
func FleetOf(ctx context.Context, kube kubernetes.Interface, dyn dynamic.Interface, namespace, name string) (*Fleet, error) {
	gw, err := dyn.Resource(gatewaysGVR).Namespace(namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("no Gateway %s/%s", namespace, name)
	} else if err != nil {
		return nil, fmt.Errorf("read Gateway %s/%s: %w", namespace, name, err)
	}
	class, _, _ := unstructured.NestedString(gw.Object, "spec", "gatewayClassName")
	selectors := []string{
		ownerNamespaceLabel + "=" + namespace + "," + ownerNameLabel + "=" + name,
		ownerClassLabel + "=" + class,
	}
	for _, sel := range selectors {
		pods, err := fleetPodTemplates(ctx, kube, sel)
		if err != nil {
			return nil, err
		}
		switch len(pods) {
		case 0:
			continue
		case 1:
			return fleetFromTemplate(ctx, kube, pods[0])
		default:
			names := make([]string, 0, len(pods))
			for _, p := range pods {
				names = append(names, p.workload)
			}
			return nil, fmt.Errorf("several Envoy fleets for Gateway %s/%s (%s): %s", namespace, name, sel, strings.Join(names, ", "))
		}
	}
	return nil, fmt.Errorf("no Envoy fleet (Deployment or DaemonSet labelled %s or %s) for Gateway %s/%s of class %s: the controller creates one once it accepts the Gateway",
		selectors[0], selectors[1], namespace, name, class)
}

type podTemplate struct {
	workload, namespace string
	spec                corev1.PodSpec
}

func fleetPodTemplates(ctx context.Context, kube kubernetes.Interface, selector string) ([]podTemplate, error) {
	opts := metav1.ListOptions{LabelSelector: selector}
	deps, err := kube.AppsV1().Deployments("").List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("list Deployments (%s): %w", selector, err)
	}
	dss, err := kube.AppsV1().DaemonSets("").List(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("list DaemonSets (%s): %w", selector, err)
	}
	var out []podTemplate
	add := func(kind string, meta metav1.ObjectMeta, spec corev1.PodSpec) {
		out = append(out, podTemplate{workload: kind + " " + meta.Namespace + "/" + meta.Name, namespace: meta.Namespace, spec: spec})
	}
	for _, d := range deps.Items {
		add("Deployment", d.ObjectMeta, d.Spec.Template.Spec)
	}
	for _, d := range dss.Items {
		add("DaemonSet", d.ObjectMeta, d.Spec.Template.Spec)
	}
	return out, nil
}

// fleetFromTemplate reads the node cluster from the envoy container's
// arguments and the client certificate from the Secret mounted at /certs.
func fleetFromTemplate(ctx context.Context, kube kubernetes.Interface, p podTemplate) (*Fleet, error) {
	i := slices.IndexFunc(p.spec.Containers, func(c corev1.Container) bool { return c.Name == envoyContainer })
	if i < 0 {
		return nil, fmt.Errorf("%s has no %q container", p.workload, envoyContainer)
	}
	args := p.spec.Containers[i].Args
	j := slices.Index(args, "--service-cluster")
	if j < 0 || j+1 >= len(args) {
		return nil, fmt.Errorf("%s: the envoy container has no --service-cluster argument", p.workload)
	}
	f := &Fleet{Workload: p.workload, Namespace: p.namespace, Cluster: args[j+1], NodeID: "xdsdump." + p.namespace}
	k := slices.IndexFunc(p.spec.Volumes, func(v corev1.Volume) bool { return v.Name == certsVolume })
	if k < 0 || p.spec.Volumes[k].Secret == nil {
		return nil, fmt.Errorf("%s mounts no Secret as %q: the fleet authenticates with a ServiceAccount token (gateway namespace mode), which xdsdump does not present", p.workload, certsVolume)
	}
	secretName := p.spec.Volumes[k].Secret.SecretName
	s, err := kube.CoreV1().Secrets(p.namespace).Get(ctx, secretName, metav1.GetOptions{})
	if err != nil {
		return nil, fmt.Errorf("the fleet's certificates (Secret %s/%s): %w", p.namespace, secretName, err)
	}
	f.CA, f.Cert, f.Key = s.Data["ca.crt"], s.Data[corev1.TLSCertKey], s.Data[corev1.TLSPrivateKeyKey]
	if len(f.CA) == 0 || len(f.Cert) == 0 || len(f.Key) == 0 {
		return nil, fmt.Errorf("the fleet's Secret %s/%s lacks ca.crt, tls.crt or tls.key", p.namespace, secretName)
	}
	return f, nil
}

var httpRoutesGVR = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}

// RouteParents returns the Gateways an HTTPRoute names as parents,
// "namespace/name", in order and without repeats.
func RouteParents(ctx context.Context, dyn dynamic.Interface, namespace, name string) ([]string, error) {
	r, err := dyn.Resource(httpRoutesGVR).Namespace(namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("no HTTPRoute %s/%s", namespace, name)
	} else if err != nil {
		return nil, fmt.Errorf("read HTTPRoute %s/%s: %w", namespace, name, err)
	}
	refs, _, _ := unstructured.NestedSlice(r.Object, "spec", "parentRefs")
	var out []string
	for _, ref := range refs {
		m, _ := ref.(map[string]any)
		group, _, _ := unstructured.NestedString(m, "group")
		kind, _, _ := unstructured.NestedString(m, "kind")
		if (group != "" && group != gatewaysGVR.Group) || (kind != "" && kind != "Gateway") {
			continue
		}
		ns, _, _ := unstructured.NestedString(m, "namespace")
		if ns == "" {
			ns = namespace
		}
		gw, _, _ := unstructured.NestedString(m, "name")
		if key := ns + "/" + gw; !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("HTTPRoute %s/%s names no Gateway as parent", namespace, name)
	}
	return out, nil
}

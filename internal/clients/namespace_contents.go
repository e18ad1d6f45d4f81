// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/metadata"
)

// Helm's annotations on every object a release installs.
const (
	helmReleaseNameAnnotation      = "meta.helm.sh/release-name"
	helmReleaseNamespaceAnnotation = "meta.helm.sh/release-namespace"
)

// Envoy Gateway's own objects in its controller namespace: the certgen
// Secrets, its leader-election Lease, and the Envoy fleets it runs.
const (
	envoyGatewayControlPlaneLabel = "control-plane"
	envoyGatewayLeaseName         = "5b9825d2.gateway.envoyproxy.io"
	envoyGatewayManagedBy         = "envoy-gateway"
)

// NamespaceHolder is what a tenant's namespace holds besides the tenant: an
// object of another owner, or metadata someone else set on the namespace.
type NamespaceHolder struct {
	Resource string // "configmaps", "deployments.apps"; "namespace" for the namespace's own labels
	Name     string
}

func (h NamespaceHolder) String() string { return h.Resource + "/" + h.Name }

// NamespaceContents is what Kube.ForeignContents found in a namespace.
type NamespaceContents struct {
	// Holders are the objects (at most the limit asked for) that keep the
	// namespace: anything that is not the release's, Kubernetes' own or the
	// release's controller's.
	Holders []NamespaceHolder
	// Unchecked lists the resources that could not be listed (an
	// unavailable aggregated API, RBAC): the namespace may hold them.
	Unchecked []string
}

// Empty reports whether nothing but the tenant's own objects was found and
// every resource could be checked.
func (c NamespaceContents) Empty() bool { return len(c.Holders) == 0 && len(c.Unchecked) == 0 }

// ForeignContents lists what in namespace belongs to someone other than the
// Helm release releaseNamespace/release, the way the namespace controller
// sees a namespace: every namespaced resource that can be listed, metadata
// only. It stops after limit holders.
func (k *Kube) ForeignContents(ctx context.Context, namespace, release, releaseNamespace string, limit int) (NamespaceContents, error) {
	var out NamespaceContents
	kube, err := k.Core()
	if err != nil {
		return out, err
	}
	meta, err := k.Metadata()
	if err != nil {
		return out, err
	}
	ns, err := kube.CoreV1().Namespaces().Get(ctx, namespace, metav1.GetOptions{})
	if err != nil {
		return out, err
	}
	out.Holders = foreignNamespaceMetadata(ns.Labels, ns.Annotations)

	lists, err := kube.Discovery().ServerPreferredNamespacedResources()
	if err != nil && !discovery.IsGroupDiscoveryFailedError(err) {
		return out, err
	}
	var failed *discovery.ErrGroupDiscoveryFailed
	if errors.As(err, &failed) {
		for gv := range failed.Groups {
			out.Unchecked = append(out.Unchecked, gv.String())
		}
	}
	namespaced := namespacedKinds(lists)
	own := ownObjects{release: release, releaseNamespace: releaseNamespace, namespace: namespace, namespacedKinds: namespaced}
	for _, gvr := range listableResources(lists) {
		if len(out.Holders) >= limit {
			break
		}
		if derivedResources[resourceName(gvr)] {
			continue
		}
		holders, err := foreignOf(ctx, meta, gvr, namespace, own, limit-len(out.Holders))
		if err != nil {
			out.Unchecked = append(out.Unchecked, resourceName(gvr)+" ("+err.Error()+")")
			continue
		}
		out.Holders = append(out.Holders, holders...)
	}
	sort.Strings(out.Unchecked)
	return out, nil
}

// foreignOf pages through one resource in namespace and returns the objects
// that are not the tenant's own, at most limit.
func foreignOf(ctx context.Context, meta metadata.Interface, gvr schema.GroupVersionResource, namespace string, own ownObjects, limit int) ([]NamespaceHolder, error) {
	var out []NamespaceHolder
	opts := metav1.ListOptions{Limit: 500}
	for {
		list, err := meta.Resource(gvr).Namespace(namespace).List(ctx, opts)
		if err != nil {
			return nil, err
		}
		for i := range list.Items {
			if !own.owns(gvr, &list.Items[i].ObjectMeta) {
				out = append(out, NamespaceHolder{Resource: resourceName(gvr), Name: list.Items[i].Name})
				if len(out) >= limit {
					return out, nil
				}
			}
		}
		if list.Continue == "" {
			return out, nil
		}
		opts.Continue = list.Continue
	}
}

// ownObjects decides which objects in a tenant's namespace go with the
// tenant.
type ownObjects struct {
	release, releaseNamespace, namespace string
	namespacedKinds                      map[schema.GroupKind]bool
}

func (o ownObjects) owns(gvr schema.GroupVersionResource, m *metav1.ObjectMeta) bool {
	switch {
	case m.DeletionTimestamp != nil:
		return true // already going
	case m.Annotations[helmReleaseNameAnnotation] == o.release && m.Annotations[helmReleaseNamespaceAnnotation] == o.releaseNamespace:
		return true // the release's own (uninstall may still be removing it)
	case o.followsNamespacedOwner(m.OwnerReferences):
		return true // goes with its owner, which is listed and judged itself
	case m.Labels[ManagedByLabel] == envoyGatewayManagedBy:
		return true // an Envoy fleet, there only while its Gateway is
	}
	return kubernetesOwn(gvr, m) || o.controllerOwn(gvr, m)
}

// followsNamespacedOwner: every owner is a namespaced kind, so it is in this
// namespace (owners never cross namespaces) and keeps it if it is someone's.
func (o ownObjects) followsNamespacedOwner(refs []metav1.OwnerReference) bool {
	if len(refs) == 0 {
		return false
	}
	for _, r := range refs {
		gv, err := schema.ParseGroupVersion(r.APIVersion)
		if err != nil || !o.namespacedKinds[schema.GroupKind{Group: gv.Group, Kind: r.Kind}] {
			return false
		}
	}
	return true
}

// derivedResources are never listed: Kubernetes derives them from other
// objects (Endpoints mirror Services) or lets them expire (events).
var derivedResources = map[string]bool{"events": true, "events.events.k8s.io": true, "endpoints": true}

// kubernetesOwn: what Kubernetes puts in every namespace.
func kubernetesOwn(gvr schema.GroupVersionResource, m *metav1.ObjectMeta) bool {
	switch resourceName(gvr) {
	case "serviceaccounts":
		return m.Name == "default"
	case "configmaps":
		return m.Name == "kube-root-ca.crt"
	case "secrets":
		return m.Annotations["kubernetes.io/service-account.name"] == "default"
	}
	return false
}

// controllerOwn: what the tenant's Envoy Gateway writes into its own
// namespace, and Helm's record of the release.
func (o ownObjects) controllerOwn(gvr schema.GroupVersionResource, m *metav1.ObjectMeta) bool {
	if o.namespace != o.releaseNamespace {
		return false
	}
	switch resourceName(gvr) {
	case "secrets":
		return m.Labels[envoyGatewayControlPlaneLabel] == envoyGatewayManagedBy ||
			(m.Labels["owner"] == "helm" && m.Labels["name"] == o.release)
	case "leases.coordination.k8s.io":
		return m.Name == envoyGatewayLeaseName
	}
	return false
}

// foreignNamespaceMetadata lists the labels and annotations on a namespace
// that neither Kubernetes nor this provider set: someone uses the namespace.
func foreignNamespaceMetadata(labels, annotations map[string]string) []NamespaceHolder {
	var out []NamespaceHolder
	for k, v := range labels {
		if k == "kubernetes.io/metadata.name" || (k == ManagedByLabel && v == ManagedByValue) {
			continue
		}
		out = append(out, NamespaceHolder{Resource: "namespace label", Name: k})
	}
	for k := range annotations {
		if k == CreatedForAnnotation {
			continue
		}
		out = append(out, NamespaceHolder{Resource: "namespace annotation", Name: k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// listableResources are the preferred versions of the namespaced resources
// that support list (subresources left out).
func listableResources(lists []*metav1.APIResourceList) []schema.GroupVersionResource {
	var out []schema.GroupVersionResource
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			if strings.Contains(r.Name, "/") || !slices.Contains(r.Verbs, "list") {
				continue
			}
			out = append(out, gv.WithResource(r.Name))
		}
	}
	sort.Slice(out, func(i, j int) bool { return resourceName(out[i]) < resourceName(out[j]) })
	return out
}

func namespacedKinds(lists []*metav1.APIResourceList) map[schema.GroupKind]bool {
	out := map[schema.GroupKind]bool{}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			out[schema.GroupKind{Group: gv.Group, Kind: r.Kind}] = true
		}
	}
	return out
}

// resourceName is kubectl's name for a resource: "configmaps",
// "deployments.apps".
func resourceName(gvr schema.GroupVersionResource) string {
	if gvr.Group == "" {
		return gvr.Resource
	}
	return fmt.Sprintf("%s.%s", gvr.Resource, gvr.Group)
}

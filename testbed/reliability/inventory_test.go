// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// What the provider labels and annotates, as its documentation says.
const (
	managedBy  = "app.kubernetes.io/managed-by=terraform-provider-eg"
	createdFor = "eg.egplatform.io/created-for-tenant"
)

var (
	gvrGatewayClass = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}
	gvrGateway      = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
	gvrEnvoyProxy   = schema.GroupVersionResource{Group: "gateway.envoyproxy.io", Version: "v1alpha1", Resource: "envoyproxies"}
)

// inventory is what exists of ours, by kind and id ("ns/name", or the
// name of a cluster-scoped object), with what the checks compare.
type inventory struct {
	classes    map[string]string // name → controllerName
	gateways   map[string]string // ns/name → listeners, "name/PROTO/port/host" joined by ","
	proxies    map[string]bool   // ns/name
	releases   map[string]string // ns/release → status of the newest revision ("deployed", "pending-install"...)
	namespaces map[string]string // namespace → the tenant (ns/name) that created it
}

func newInventory() inventory {
	return inventory{classes: map[string]string{}, gateways: map[string]string{}, proxies: map[string]bool{},
		releases: map[string]string{}, namespaces: map[string]string{}}
}

func (inv inventory) empty() bool {
	return len(inv.classes)+len(inv.gateways)+len(inv.proxies)+len(inv.releases)+len(inv.namespaces) == 0
}

// only returns the part of inv whose ids keep accepts.
func (inv inventory) only(keep func(id string) bool) inventory {
	out := newInventory()
	copyKept(out.classes, inv.classes, keep)
	copyKept(out.gateways, inv.gateways, keep)
	copyKept(out.proxies, inv.proxies, keep)
	copyKept(out.releases, inv.releases, keep)
	copyKept(out.namespaces, inv.namespaces, keep)
	return out
}

func copyKept[V any](dst, src map[string]V, keep func(string) bool) {
	for k, v := range src {
		if keep(k) {
			dst[k] = v
		}
	}
}

func (inv inventory) String() string {
	var parts []string
	for _, k := range []struct {
		what string
		m    any
	}{{"classes", inv.classes}, {"gateways", inv.gateways}, {"proxies", inv.proxies}, {"releases", inv.releases}, {"namespaces", inv.namespaces}} {
		b, _ := json.Marshal(k.m)
		if string(b) != "{}" {
			parts = append(parts, k.what+" "+string(b))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "; ")
}

// clusterInventory lists what the cluster holds of ours: objects with the
// provider's label, namespaces it created (terminating ones too: they are
// not gone yet), and the Helm releases named eg-*.
func clusterInventory(ctx context.Context, kube kubernetes.Interface, dyn dynamic.Interface) (inventory, error) {
	inv := newInventory()
	list := func(gvr schema.GroupVersionResource) ([]map[string]any, error) {
		l, err := dyn.Resource(gvr).List(ctx, metav1.ListOptions{LabelSelector: managedBy})
		if apierrors.IsNotFound(err) {
			return nil, nil // the CRD is not installed (yet): there is none
		}
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", gvr.Resource, err)
		}
		var out []map[string]any
		for _, item := range l.Items {
			out = append(out, item.Object)
		}
		return out, nil
	}
	classes, err := list(gvrGatewayClass)
	if err != nil {
		return inv, err
	}
	for _, o := range classes {
		inv.classes[str(o, "metadata", "name")] = str(o, "spec", "controllerName")
	}
	gateways, err := list(gvrGateway)
	if err != nil {
		return inv, err
	}
	for _, o := range gateways {
		inv.gateways[str(o, "metadata", "namespace")+"/"+str(o, "metadata", "name")] = clusterListeners(o)
	}
	proxies, err := list(gvrEnvoyProxy)
	if err != nil {
		return inv, err
	}
	for _, o := range proxies {
		inv.proxies[str(o, "metadata", "namespace")+"/"+str(o, "metadata", "name")] = true
	}
	if err := releaseInventory(ctx, kube, inv); err != nil {
		return inv, err
	}
	nss, err := kube.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: managedBy})
	if err != nil {
		return inv, fmt.Errorf("list namespaces: %w", err)
	}
	for _, ns := range nss.Items {
		inv.namespaces[ns.Name] = ns.Annotations[createdFor]
		if ns.Status.Phase == corev1.NamespaceTerminating {
			inv.namespaces[ns.Name] += " (terminating)"
		}
	}
	return inv, nil
}

// releaseInventory reads Helm's release records (Secrets labelled
// owner=helm): the status of each eg-* release's newest revision.
func releaseInventory(ctx context.Context, kube kubernetes.Interface, inv inventory) error {
	secrets, err := kube.CoreV1().Secrets("").List(ctx, metav1.ListOptions{LabelSelector: "owner=helm"})
	if err != nil {
		return fmt.Errorf("list Helm release records: %w", err)
	}
	newest := map[string]int{}
	for _, s := range secrets.Items {
		name := s.Labels["name"]
		if !strings.HasPrefix(name, "eg-") {
			continue
		}
		var version int
		_, _ = fmt.Sscan(s.Labels["version"], &version)
		id := s.Namespace + "/" + name
		if version > newest[id] {
			newest[id] = version
			inv.releases[id] = s.Labels["status"]
		}
	}
	return nil
}

func str(o map[string]any, keys ...string) string {
	var cur any = o
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[k]
	}
	s, _ := cur.(string)
	return s
}

func clusterListeners(o map[string]any) string {
	spec, _ := o["spec"].(map[string]any)
	ls, _ := spec["listeners"].([]any)
	var out []string
	for _, l := range ls {
		m, _ := l.(map[string]any)
		out = append(out, fmt.Sprintf("%v/%v/%v/%v", m["name"], m["protocol"], m["port"], valueOr(m["hostname"])))
	}
	return strings.Join(out, ",")
}

func valueOr(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// stateInventory reads what the state says exists, from `show -json`.
func stateInventory(stateJSON string) (inventory, error) {
	inv := newInventory()
	var st tfjson.State
	if err := json.Unmarshal([]byte(stateJSON), &st); err != nil {
		return inv, fmt.Errorf("show -json: %w", err)
	}
	if st.Values == nil || st.Values.RootModule == nil {
		return inv, nil
	}
	for _, r := range st.Values.RootModule.Resources {
		v := r.AttributeValues
		s := func(k string) string { x, _ := v[k].(string); return x }
		switch r.Type {
		case "eg_gatewayclass":
			inv.classes[s("name")] = s("controller_name")
		case "eg_gateway":
			inv.gateways[s("namespace")+"/"+s("name")] = stateListeners(v["listeners"])
		case "eg_merged_proxy":
			inv.proxies[s("namespace")+"/"+s("name")] = true
		case "eg_tenant":
			inv.releases[s("namespace")+"/"+s("release_name")] = s("status")
			if b, _ := v["create_namespace"].(bool); b {
				inv.namespaces[s("namespace")] = s("namespace") + "/" + s("name")
			}
			inv.addWatched(v, s("namespace")+"/"+s("name"))
		}
	}
	return inv, nil
}

// addWatched adds the namespaces a tenant's watch names: the provider
// creates those that do not exist.
func (inv inventory) addWatched(v map[string]any, tenant string) {
	w, _ := v["watch"].(map[string]any)
	nss, _ := w["namespaces"].([]any)
	for _, ns := range nss {
		if name, ok := ns.(string); ok {
			if _, seen := inv.namespaces[name]; !seen {
				inv.namespaces[name] = tenant
			}
		}
	}
}

func stateListeners(v any) string {
	ls, _ := v.([]any)
	var out []string
	for _, l := range ls {
		m, _ := l.(map[string]any)
		port := m["port"]
		if f, ok := port.(float64); ok {
			port = int64(f)
		}
		out = append(out, fmt.Sprintf("%v/%v/%v/%v", m["name"], m["protocol"], port, valueOr(m["hostname"])))
	}
	return strings.Join(out, ",")
}

// differences lists, kind by kind, what the state has that the cluster
// lacks or holds otherwise, and what the cluster has of ours that the state
// does not know.
func differences(state, cluster inventory) []string {
	var out []string
	out = append(out, diffMap("GatewayClass", state.classes, cluster.classes)...)
	out = append(out, diffMap("Gateway", state.gateways, cluster.gateways)...)
	out = append(out, diffMap("EnvoyProxy", state.proxies, cluster.proxies)...)
	out = append(out, diffMap("Helm release", state.releases, cluster.releases)...)
	// A namespace may exist before its tenant (not created by it): only
	// the cluster's labelled ones must be in the state.
	for ns, tenant := range cluster.namespaces {
		if _, ok := state.namespaces[ns]; !ok {
			out = append(out, fmt.Sprintf("namespace %s (created for %s) is in the cluster, not in the state", ns, tenant))
		}
	}
	sort.Strings(out)
	return out
}

func diffMap[V comparable](what string, state, cluster map[string]V) []string {
	var out []string
	for id, v := range state {
		c, ok := cluster[id]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %s is in the state, not in the cluster", what, id))
		case c != v:
			out = append(out, fmt.Sprintf("%s %s: state says %v, cluster has %v", what, id, v, c))
		}
	}
	for id := range cluster {
		if _, ok := state[id]; !ok {
			out = append(out, fmt.Sprintf("%s %s is in the cluster, not in the state", what, id))
		}
	}
	return out
}

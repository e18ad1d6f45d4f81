// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestOwnObjectsKeepEverythingOfOthers(t *testing.T) {
	own := ownObjects{release: "eg-mkt", releaseNamespace: "mkt", namespace: "mkt",
		namespacedKinds: map[schema.GroupKind]bool{{Group: "apps", Kind: "ReplicaSet"}: true, {Group: "apps", Kind: "Deployment"}: true}}
	watched := own
	watched.namespace = "apps"
	cm := schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	secrets := schema.GroupVersionResource{Version: "v1", Resource: "secrets"}
	pods := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	roles := schema.GroupVersionResource{Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "roles"}
	now := metav1.Now()
	helm := func(release, ns string) map[string]string {
		return map[string]string{helmReleaseNameAnnotation: release, helmReleaseNamespaceAnnotation: ns}
	}
	cases := []struct {
		name string
		own  ownObjects
		gvr  schema.GroupVersionResource
		meta metav1.ObjectMeta
		want bool
	}{
		{"the release's Role", watched, roles, metav1.ObjectMeta{Name: "eg-mkt", Annotations: helm("eg-mkt", "mkt")}, true},
		{"another release's Role", watched, roles, metav1.ObjectMeta{Name: "eg-prd", Annotations: helm("eg-prd", "prd")}, false},
		{"a release of the same name elsewhere", watched, roles, metav1.ObjectMeta{Name: "r", Annotations: helm("eg-mkt", "other")}, false},
		{"a team's ConfigMap", own, cm, metav1.ObjectMeta{Name: "app"}, false},
		{"Kubernetes' CA bundle", own, cm, metav1.ObjectMeta{Name: "kube-root-ca.crt"}, true},
		{"a team's Secret", own, secrets, metav1.ObjectMeta{Name: "db"}, false},
		{"certgen's Secret", own, secrets, metav1.ObjectMeta{Name: "envoy", Labels: map[string]string{"control-plane": "envoy-gateway"}}, true},
		{"certgen's Secret name in a watched namespace", watched, secrets, metav1.ObjectMeta{Name: "envoy", Labels: map[string]string{"control-plane": "envoy-gateway"}}, false},
		{"Helm's release record", own, secrets, metav1.ObjectMeta{Name: "sh.helm.release.v1.eg-mkt.v1", Labels: map[string]string{"owner": "helm", "name": "eg-mkt"}}, true},
		{"another release's record", own, secrets, metav1.ObjectMeta{Name: "sh.helm.release.v1.app.v1", Labels: map[string]string{"owner": "helm", "name": "app"}}, false},
		{"a pod of a ReplicaSet", own, pods, metav1.ObjectMeta{Name: "p", OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "rs"}}}, true},
		{"an object owned by a cluster-scoped kind", own, cm, metav1.ObjectMeta{Name: "x", OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: "n"}}}, false},
		{"anything being deleted", own, cm, metav1.ObjectMeta{Name: "app", DeletionTimestamp: &now}, true},
		{"an Envoy fleet", own, pods, metav1.ObjectMeta{Name: "envoy-x", Labels: map[string]string{ManagedByLabel: "envoy-gateway"}}, true},
	}
	for _, c := range cases {
		if got := c.own.owns(c.gvr, &c.meta); got != c.want {
			t.Errorf("%s: owns = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestForeignNamespaceMetadata(t *testing.T) {
	got := foreignNamespaceMetadata(
		map[string]string{"kubernetes.io/metadata.name": "mkt", ManagedByLabel: ManagedByValue, "team": "mkt"},
		map[string]string{CreatedForAnnotation: "mkt/mkt", "owner": "alice"})
	if len(got) != 2 || got[0].String() != "namespace annotation/owner" || got[1].String() != "namespace label/team" {
		t.Fatalf("foreign metadata: %v", got)
	}
}

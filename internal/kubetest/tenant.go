// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package kubetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
)

// installs serialises the tests' chart installs: Envoy Gateway's chart
// guards a cluster-scoped policy with a lookup, and two releases rendered at
// the same time both create it (see TESTBED.md).
var installs sync.Mutex

// Tenant is an Envoy Gateway release to install: its name, namespace and
// chart values (translate.RenderTenant gives them, as eg_tenant installs
// them), and the namespaces it watches.
type Tenant struct {
	Release, Namespace string
	Values             map[string]any
	Watched            []string
	// OutOfCluster scales the chart's controller Deployment to zero, for
	// tests that run the tenant's controller themselves (StartController):
	// on a cluster with a kubelet (kind) two controllers would both write
	// status. The rendered configuration does not change.
	OutOfCluster bool
}

// InstallTenant installs a tenant's Envoy Gateway release straight through
// the Helm SDK, hooks off and no wait, as the test bed has no kubelet. It
// creates the tenant's namespace and the namespaces it watches first, and
// uninstalls the release and deletes those namespaces when the test ends.
func InstallTenant(t testing.TB, cfg *rest.Config, chartDir string, tenant Tenant) {
	t.Helper()
	kube := Kubernetes(t, cfg)
	ctx := context.Background()
	namespaces := []string{tenant.Namespace}
	for _, n := range tenant.Watched {
		if n != tenant.Namespace {
			namespaces = append(namespaces, n)
		}
	}
	for _, n := range namespaces {
		_, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: n}}, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatalf("create namespace %s: %v", n, err)
		}
	}
	ac := HelmConfig(t, cfg, tenant.Namespace)
	t.Cleanup(func() {
		un := action.NewUninstall(ac)
		un.DisableHooks, un.IgnoreNotFound, un.Timeout = true, true, 2*time.Minute
		if _, err := un.Run(tenant.Release); err != nil {
			t.Errorf("uninstall %s: %v", tenant.Release, err)
		}
		for _, n := range namespaces {
			err := kube.CoreV1().Namespaces().Delete(context.Background(), n, metav1.DeleteOptions{})
			if err != nil && !apierrors.IsNotFound(err) {
				t.Errorf("delete namespace %s: %v", n, err)
			}
		}
	})
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	installs.Lock()
	defer installs.Unlock()
	in := action.NewInstall(ac)
	in.ReleaseName, in.Namespace = tenant.Release, tenant.Namespace
	in.DisableHooks = true
	in.Timeout = 2 * time.Minute
	values := tenant.Values
	if tenant.OutOfCluster {
		values = map[string]any{}
		for k, v := range tenant.Values {
			values[k] = v
		}
		deployment, _ := values["deployment"].(map[string]any)
		merged := map[string]any{"replicas": 0}
		for k, v := range deployment {
			if k != "replicas" {
				merged[k] = v
			}
		}
		values["deployment"] = merged
	}
	if _, err := in.RunWithContext(ctx, ch, values); err != nil {
		t.Fatalf("install %s/%s: %v", tenant.Namespace, tenant.Release, err)
	}
}

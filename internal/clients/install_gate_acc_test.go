// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"helm.sh/helm/v3/pkg/chart/loader"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

const safeUpgrades = "safe-upgrades.gateway.networking.k8s.io"

// Three releases installed at once on a cluster without the chart's
// lookup-guarded policy: the race TESTBED.md describes (two concurrent
// installs both render the policy, the second fails on its ownership)
// does not happen, and the policy has one owner.
func TestAccConcurrentInstallsBeforeTheGuardedPolicy(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	ctx := context.Background()
	admission := kube.AdmissionregistrationV1()
	if err := admission.ValidatingAdmissionPolicyBindings().Delete(ctx, safeUpgrades, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	if err := admission.ValidatingAdmissionPolicies().Delete(ctx, safeUpgrades, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	ch, err := loader.Load(kubetest.EnvoyGatewayChart(t))
	if err != nil {
		t.Fatal(err)
	}
	h := clients.NewHelm(clients.KubeOf(cfg))
	var names []string
	for range 3 {
		ns := acctest.RandomWithPrefix("gate")
		if _, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		names = append(names, ns)
		t.Cleanup(func() {
			if err := h.Uninstall(context.Background(), "eg-"+ns, ns, true, 2*time.Minute); err != nil {
				t.Errorf("uninstall eg-%s: %v", ns, err)
			}
			_ = kube.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
		})
	}
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, ns := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = h.Install(ctx, clients.ReleaseSpec{Name: "eg-" + ns, Namespace: ns, Chart: ch,
				DisableHooks: true, Timeout: 2 * time.Minute})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("install eg-%s: %v", names[i], err)
		}
	}
	vap, err := admission.ValidatingAdmissionPolicies().Get(ctx, safeUpgrades, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the guarded policy after the installs: %v", err)
	}
	if owner := vap.Annotations["meta.helm.sh/release-name"]; !slices.Contains(names, owner[len("eg-"):]) {
		t.Errorf("the guarded policy belongs to release %q, none of %v", owner, names)
	}
}

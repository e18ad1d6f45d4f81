// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/release"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

const safeUpgrades = "safe-upgrades.gateway.networking.k8s.io"

// withoutGuardedPolicy removes the chart's guarded policy and its binding,
// as on a cluster no release of the chart has been installed on.
func withoutGuardedPolicy(ctx context.Context, t *testing.T, kube kubernetes.Interface) {
	t.Helper()
	admission := kube.AdmissionregistrationV1()
	if err := admission.ValidatingAdmissionPolicyBindings().Delete(ctx, safeUpgrades, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	if err := admission.ValidatingAdmissionPolicies().Delete(ctx, safeUpgrades, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
}

// Three releases installed at once on a cluster without the chart's
// lookup-guarded policy: the race TESTBED.md describes (two concurrent
// installs both render the policy, the second fails on its ownership)
// does not happen, and the policy has one owner.
func TestAccConcurrentInstallsBeforeTheGuardedPolicy(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	ctx := context.Background()
	admission := kube.AdmissionregistrationV1()
	withoutGuardedPolicy(ctx, t, kube)
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

// An install that loses the race in Helm's create step, after Helm recorded
// the release: another process's install creates the guarded policy and its
// binding just before this one's first create. The install must still
// succeed, as revision 1, adopting what its first try created and leaving
// the policy to the winner: before, the retry failed with "cannot re-use a
// name that is still in use" and the tenant was tainted.
func TestAccInstallLosingTheRaceAfterHelmRecordedIt(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	ctx := context.Background()
	withoutGuardedPolicy(ctx, t, kube)
	t.Cleanup(func() { withoutGuardedPolicy(context.Background(), t, kube) })
	ch, err := loader.Load(kubetest.EnvoyGatewayChart(t))
	if err != nil {
		t.Fatal(err)
	}
	ns := acctest.RandomWithPrefix("race")
	if _, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	h := clients.NewHelm(clients.KubeOf(cfg))
	t.Cleanup(func() {
		if err := h.Uninstall(context.Background(), "eg-"+ns, ns, true, 2*time.Minute); err != nil {
			t.Errorf("uninstall eg-%s: %v", ns, err)
		}
		_ = kube.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
	})
	h.Log = func(_ context.Context, msg string) { t.Log(msg) }
	h.BeforeCreatingGuardedPolicy(func() { winGuardedPolicy(ctx, t, kube, "eg-winner", "winner") })

	rel, err := h.Install(ctx, clients.ReleaseSpec{Name: "eg-" + ns, Namespace: ns, Chart: ch, DisableHooks: true, Timeout: 2 * time.Minute})
	if err != nil {
		t.Fatalf("install after losing the race: %v", err)
	}
	if rel.Version != 1 || rel.Info.Status != release.StatusDeployed {
		t.Errorf("release eg-%s: revision %d %s, want revision 1 deployed", ns, rel.Version, rel.Info.Status)
	}
	if strings.Contains(rel.Manifest, safeUpgrades) {
		t.Errorf("the release's manifest still holds the guarded policy, which the winner owns")
	}
	vap, err := kube.AdmissionregistrationV1().ValidatingAdmissionPolicies().Get(ctx, safeUpgrades, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the guarded policy after the install: %v", err)
	}
	if owner := vap.Annotations["meta.helm.sh/release-name"]; owner != "eg-winner" {
		t.Errorf("the guarded policy belongs to %q after the install, want the winner's eg-winner", owner)
	}
	deploy, err := kube.AppsV1().Deployments(ns).Get(ctx, "envoy-gateway", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the controller's Deployment: %v", err)
	}
	if owner := deploy.Annotations["meta.helm.sh/release-name"]; owner != "eg-"+ns {
		t.Errorf("the controller's Deployment belongs to %q, want eg-%s", owner, ns)
	}
}

// winGuardedPolicy creates the guarded policy and its binding with the
// chart's names and Helm's ownership marks for release name in namespace
// (the specs are minimal): what the winner of the race creates.
func winGuardedPolicy(ctx context.Context, t *testing.T, kube kubernetes.Interface, name, namespace string) {
	meta := metav1.ObjectMeta{Name: safeUpgrades,
		Labels:      map[string]string{"app.kubernetes.io/managed-by": "Helm"},
		Annotations: map[string]string{"meta.helm.sh/release-name": name, "meta.helm.sh/release-namespace": namespace}}
	crds := admissionv1.MatchResources{ResourceRules: []admissionv1.NamedRuleWithOperations{{RuleWithOperations: admissionv1.RuleWithOperations{
		Operations: []admissionv1.OperationType{admissionv1.Create, admissionv1.Update},
		Rule:       admissionv1.Rule{APIGroups: []string{"apiextensions.k8s.io"}, APIVersions: []string{"v1"}, Resources: []string{"customresourcedefinitions"}},
	}}}}
	fail := admissionv1.Fail
	admission := kube.AdmissionregistrationV1()
	if _, err := admission.ValidatingAdmissionPolicies().Create(ctx, &admissionv1.ValidatingAdmissionPolicy{ObjectMeta: meta,
		Spec: admissionv1.ValidatingAdmissionPolicySpec{FailurePolicy: &fail, MatchConstraints: &crds,
			Validations: []admissionv1.Validation{{Expression: "true"}}}}, metav1.CreateOptions{}); err != nil {
		t.Errorf("the winner's policy: %v", err)
	}
	if _, err := admission.ValidatingAdmissionPolicyBindings().Create(ctx, &admissionv1.ValidatingAdmissionPolicyBinding{ObjectMeta: meta,
		Spec: admissionv1.ValidatingAdmissionPolicyBindingSpec{PolicyName: safeUpgrades, MatchResources: &crds,
			ValidationActions: []admissionv1.ValidationAction{admissionv1.Deny}}}, metav1.CreateOptions{}); err != nil {
		t.Errorf("the winner's binding: %v", err)
	}
}

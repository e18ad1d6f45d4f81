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
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// A tenant's delete removes only the namespaces that hold nothing but what
// goes with it. A team's apps in a namespace the tenant created, and a
// namespace another tenant watches, stay with everything in them.
func TestAccTenant_deleteKeepsOthersObjects(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	mkt := acctest.RandomWithPrefix("mkt")
	prd := acctest.RandomWithPrefix("prd")
	apps, empty := mkt+"-apps", mkt+"-empty"
	t.Cleanup(func() { deleteNamespaces(kube, mkt, apps, empty, prd) })

	marketing := tenantHCL("marketing", mkt, fmt.Sprintf("watch = { namespaces = %s }", hclList([]string{mkt, apps, empty})), "")
	// product also watches marketing's namespace, which marketing creates.
	product := tenantHCL("product", prd, fmt.Sprintf("watch = { namespaces = %s }", hclList([]string{prd, mkt})),
		"depends_on = [eg_tenant.marketing]")
	productAlone := tenantHCL("product", prd, fmt.Sprintf("watch = { namespaces = %s }", hclList([]string{prd, mkt})), "")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkNamespacesGone(kube, prd),
		Steps: []resource.TestStep{
			{Config: tenantProvider(chart) + marketing + product},
			{
				// The team deploys its app where marketing's controller watches.
				PreConfig: func() { putTeamObjects(t, kube, apps) },
				Config:    tenantProvider(chart) + productAlone, // marketing is destroyed
				Check: resource.ComposeTestCheckFunc(
					checkTeamObjects(kube, apps),
					checkRoleNamespaces(kube, "eg-"+prd, mkt, prd),
					checkNamespacesGone(kube, empty),
					func(*terraform.State) error {
						if _, err := kube.CoreV1().Namespaces().Get(context.Background(), mkt, metav1.GetOptions{}); err != nil {
							return fmt.Errorf("namespace %s, watched by product, is gone with marketing: %v", mkt, err)
						}
						n, err := kubetest.HelmReleaseRecords(kube, mkt, "eg-"+mkt)
						if err == nil && n != 0 {
							err = fmt.Errorf("release eg-%s still has %d records", mkt, n)
						}
						return err
					},
				),
			},
		},
	})
}

func putTeamObjects(t *testing.T, kube kubernetes.Interface, ns string) {
	t.Helper()
	ctx := context.Background()
	if _, err := kube.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "team-app"}, Data: map[string]string{"k": "v"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := kube.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "team-secret"}, StringData: map[string]string{"password": "s3cr3t"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func checkTeamObjects(kube kubernetes.Interface, ns string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		n, err := kube.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("namespace %s with the team's objects: %v", ns, err)
		}
		if n.DeletionTimestamp != nil {
			return fmt.Errorf("namespace %s with the team's objects is being deleted", ns)
		}
		if cm, err := kube.CoreV1().ConfigMaps(ns).Get(ctx, "team-app", metav1.GetOptions{}); err != nil || cm.Data["k"] != "v" {
			return fmt.Errorf("the team's ConfigMap: %v", err)
		}
		if s, err := kube.CoreV1().Secrets(ns).Get(ctx, "team-secret", metav1.GetOptions{}); err != nil || string(s.Data["password"]) != "s3cr3t" {
			return fmt.Errorf("the team's Secret: %v", err)
		}
		return nil
	}
}

func checkNamespacesGone(kube kubernetes.Interface, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, ns := range names {
			_, err := kube.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{})
			if !apierrors.IsNotFound(err) {
				return fmt.Errorf("namespace %s still exists (err %v)", ns, err)
			}
		}
		return nil
	}
}

func checkNamespacesExist(kube kubernetes.Interface, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, ns := range names {
			if _, err := kube.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{}); err != nil {
				return fmt.Errorf("namespace %s: %v", ns, err)
			}
		}
		return nil
	}
}

func deleteNamespaces(kube kubernetes.Interface, names ...string) {
	for _, ns := range names {
		_ = kube.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
	}
}

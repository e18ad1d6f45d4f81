// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage/driver"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

const clusterConfig = `
data "eg_cluster" "this" {}
`

func TestAccClusterDataSource_withoutGatewayAPI(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	if os.Getenv("EG_ACC_DELETE_CRDS") == "1" {
		// make testacc's own, disposable control plane: tests of other
		// packages may have installed the CRDs already.
		deleteGatewayCRDs(t, cfg)
	}
	if _, err := kubetest.APIExtensions(t, cfg).ApiextensionsV1().CustomResourceDefinitions().
		Get(context.Background(), "gateways.gateway.networking.k8s.io", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Skip("this cluster already has the Gateway API CRDs; the no-CRD case needs a cluster without them")
	}
	version, err := kube.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: clusterConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("id"), knownvalue.StringExact(cfg.Host)),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("kubernetes_version"), knownvalue.StringExact(version.GitVersion)),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("gateway_api_installed"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("gateway_api_version"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("gateway_api_channel"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("envoy_gateway_crds_installed"), knownvalue.Bool(false)),
			},
		}},
	})
}

func TestAccClusterDataSource_gatewayAPIStandard(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	if crd, err := kubetest.APIExtensions(t, cfg).ApiextensionsV1().CustomResourceDefinitions().
		Get(context.Background(), "gateways.gateway.networking.k8s.io", metav1.GetOptions{}); err == nil &&
		crd.Annotations["gateway.networking.k8s.io/bundle-version"] != kubetest.GatewayAPIVersion {
		t.Skipf("the cluster already has Gateway API %s CRDs; this test installs %s and never replaces others'",
			crd.Annotations["gateway.networking.k8s.io/bundle-version"], kubetest.GatewayAPIVersion)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { kubetest.ApplyCRDs(t, cfg, kubetest.GatewayAPICRDDir(t, "standard")) },
			Config:    clusterConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("gateway_api_installed"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("gateway_api_version"), knownvalue.StringExact("v1.6.3")),
				statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("gateway_api_channel"), knownvalue.StringExact("standard")),
			},
		}},
	})
}

func TestAccClusterDataSource_tenants(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	ns := kubetest.Namespace(t, kube, "eg-acc-cluster-tenants")
	egChart, err := loader.Load(kubetest.EnvoyGatewayChart(t))
	if err != nil {
		t.Fatal(err)
	}
	other := *egChart
	otherMeta := *egChart.Metadata
	otherMeta.Name, otherMeta.Version = "not-envoy-gateway", "1.0.0"
	other.Metadata = &otherMeta

	// Helm's own release records, written by Helm's storage driver: exactly
	// what `helm install` leaves behind, without running the chart.
	store := driver.NewSecrets(kube.CoreV1().Secrets(ns))
	record := func(name string, version int, status release.Status, ch *chartAndValues) {
		t.Helper()
		rel := &release.Release{Name: name, Namespace: ns, Version: version, Chart: ch.chart, Config: ch.values,
			Info: &release.Info{Status: status}}
		if err := store.Create(fmt.Sprintf("sh.helm.release.v1.%s.v%d", name, version), rel); err != nil {
			t.Fatal(err)
		}
	}
	custom := map[string]any{"config": map[string]any{"envoyGateway": map[string]any{"gateway": map[string]any{
		"controllerName": "gateway.envoyproxy.io/marketing-gatewayclass-controller"}}}}
	record("eg-marketing", 1, release.StatusSuperseded, &chartAndValues{egChart, nil})
	record("eg-marketing", 2, release.StatusDeployed, &chartAndValues{egChart, custom})
	record("eg-default", 1, release.StatusPendingInstall, &chartAndValues{egChart, nil})
	record("unrelated", 1, release.StatusDeployed, &chartAndValues{&other, nil})

	tenant := func(name, controller, status string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":            knownvalue.StringExact(name),
			"namespace":       knownvalue.StringExact(ns),
			"controller_name": knownvalue.StringExact(controller),
			"chart_version":   knownvalue.StringExact(kubetest.EnvoyGatewayVersion),
			"app_version":     knownvalue.StringExact(kubetest.EnvoyGatewayVersion),
			"status":          knownvalue.StringExact(status),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: clusterConfig + fmt.Sprintf(`
output "ours" {
  value = [for t in data.eg_cluster.this.tenants : t if t.namespace == %q]
}`, ns),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("ours", knownvalue.ListExact([]knownvalue.Check{
					tenant("eg-default", "gateway.envoyproxy.io/gatewayclass-controller", "pending-install"),
					tenant("eg-marketing", "gateway.envoyproxy.io/marketing-gatewayclass-controller", "deployed"),
				})),
			},
		}},
	})
}

type chartAndValues struct {
	chart  *chart.Chart
	values map[string]any
}

// Errors say which failure it was: unreachable, bad credentials, RBAC.
func TestAccClusterDataSource_errors(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	ns := kubetest.Namespace(t, kube, "eg-acc-cluster-errors")
	sa, err := kube.CoreV1().ServiceAccounts(ns).Create(context.Background(),
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "nobody"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	token := kubetest.ServiceAccountToken(t, kube, ns, sa.Name)
	ca := kubetest.CAPEM(t, cfg)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `provider "eg" {
  kubernetes = { host = "https://127.0.0.1:1" }
}` + clusterConfig,
				ExpectError: regexp.MustCompile(`Cannot reach the Kubernetes API server`),
			},
			{
				Config: fmt.Sprintf(`provider "eg" {
  kubernetes = { host = %q, token = "not-a-valid-token", cluster_ca_certificate = %q }
}`, cfg.Host, ca) + clusterConfig,
				ExpectError: regexp.MustCompile(`Kubernetes rejected the credentials \(401 Unauthorized\)`),
			},
			{
				Config: fmt.Sprintf(`provider "eg" {
  kubernetes = { host = %q, token = %q, cluster_ca_certificate = %q }
}`, cfg.Host, token, ca) + clusterConfig,
				ExpectError: regexp.MustCompile(`(?s)Permission denied by Kubernetes RBAC \(403 Forbidden\).*system:serviceaccount:` + ns + `:nobody`),
			},
			{
				Config: fmt.Sprintf(`provider "eg" {
  kubernetes = { host = %q, token = %q }
}`, cfg.Host, token) + clusterConfig,
				ExpectError: regexp.MustCompile(`TLS verification of the Kubernetes API server failed`),
			},
		},
	})
}

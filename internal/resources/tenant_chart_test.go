// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	helmregistry "helm.sh/helm/v3/pkg/registry"
	"helm.sh/helm/v3/pkg/repo"
	"k8s.io/client-go/kubernetes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

const (
	registryUser     = "eg-ci"
	registryPassword = "s3cret-registry-token"
)

// packageChart packages the real chart into dir and returns the archive.
func packageChart(t *testing.T, dir string) string {
	t.Helper()
	ch, err := loader.Load(kubetest.EnvoyGatewayChart(t))
	if err != nil {
		t.Fatal(err)
	}
	archive, err := chartutil.Save(ch, dir)
	if err != nil {
		t.Fatal(err)
	}
	return archive
}

func serverCAPEM(s *httptest.Server) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}))
}

// basicAuth guards a handler with one user, as a private registry would,
// and counts the requests it let through.
func basicAuth(next http.Handler, served *atomic.Int64) http.Handler {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(registryUser+":"+registryPassword))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != want {
			w.Header().Set("WWW-Authenticate", `Basic realm="eg-test"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		served.Add(1)
		next.ServeHTTP(w, r)
	})
}

// A chart from an HTTPS chart repository with a private CA and credentials.
func TestAccTenant_chartFromHTTPSRepository(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	dir := t.TempDir()
	packageChart(t, dir)
	var served atomic.Int64
	srv := httptest.NewTLSServer(basicAuth(http.FileServer(http.Dir(dir)), &served))
	defer srv.Close()
	index, err := repo.IndexDirectory(dir, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := index.WriteFile(filepath.Join(dir, "index.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	name := acctest.RandomWithPrefix("https")
	testChartSource(t, kube, name, fmt.Sprintf(`chart = {
    repository     = %q
    version        = %q
    username       = %q
    password_wo    = %q
    ca_certificate = %q
  }`, srv.URL, kubetest.EnvoyGatewayVersion, registryUser, registryPassword, serverCAPEM(srv)), &served)
}

// A chart from a real OCI registry (go-containerregistry's registry
// implementation) with TLS from a private CA and basic authentication.
func TestAccTenant_chartFromOCIRegistry(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	var served atomic.Int64
	srv := httptest.NewTLSServer(basicAuth(registry.New(registry.Logger(log.New(io.Discard, "", 0))), &served))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "https://")

	archive := packageChart(t, t.TempDir())
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	client, err := helmregistry.NewClient(
		helmregistry.ClientOptHTTPClient(srv.Client()),
		helmregistry.ClientOptBasicAuth(registryUser, registryPassword),
		helmregistry.ClientOptWriter(io.Discard),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Push(data, host+"/charts/gateway-helm:"+kubetest.EnvoyGatewayVersion); err != nil {
		t.Fatalf("push chart to the test registry: %v", err)
	}
	served.Store(0)
	name := acctest.RandomWithPrefix("oci")
	testChartSource(t, kube, name, fmt.Sprintf(`chart = {
    repository     = "oci://%s/charts/gateway-helm"
    version        = %q
    username       = %q
    password_wo    = %q
    ca_certificate = %q
  }`, host, kubetest.EnvoyGatewayVersion, registryUser, registryPassword, serverCAPEM(srv)), &served)
}

// testChartSource installs a tenant from a remote chart (the provider's
// default chart points nowhere) and checks that the password is never stored.
func testChartSource(t *testing.T, kube kubernetes.Interface, name, chartBlock string, served *atomic.Int64) {
	config := egacc.ProviderSource + `
provider "eg" {
  chart = { repository = "/nonexistent/chart" }
}
` + tenantHCL("remote", name, "", chartBlock)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		// password_wo is write-only: older CLIs refuse it (TestAccTenant_passwordWriteOnlyByCLIVersion).
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:           checkTenantsGone(kube, []string{name}, []string{name}),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("eg_tenant.remote", tfjsonpath.New("status"), knownvalue.StringExact("deployed")),
				statecheck.ExpectKnownValue("eg_tenant.remote", tfjsonpath.New("chart_version"), knownvalue.StringExact(kubetest.EnvoyGatewayVersion)),
				// Write-only: the password is never in state.
				statecheck.ExpectKnownValue("eg_tenant.remote", tfjsonpath.New("chart").AtMapKey("password_wo"), knownvalue.Null()),
			},
			Check: func(*terraform.State) error {
				if served.Load() == 0 {
					return fmt.Errorf("the chart server was never asked with credentials")
				}
				return nil
			},
		}},
	})
}

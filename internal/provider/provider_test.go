// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	egprovider "github.com/egplatform/terraform-provider-eg/internal/provider"
)

func TestProviderSchemaValid(t *testing.T) {
	resp := &provider.SchemaResponse{}
	egprovider.New("test")().Schema(context.Background(), provider.SchemaRequest{}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
}

// A cluster nobody can reach must not stop validate, nor a plan whose reads
// wait for apply: the provider connects only when something needs the cluster.
func TestAccProvider_unreachableClusterPlans(t *testing.T) {
	const unreachable = `
provider "eg" {
  kubernetes = { host = "https://127.0.0.1:1", insecure = true }
}
resource "terraform_data" "cluster" {
  input = "created in this apply"
}
data "eg_cluster" "this" {
  depends_on = [terraform_data.cluster]
}
output "version" {
  value = data.eg_cluster.this.kubernetes_version
}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             unreachable,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The same read, not deferred, reaches for the cluster and says why it failed.
				Config: `
provider "eg" {
  kubernetes = { host = "https://127.0.0.1:1", insecure = true }
}
data "eg_cluster" "this" {}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Cannot reach the Kubernetes API server`),
			},
		},
	})
}

// The cluster's address is known only after apply (as when the cluster is
// created in the same apply): the plan succeeds with the read deferred, and
// the apply reads the real cluster.
func TestAccProvider_hostUnknownUntilApply(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	version, err := kubetest.Kubernetes(t, cfg).Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`
resource "terraform_data" "cluster" {
  input = %q
}
provider "eg" {
  kubernetes = {
    config_path = %q
    host        = terraform_data.cluster.output
  }
}
data "eg_cluster" "this" {
  depends_on = [terraform_data.cluster]
}
output "version" {
  value = data.eg_cluster.this.kubernetes_version
}
`, cfg.Host, os.Getenv("KUBECONFIG"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownOutputValue("version")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("version", knownvalue.StringExact(version.GitVersion)),
			},
		}},
	})
}

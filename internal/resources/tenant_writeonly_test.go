// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
)

// chart.password_wo is write-only, which Terraform and OpenTofu support from
// 1.11 on. Runs on whichever CLI TF_ACC_TERRAFORM_PATH names: on an older one
// the plan stops with a diagnostic that names the attribute and the version
// it needs (the plugin framework's, raised while validating the
// configuration because the client does not announce write-only support), not
// a crash; on a newer one it plans and the password is not in the plan. No
// cluster is reached: the provider points at a closed port.
func TestAccTenant_passwordWriteOnlyByCLIVersion(t *testing.T) {
	config := egacc.ProviderSource + `
provider "eg" {
  kubernetes = { host = "https://127.0.0.1:1", insecure = true }
}
` + tenantHCL("t", "wo", "", `chart = {
    repository  = "oci://registry.invalid/charts/gateway-helm"
    version     = "1.9.1"
    username    = "eg-ci"
    password_wo = "s3cret-registry-token"
  }`)
	step := resource.TestStep{Config: config, PlanOnly: true}
	if egacc.WriteOnlySupported(t) {
		step.ExpectNonEmptyPlan = true
		step.ConfigPlanChecks = resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue("eg_tenant.t", tfjsonpath.New("chart").AtMapKey("password_wo"), knownvalue.Null()),
		}}
	} else {
		step.ExpectError = wrapped(`WriteOnly Attribute Not Allowed .* non-null value for WriteOnly attribute chart\.password_wo\. ` +
			`Write-only attributes are only supported in Terraform 1\.11 and later`)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps:                    []resource.TestStep{step},
	})
}

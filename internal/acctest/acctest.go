// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package acctest holds what the provider's acceptance tests share: the
// provider factories and the checks that the environment can run them.
package acctest

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/egplatform/terraform-provider-eg/internal/provider"
)

// ProviderFactories serves the provider in-process under the name "eg".
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"eg": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// ProviderSource names the provider by its full address. The test framework
// serves the provider in-process as registry.terraform.io/hashicorp/eg
// (TF_ACC_PROVIDER_NAMESPACE=hashicorp); OpenTofu would otherwise resolve a
// bare "eg" against its own registry in steps that run init.
const ProviderSource = `
terraform {
  required_providers {
    eg = { source = "registry.terraform.io/hashicorp/eg" }
  }
}
`

// PreCheck fails early, with what to do, when the environment cannot run
// acceptance tests (resource.Test itself skips them unless TF_ACC is set).
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("KUBECONFIG") == "" {
		t.Fatal("KUBECONFIG must name a cluster: run `make testacc`, which starts the test bed, or point KUBECONFIG at a cluster such as kind")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name a Terraform or OpenTofu binary (make testacc builds OpenTofu and sets it)")
	}
}

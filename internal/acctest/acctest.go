// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package acctest holds what the provider's acceptance tests share: the
// provider factories and the checks that the environment can run them.
package acctest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
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

// CLIVersion is the major and minor version of the CLI that
// TF_ACC_TERRAFORM_PATH names, from `version -json` (OpenTofu reports its own
// version in the same field), for tests whose expectations depend on it.
func CLIVersion(t *testing.T) (major, minor int) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		// As resource.Test does: without TF_ACC there is no CLI under test.
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version", "-json").Output()
	if err != nil {
		t.Fatalf("version -json of the CLI under test: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("version -json of the CLI under test: %v in %q", err, out)
	}
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("CLI version %q: %v", v.Version, err)
	}
	return major, minor
}

// CLIAtLeast reports whether the CLI under test is at least version
// major.minor (Terraform's and OpenTofu's numbers agree on the features the
// tests use: import blocks 1.5, removed blocks 1.7, write-only attributes 1.11).
func CLIAtLeast(t *testing.T, major, minor int) bool {
	t.Helper()
	gotMajor, gotMinor := CLIVersion(t)
	return gotMajor > major || gotMajor == major && gotMinor >= minor
}

// WriteOnlySupported reports whether the CLI under test supports write-only
// attributes (Terraform and OpenTofu 1.11 and later).
func WriteOnlySupported(t *testing.T) bool {
	t.Helper()
	return CLIAtLeast(t, 1, 11)
}

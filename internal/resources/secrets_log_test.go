// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"k8s.io/client-go/tools/clientcmd"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// TestAccTenant_secretsNotInTraceLog runs a create, a no-change plan and an
// update at TF_LOG=TRACE (the CLI's log and the provider's, in one file),
// checks that the provider logged its steps and Helm's lines, and greps the
// log for the secrets: a value of sensitive_values and the kubeconfig's
// client key.
func TestAccTenant_secretsNotInTraceLog(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	name := acctest.RandomWithPrefix("trace")
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_ACC_LOG", "TRACE")
	const secret = "tr4ce-s3cret-marker"
	// As users pass secrets: a sensitive variable, not a literal the test
	// harness logs with the configuration.
	hcl := tenantProvider(chart) + `
variable "token" {
  type      = string
  sensitive = true
}
` + tenantHCL("t", name, "", `sensitive_values = yamlencode({ commonLabels = { token = var.token } })`)
	withSecret := func(token string) config.Variables {
		return config.Variables{"token": config.StringVariable(token)}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{name}, []string{name}),
		Steps: []resource.TestStep{
			{Config: hcl, ConfigVariables: withSecret(secret)},
			{Config: hcl, ConfigVariables: withSecret(secret + "-2")}, // an update, and the plans around it
		},
	})

	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	// The log must hold both sides' lines, or the test proves nothing: the
	// CLI's, the framework's and ours (our steps and Helm's own lines).
	for _, want := range []string{"ApplyResourceChange", "tf_resource_type=eg_tenant", name,
		"writing the planned object: done", "reading tenant", "helm: "} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log (%d bytes) has no %q: it does not hold what the test must search", len(b), want)
		}
	}
	secrets := map[string]string{"sensitive_values": secret}
	for what, s := range clientKeySecrets(t) {
		secrets[what] = s
	}
	for what, s := range secrets {
		for i, line := range strings.Split(log, "\n") {
			if strings.Contains(line, s) {
				line = strings.ReplaceAll(line, s, "<"+what+">")
				t.Errorf("the TRACE log holds %s, line %d: %.400s", what, i+1, line)
				break
			}
		}
	}
	t.Logf("searched %d bytes of TRACE log for %d secrets", len(b), len(secrets))
}

// clientKeySecrets are the kubeconfig's client key, as it stands in the file
// and a line of its PEM body.
func clientKeySecrets(t *testing.T) map[string]string {
	t.Helper()
	raw, err := clientcmd.LoadFromFile(os.Getenv("KUBECONFIG"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for user, a := range raw.AuthInfos {
		key := a.ClientKeyData
		if len(key) == 0 && a.ClientKey != "" {
			if key, err = os.ReadFile(a.ClientKey); err != nil {
				t.Fatal(err)
			}
		}
		lines := strings.Split(string(key), "\n")
		if len(lines) < 3 {
			continue
		}
		out["client key of "+user+" (base64)"] = base64.StdEncoding.EncodeToString(key)[:40]
		out["client key of "+user+" (PEM)"] = lines[1]
	}
	if len(out) == 0 {
		t.Log("the kubeconfig has no client key: only sensitive_values is searched for")
	}
	return out
}

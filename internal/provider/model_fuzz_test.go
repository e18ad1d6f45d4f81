// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"k8s.io/client-go/rest"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// decoyServer and decoyToken are in the kubeconfig KUBECONFIG names while
// fuzzing: a provider block with an inline host must never pick them up.
const (
	decoyServer = "https://decoy.invalid:6443"
	decoyToken  = "decoy-token-from-an-unrelated-kubeconfig"
)

// providerInput is one fuzzed provider block. mask holds two bits per
// attribute: 0 null, 1 unknown, 2 and 3 known (see pick).
type providerInput struct {
	mask                                                     uint64
	configPath, configContext, host, token, ca, cert, key    string
	apiVersion, command, args, env, repository, chartVersion string
	insecure                                                 bool
	kubeconfig                                               []byte // written to config_path when bit 62 is set
}

// FuzzProviderConfig decodes fuzzed provider blocks the two ways the
// provider does: through the framework's ConfigureProvider (what the CLI
// calls), and through the model down to the client-go configuration and
// transport the clients would use, without dialing. It checks that nothing
// panics, that an unknown setting never yields a configuration, that an
// inline host never mixes in an unrelated kubeconfig, that every client
// is bounded by RequestTimeout, and that the token and client key never
// appear in a diagnostic or error. Seeds: f.Add below and testdata/fuzz.
func FuzzProviderConfig(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s.mask, s.configPath, s.configContext, s.host, s.token, s.ca, s.cert, s.key,
			s.apiVersion, s.command, s.args, s.env, s.repository, s.chartVersion, s.insecure, s.kubeconfig)
	}
	decoy := filepath.Join(f.TempDir(), "decoy-kubeconfig")
	if err := os.WriteFile(decoy, []byte(decoyKubeconfig), 0o600); err != nil {
		f.Fatal(err)
	}
	f.Setenv("KUBECONFIG", decoy)
	f.Setenv("KUBE_CONFIG_PATH", "")
	schemaType := mustBe[tftypes.Object](f, providerSchema().Type().TerraformType(context.Background()))
	server := providerserver.NewProtocol6(New("fuzz")())()

	f.Fuzz(func(t *testing.T, mask uint64, configPath, configContext, host, token, ca, cert, key,
		apiVersion, command, args, env, repository, chartVersion string, insecure bool, kubeconfig []byte) {
		in := providerInput{mask, configPath, configContext, host, token, ca, cert, key,
			apiVersion, command, args, env, repository, chartVersion, insecure, kubeconfig}
		if mask&(1<<62) != 0 && len(kubeconfig) > 0 {
			in.configPath = filepath.Join(t.TempDir(), "kubeconfig")
			if err := os.WriteFile(in.configPath, kubeconfig, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		val := in.value(t, schemaType)
		texts := configureThroughServer(t, server, schemaType, val)
		texts = append(texts, checkClients(t, in, val)...)
		for _, secret := range in.secrets() {
			for _, text := range texts {
				if strings.Contains(text, secret) {
					t.Fatalf("a secret (%q) is in a diagnostic or error: %q", secret, text)
				}
			}
		}
	})
}

// configureThroughServer validates and configures the provider as the CLI
// does and returns the diagnostics' text.
func configureThroughServer(t *testing.T, server tfprotov6.ProviderServer, typ tftypes.Object, val tftypes.Value) []string {
	t.Helper()
	ctx := context.Background()
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		t.Fatalf("encode the provider block: %v", err)
	}
	var texts []string
	vresp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: &dv})
	if err != nil {
		t.Fatalf("ValidateProviderConfig: %v", err)
	}
	cresp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.12.6", Config: &dv,
		ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: false},
	})
	if err != nil {
		t.Fatalf("ConfigureProvider: %v", err)
	}
	for _, d := range append(vresp.Diagnostics, cresp.Diagnostics...) {
		texts = append(texts, d.Summary, d.Detail)
	}
	return texts
}

// checkClients decodes the block through the model and resolves the
// client-go configuration and transport, and returns the errors' text.
func checkClients(t *testing.T, in providerInput, val tftypes.Value) []string {
	t.Helper()
	ctx := context.Background()
	var cfg providerModel
	if diags := (tfsdk.Config{Raw: val, Schema: providerSchema()}).Get(ctx, &cfg); diags.HasError() {
		t.Fatalf("a value of the schema's own type does not decode: %v", diags)
	}
	c, diags := cfg.clients(ctx, "terraform-provider-eg/fuzz")
	var texts []string
	for _, d := range diags {
		texts = append(texts, d.Summary(), d.Detail())
	}
	rc, err := c.Kube.RESTConfig()
	if in.anyUnknown() {
		if !errors.Is(err, clients.ErrConnectionUnknown) {
			t.Fatalf("a setting is unknown, yet RESTConfig gave %v, %v", rc, err)
		}
		return texts
	}
	if err != nil {
		return append(texts, err.Error())
	}
	if rc.Timeout != clients.RequestTimeout || rc.UserAgent != "terraform-provider-eg/fuzz" {
		t.Fatalf("client settings not applied: timeout %v, user agent %q", rc.Timeout, rc.UserAgent)
	}
	if in.inlineOnly() && (rc.Host == decoyServer || rc.BearerToken == decoyToken) {
		t.Fatalf("an inline host (%q) mixed in the unrelated kubeconfig: host %q, its token taken: %v", in.host, rc.Host, rc.BearerToken == decoyToken)
	}
	if _, err := rest.TransportFor(rc); err != nil {
		texts = append(texts, err.Error())
	}
	return texts
}

const decoyKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: decoy
  cluster: {server: "` + decoyServer + `"}
users:
- name: decoy
  user: {token: "` + decoyToken + `"}
contexts:
- name: decoy
  context: {cluster: decoy, user: decoy}
current-context: decoy
`

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// Settings that can never reach a cluster are refused on the attribute at
// fault; settings that may work later (a kubeconfig the apply writes, no
// connection configured yet, a cluster that is down) are not.
func TestConnectionDiagnostics(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(good, []byte(decoyKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	notKubeconfig := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notKubeconfig, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBECONFIG", "")
	t.Setenv("KUBE_CONFIG_PATH", "")
	const secretKey = "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0LWtleS0xMjM0\n-----END EC PRIVATE KEY-----\n"
	for _, c := range []struct {
		name     string
		settings clients.KubeSettings
		at       string // attribute under kubernetes; "-" for no error
		summary  string
	}{
		{"unreachable but well-formed", clients.KubeSettings{Host: "https://127.0.0.1:1", Insecure: ptrTrue}, "-", ""},
		{"no connection yet", clients.KubeSettings{}, "-", ""},
		{"kubeconfig the apply writes", clients.KubeSettings{ConfigPath: filepath.Join(dir, "later")}, "-", ""},
		{"good kubeconfig", clients.KubeSettings{ConfigPath: good}, "-", ""},
		{"host with a space", clients.KubeSettings{Host: "my cluster"}, "host", "Invalid kubernetes.host"},
		{"host unclosed bracket", clients.KubeSettings{Host: "https://[::1"}, "host", "Invalid kubernetes.host"},
		{"host ftp", clients.KubeSettings{Host: "ftp://h"}, "host", "Invalid kubernetes.host"},
		{"CA not PEM", clients.KubeSettings{Host: "https://h", ClusterCACertificate: "nope"}, "cluster_ca_certificate", "certificate"},
		{"insecure and CA", clients.KubeSettings{Host: "https://h", Insecure: ptrTrue,
			ClusterCACertificate: string(mustCA(t))}, "insecure", "conflicts"},
		{"client certificate malformed", clients.KubeSettings{Host: "https://h", ClientCertificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
			ClientKey: secretKey}, "client_certificate", "client_certificate or client_key"},
		{"client key not a key", clients.KubeSettings{Host: "https://h", ClientCertificate: string(mustCA(t)),
			ClientKey: secretKey}, "client_key", "client_certificate or client_key"},
		{"context missing", clients.KubeSettings{ConfigPath: good, ConfigContext: "nope"}, "config_context", "context not found"},
		{"not a kubeconfig", clients.KubeSettings{ConfigPath: notKubeconfig}, "config_path", "Invalid kubeconfig"},
	} {
		t.Run(c.name, func(t *testing.T) {
			diags := connectionDiagnostics(c.settings)
			if c.at == "-" {
				if diags.HasError() {
					t.Fatalf("refused: %v", diags)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("want one error on kubernetes.%s, got %v", c.at, diags)
			}
			d := diags[0]
			withPath, ok := d.(interface{ Path() path.Path })
			if !ok || !withPath.Path().Equal(path.Root("kubernetes").AtName(c.at)) {
				t.Errorf("error %q (%s) is not on kubernetes.%s", d.Summary(), d.Detail(), c.at)
			}
			if !strings.Contains(d.Summary(), c.summary) {
				t.Errorf("summary %q does not say %q", d.Summary(), c.summary)
			}
			if strings.Contains(d.Detail(), "c2VjcmV0") {
				t.Errorf("the client key is in the detail: %q", d.Detail())
			}
		})
	}
}

// mustCA is a self-signed PEM certificate.
var ptrTrue = func() *bool { b := true; return &b }()

func mustCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

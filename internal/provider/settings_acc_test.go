// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// In these tests every variable the provider reads is emptied first, and
// each step sets only its own source, with a broken one of lower precedence
// beside it where there is one: a step passes only through the source it
// names. KUBECONFIG itself is the source of every other acceptance test.

var (
	errUnreachable  = regexp.MustCompile(`Cannot reach the Kubernetes API server`)
	errTLS          = regexp.MustCompile(`TLS verification of the Kubernetes API server failed`)
	errUnauthorized = regexp.MustCompile(`Kubernetes rejected the credentials \(401 Unauthorized\)`)
)

func TestAccProviderSettings_kubeconfigSources(t *testing.T) {
	c := connectionTestCluster(t)
	file := c.kubeconfig(t)
	env := func(kv map[string]string) func() { return func() { setConnectionEnv(kv) } }
	step := func(pre func(), kubernetes string) resource.TestStep {
		return resource.TestStep{PreConfig: pre, Config: withProvider(kubernetes), ConfigStateChecks: c.readsCluster(c.host)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{PreConfig: env(nil), Config: withProvider(attrs("config_path", file) + fmt.Sprintf("    config_paths = [%q]\n", file)),
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`)},
			{PreConfig: env(map[string]string{clients.EnvConfigPath: file}),
				Config:      withProvider(fmt.Sprintf("    config_paths = [%q]\n", file)),
				ExpectError: regexp.MustCompile(`(?s)Conflicting kubeconfig settings.*KUBE_CONFIG_PATH`)},
			// The file's current context is broken: without a context setting, no connection.
			{PreConfig: env(nil), Config: withProvider(attrs("config_path", file)), ExpectError: errUnreachable},
			step(env(map[string]string{clients.EnvConfigPath: "/does/not/exist"}),
				attrs("config_path", file, "config_context", "admin")),
			step(env(map[string]string{clients.EnvConfigPath: file, clients.EnvContext: "admin", clients.EnvKubeconfig: "/does/not/exist"}), ""),
			step(env(map[string]string{clients.EnvConfigPaths: "/does/not/exist"}),
				attrs("config_context", "broken", "config_context_cluster", "testbed", "config_context_auth_info", "admin")+
					fmt.Sprintf("    config_paths = [%q]\n", file)),
			step(env(map[string]string{clients.EnvConfigPaths: file, clients.EnvContextCluster: "testbed",
				clients.EnvContextAuth: "admin", clients.EnvKubeconfig: "/does/not/exist"}), ""),
			step(env(map[string]string{clients.EnvKubeconfig: file, clients.EnvContext: "admin"}), ""),
			// The attribute wins over its variable.
			step(env(map[string]string{clients.EnvConfigPath: file, clients.EnvContext: "broken"}), attrs("config_context", "admin")),
		},
	})
}

func TestAccProviderSettings_inline(t *testing.T) {
	c := connectionTestCluster(t)
	ns := kubetest.Namespace(t, c.kube, "eg-acc-settings-inline")
	token := c.serviceAccount(t, ns, "reader", true)
	env := func(kv map[string]string) func() { return func() { setConnectionEnv(kv) } }
	step := func(pre func(), kubernetes string) resource.TestStep {
		return resource.TestStep{PreConfig: pre, Config: withProvider(kubernetes), ConfigStateChecks: c.readsCluster(c.host)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(env(map[string]string{clients.EnvHost: "https://127.0.0.1:1", clients.EnvKubeconfig: "/does/not/exist"}),
				attrs("host", c.host, "cluster_ca_certificate", c.ca, "client_certificate", c.cert, "client_key", c.key)),
			step(env(map[string]string{clients.EnvHost: c.host, clients.EnvClusterCA: c.ca, clients.EnvClientCert: c.cert,
				clients.EnvClientKey: c.key}), ""),
			step(env(map[string]string{clients.EnvToken: "not-a-valid-token"}),
				attrs("host", c.host, "token", token)+"    insecure = true\n"),
			step(env(map[string]string{clients.EnvHost: c.host, clients.EnvToken: token, clients.EnvInsecure: "true"}), ""),
		},
	})
}

// As when Terraform runs in a pod: the service account's files in their
// layout and KUBERNETES_SERVICE_HOST/PORT naming the API server.
func TestAccProviderSettings_inCluster(t *testing.T) {
	c := connectionTestCluster(t)
	ns := kubetest.Namespace(t, c.kube, "eg-acc-settings-pod")
	nobody := c.serviceAccount(t, ns, "nobody", false)
	admin := c.serviceAccount(t, ns, "admin", true)
	dir := t.TempDir()
	writeToken := func(token string) func() {
		return func() {
			setConnectionEnv(map[string]string{"KUBERNETES_SERVICE_HOST": hostOf(t, c.hostPort), "KUBERNETES_SERVICE_PORT": portOf(t, c.hostPort)})
			for name, content := range map[string]string{"token": token, "ca.crt": c.ca} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	old := clients.ServiceAccountDir
	clients.ServiceAccountDir = dir
	t.Cleanup(func() { clients.ServiceAccountDir = old })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			// The pod's own identity is what the API server sees.
			{PreConfig: writeToken(nobody), Config: clusterRead,
				ExpectError: regexp.MustCompile(`(?s)403 Forbidden.*system:serviceaccount:` + ns + `:nobody`)},
			{PreConfig: writeToken(admin), Config: clusterRead, ConfigStateChecks: c.readsCluster("https://" + c.hostPort)},
		},
	})
}

func TestAccProviderSettings_basicAuth(t *testing.T) {
	c := connectionTestCluster(t)
	front, frontCA := c.basicAuthFront(t, "ann", "open sesame")
	env := func(kv map[string]string) func() { return func() { setConnectionEnv(kv) } }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{PreConfig: env(nil), Config: withProvider(attrs("host", front, "cluster_ca_certificate", frontCA,
				"username", "ann", "password", "wrong")), ExpectError: errUnauthorized},
			{PreConfig: env(map[string]string{clients.EnvUser: "bob", clients.EnvPassword: "wrong"}),
				Config:            withProvider(attrs("host", front, "cluster_ca_certificate", frontCA, "username", "ann", "password", "open sesame")),
				ConfigStateChecks: c.readsCluster(front)},
			{PreConfig: env(map[string]string{clients.EnvHost: front, clients.EnvClusterCA: frontCA, clients.EnvUser: "ann",
				clients.EnvPassword: "open sesame"}), Config: clusterRead, ConfigStateChecks: c.readsCluster(front)},
		},
	})
}

// 127.0.0.2 is loopback on Linux but not in the API server's certificate.
func TestAccProviderSettings_tlsServerName(t *testing.T) {
	c := connectionTestCluster(t)
	host := "https://" + forwarder(t, "127.0.0.2:0", c.hostPort)
	creds := attrs("host", host, "cluster_ca_certificate", c.ca, "client_certificate", c.cert, "client_key", c.key)
	env := func(kv map[string]string) func() { return func() { setConnectionEnv(kv) } }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{PreConfig: env(nil), Config: withProvider(creds), ExpectError: errTLS},
			{PreConfig: env(map[string]string{clients.EnvTLSServerName: "not-the-server.example"}),
				Config:            withProvider(creds + attrs("tls_server_name", "kubernetes.default.svc")),
				ConfigStateChecks: c.readsCluster(host)},
			{PreConfig: env(map[string]string{clients.EnvTLSServerName: "kubernetes.default.svc"}), Config: withProvider(creds),
				ConfigStateChecks: c.readsCluster(host)},
		},
	})
}

func TestAccProviderSettings_proxyURL(t *testing.T) {
	c := connectionTestCluster(t)
	proxy := newConnectProxy(t)
	creds := attrs("host", c.host, "cluster_ca_certificate", c.ca, "client_certificate", c.cert, "client_key", c.key)
	env := func(kv map[string]string) func() { return func() { setConnectionEnv(kv) } }
	var before int64
	count := func() { before = proxy.tunnels.Load() }
	tunnelled := func(want bool) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := proxy.tunnels.Load() > before; got != want {
				return fmt.Errorf("tunnels through the proxy: %d before the step, %d after; want more: %v", before, proxy.tunnels.Load(), want)
			}
			return nil
		}
	}
	both := func(fs ...func()) func() {
		return func() {
			for _, f := range fs {
				f()
			}
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{PreConfig: env(nil), Config: withProvider(creds + attrs("proxy_url", "ftp://user:s3cret@proxy.example")),
				ExpectError: regexp.MustCompile(`(?s)Invalid proxy URL.*kubernetes.proxy_url: the scheme must be http, https or socks5`)},
			{PreConfig: env(map[string]string{clients.EnvProxyURL: "proxy.example:3128"}), Config: withProvider(creds),
				ExpectError: regexp.MustCompile(`KUBE_PROXY_URL: the scheme must be http, https or socks5`)},
			{PreConfig: both(env(nil), count), Config: withProvider(creds), Check: tunnelled(false),
				ConfigStateChecks: c.readsCluster(c.host)},
			{PreConfig: both(env(map[string]string{clients.EnvProxyURL: "http://127.0.0.1:1"}), count),
				Config: withProvider(creds + attrs("proxy_url", proxy.URL)), Check: tunnelled(true),
				ConfigStateChecks: c.readsCluster(c.host)},
			{PreConfig: both(env(map[string]string{clients.EnvProxyURL: proxy.URL}), count), Config: withProvider(creds),
				Check: tunnelled(true), ConfigStateChecks: c.readsCluster(c.host)},
		},
	})
}

func hostOf(t *testing.T, hostPort string) string {
	h, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func portOf(t *testing.T, hostPort string) string {
	_, p, err := net.SplitHostPort(hostPort)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

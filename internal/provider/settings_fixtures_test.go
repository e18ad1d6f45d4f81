// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// testCluster is what the connection tests know of the cluster KUBECONFIG
// names, as PEM and strings the provider block can take.
type testCluster struct {
	cfg            *rest.Config
	kube           kubernetes.Interface
	host, hostPort string
	ca, cert, key  string
	version        string
}

// connectionTestCluster reads the cluster of KUBECONFIG, then clears every
// variable the provider reads, so that only what a test sets can connect.
func connectionTestCluster(t *testing.T) *testCluster {
	t.Helper()
	cfg := kubetest.RESTConfig(t)
	acctest.PreCheck(t)
	c := &testCluster{cfg: cfg, kube: kubetest.Kubernetes(t, cfg), host: cfg.Host, ca: kubetest.CAPEM(t, cfg)}
	u, err := url.Parse(cfg.Host)
	if err != nil || u.Port() == "" {
		t.Skipf("the API server's address %q names no port", cfg.Host)
	}
	c.hostPort = u.Host
	c.cert, c.key = pemOf(t, cfg.CertData, cfg.CertFile), pemOf(t, cfg.KeyData, cfg.KeyFile)
	if c.cert == "" || c.key == "" {
		t.Skip("the kubeconfig's user has no client certificate; these tests need one")
	}
	v, err := c.kube.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	c.version = v.GitVersion
	clearConnectionEnv(t)
	return c
}

func pemOf(t *testing.T, data []byte, file string) string {
	t.Helper()
	if len(data) > 0 || file == "" {
		return string(data)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var connectionEnv = []string{clients.EnvConfigPath, clients.EnvConfigPaths, clients.EnvContext, clients.EnvContextAuth,
	clients.EnvContextCluster, clients.EnvHost, clients.EnvUser, clients.EnvPassword, clients.EnvToken, clients.EnvInsecure,
	clients.EnvTLSServerName, clients.EnvClientCert, clients.EnvClientKey, clients.EnvClusterCA, clients.EnvProxyURL,
	clients.EnvKubeconfig, "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"}

// clearConnectionEnv empties every variable the provider reads for the rest
// of the test (t.Setenv restores them afterwards).
func clearConnectionEnv(t *testing.T) {
	t.Helper()
	for _, k := range connectionEnv {
		t.Setenv(k, "")
	}
}

// setConnectionEnv is a step's environment: every connection variable empty
// but those in kv. Run from PreConfig, after clearConnectionEnv.
func setConnectionEnv(kv map[string]string) {
	for _, k := range connectionEnv {
		os.Setenv(k, kv[k]) //nolint:errcheck // cannot fail for these names
	}
}

// readsCluster is the config and the checks of a step that reads the cluster
// through eg_cluster at the address id.
func (c *testCluster) readsCluster(id string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("id"), knownvalue.StringExact(id)),
		statecheck.ExpectKnownValue("data.eg_cluster.this", tfjsonpath.New("kubernetes_version"), knownvalue.StringExact(c.version)),
	}
}

// withProvider is a configuration with the given kubernetes block ("" for
// none) and the eg_cluster read.
func withProvider(kubernetes string) string {
	if kubernetes == "" {
		return clusterRead
	}
	return "provider \"eg\" {\n  kubernetes = {\n" + kubernetes + "\n  }\n}\n" + clusterRead
}

const clusterRead = `data "eg_cluster" "this" {}
`

// attrs renders HCL attributes from name/value pairs, quoting each value.
func attrs(kv ...string) string {
	var b strings.Builder
	for i := 0; i < len(kv); i += 2 {
		fmt.Fprintf(&b, "    %s = %q\n", kv[i], kv[i+1])
	}
	return b.String()
}

// serviceAccount creates a ServiceAccount in ns, bound to cluster-admin when
// admin is true (eg_cluster lists Secrets in every namespace), and returns a
// token of it.
func (c *testCluster) serviceAccount(t *testing.T, ns, name string, admin bool) string {
	t.Helper()
	ctx := context.Background()
	if _, err := c.kube.CoreV1().ServiceAccounts(ns).Create(ctx,
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if admin {
		binding := &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: ns + "-" + name},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
			Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Namespace: ns, Name: name}},
		}
		if _, err := c.kube.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := c.kube.RbacV1().ClusterRoleBindings().Delete(context.Background(), binding.Name, metav1.DeleteOptions{}); err != nil {
				t.Errorf("delete ClusterRoleBinding %s: %v", binding.Name, err)
			}
		})
	}
	return kubetest.ServiceAccountToken(t, c.kube, ns, name)
}

// kubeconfig writes a kubeconfig whose current context, "broken", points
// at nothing, and whose context "admin" (cluster "testbed", user "admin")
// reaches the cluster: only a context setting that works can connect.
func (c *testCluster) kubeconfig(t *testing.T) string {
	t.Helper()
	content := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster: {server: "https://127.0.0.1:1"}
- name: testbed
  cluster:
    server: %q
    certificate-authority-data: %q
users:
- name: nobody
  user: {token: not-a-valid-token}
- name: admin
  user:
    client-certificate-data: %q
    client-key-data: %q
contexts:
- name: broken
  context: {cluster: nowhere, user: nobody}
- name: admin
  context: {cluster: testbed, user: admin}
current-context: broken
`, c.host, b64(c.ca), b64(c.cert), b64(c.key))
	p := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// forwarder relays TCP connections from a listener on addr to target, so
// the API server can be reached at an address its certificate does not name.
func forwarder(t *testing.T, addr, target string) string {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s here: %v", addr, err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			go relay(in, target)
		}
	}()
	return l.Addr().String()
}

func relay(in net.Conn, target string) {
	defer in.Close()
	out, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer out.Close()
	done := make(chan struct{}, 2)
	go func() { io.Copy(out, in); done <- struct{}{} }() //nolint:errcheck // a relay ends with either side
	go func() { io.Copy(in, out); done <- struct{}{} }() //nolint:errcheck
	<-done
}

// connectProxy is an HTTP proxy that serves only CONNECT and counts the
// tunnels it opened.
type connectProxy struct {
	URL     string
	tunnels atomic.Int64
}

func newConnectProxy(t *testing.T) *connectProxy {
	t.Helper()
	p := &connectProxy{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(p.serve)}
	go srv.Serve(l) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	p.URL = "http://" + l.Addr().String()
	return p
}

func (p *connectProxy) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "this proxy only tunnels", http.StatusMethodNotAllowed)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	in, _, err := hj.Hijack()
	if err != nil {
		return
	}
	p.tunnels.Add(1)
	if _, err := in.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		in.Close()
		return
	}
	go relay(in, r.Host)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// basicAuthFront is an authenticating proxy in front of the API server, the
// one place basic authentication still lives (the API server dropped it in
// 1.19): it takes one user name and password and forwards as the admin. It
// returns its URL and the PEM of its CA.
func (c *testCluster) basicAuthFront(t *testing.T, user, password string) (string, string) {
	t.Helper()
	transport, err := rest.TransportFor(c.cfg)
	if err != nil {
		t.Fatal(err)
	}
	target, err := url.Parse(c.host)
	if err != nil {
		t.Fatal(err)
	}
	upstream := httputil.NewSingleHostReverseProxy(target)
	upstream.Transport = transport
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != password {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}`) //nolint:errcheck
			return
		}
		r.Header.Del("Authorization")
		upstream.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

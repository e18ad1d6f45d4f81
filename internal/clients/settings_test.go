// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/rest"
)

// kubeconfigA has two contexts; cluster b carries its own proxy and TLS
// server name so that the inline settings can be seen to win over them.
const kubeconfigA = `apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: {server: "https://a.example:6443"}
- name: b
  cluster: {server: "https://b.example:6443", proxy-url: "http://file-proxy.example:3128", tls-server-name: file-name.example}
users:
- name: u
  user: {token: from-file}
- name: v
  user: {token: from-file-v}
contexts:
- name: a
  context: {cluster: a, user: u}
- name: b
  context: {cluster: b, user: u}
current-context: a
`

const kubeconfigC = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://c.example:6443"}
users:
- name: w
  user: {token: from-file-w}
contexts:
- name: c
  context: {cluster: c, user: w}
current-context: c
`

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// connView is what a resolved configuration says about each setting.
type connView struct {
	Host, Token, TokenFile, User, Password string
	CA, CAFile, Cert, Key, ServerName      string
	Proxy                                  string
	Insecure                               bool
}

func viewOf(t *testing.T, cfg *rest.Config) connView {
	t.Helper()
	v := connView{Host: cfg.Host, Token: cfg.BearerToken, TokenFile: cfg.BearerTokenFile, User: cfg.Username,
		Password: cfg.Password, CA: string(cfg.CAData), CAFile: cfg.CAFile, Cert: string(cfg.CertData),
		Key: string(cfg.KeyData), ServerName: cfg.ServerName, Insecure: cfg.Insecure}
	if cfg.Proxy != nil {
		u, err := cfg.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "api.example:6443"}})
		if err != nil {
			t.Fatal(err)
		}
		if u != nil {
			v.Proxy = u.String()
		}
	}
	return v
}

type settingsCase struct {
	name     string
	settings KubeSettings
	env      map[string]string
	want     connView
	wantErr  error  // errors.Is
	errText  string // a substring of the error
	noLeak   string // must not appear in the error
}

// allEnv is every variable the resolution reads; each case starts with all
// of them empty, so the machine's own environment never leaks in.
var allEnv = []string{EnvConfigPath, EnvConfigPaths, EnvContext, EnvContextAuth, EnvContextCluster, EnvHost,
	EnvUser, EnvPassword, EnvToken, EnvInsecure, EnvTLSServerName, EnvClientCert, EnvClientKey, EnvClusterCA,
	EnvProxyURL, EnvKubeconfig, "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"}

func runSettingsCases(t *testing.T, cases []settingsCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range allEnv {
				t.Setenv(k, "")
			}
			t.Setenv("HOME", t.TempDir()) // a real ~/.kube/config must never leak in
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := tc.settings.RESTConfig("test")
			if tc.wantErr != nil || tc.errText != "" {
				if err == nil || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) ||
					!strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("err = %v, want %v containing %q", err, tc.wantErr, tc.errText)
				}
				if tc.noLeak != "" && strings.Contains(err.Error(), tc.noLeak) {
					t.Fatalf("the error repeats %q: %v", tc.noLeak, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := viewOf(t, cfg); got != tc.want {
				t.Errorf("resolved\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

var (
	hostA = connView{Host: "https://a.example:6443", Token: "from-file"}
	hostB = connView{Host: "https://b.example:6443", Token: "from-file", Proxy: "http://file-proxy.example:3128",
		ServerName: "file-name.example"}
	hostC = connView{Host: "https://c.example:6443", Token: "from-file-w"}
)

// Which kubeconfig files are read: config_path, KUBE_CONFIG_PATH,
// config_paths, KUBE_CONFIG_PATHS, then (with no host) KUBECONFIG.
func TestRESTConfigKubeconfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	a, c := writeFile(t, dir, "a", kubeconfigA), writeFile(t, dir, "c", kubeconfigC)
	writeFile(t, dir, "kc", kubeconfigC)
	missing := filepath.Join(dir, "missing")
	list := func(p ...string) string { return strings.Join(p, string(os.PathListSeparator)) }
	runSettingsCases(t, []settingsCase{
		{name: "nothing configured", wantErr: ErrNoConnection},
		{name: "KUBECONFIG", env: map[string]string{EnvKubeconfig: a}, want: hostA},
		{name: "KUBECONFIG skips missing files as kubectl does", env: map[string]string{EnvKubeconfig: list(missing, a)}, want: hostA},
		{name: "KUBE_CONFIG_PATH over KUBECONFIG", env: map[string]string{EnvConfigPath: a, EnvKubeconfig: c}, want: hostA},
		{name: "KUBE_CONFIG_PATHS, first file's context", env: map[string]string{EnvConfigPaths: list(c, a)}, want: hostC},
		{name: "KUBE_CONFIG_PATHS over KUBECONFIG", env: map[string]string{EnvConfigPaths: a, EnvKubeconfig: c}, want: hostA},
		{name: "KUBE_CONFIG_PATH over KUBE_CONFIG_PATHS", env: map[string]string{EnvConfigPath: a, EnvConfigPaths: c}, want: hostA},
		{name: "config_path", settings: KubeSettings{ConfigPath: c}, want: hostC},
		{name: "config_path over KUBE_CONFIG_PATH", settings: KubeSettings{ConfigPath: c},
			env: map[string]string{EnvConfigPath: a}, want: hostC},
		{name: "config_paths, first file's context", settings: KubeSettings{ConfigPaths: []string{c, a}}, want: hostC},
		{name: "config_paths in the other order", settings: KubeSettings{ConfigPaths: []string{a, c}}, want: hostA},
		{name: "config_paths over KUBE_CONFIG_PATHS", settings: KubeSettings{ConfigPaths: []string{a}},
			env: map[string]string{EnvConfigPaths: c}, want: hostA},
		{name: "config_paths with KUBE_CONFIG_PATH conflict", settings: KubeSettings{ConfigPaths: []string{a}},
			env: map[string]string{EnvConfigPath: c}, wantErr: ErrConfigPathsConflict},
		{name: "config_path with ~", settings: KubeSettings{ConfigPath: "~/kc"},
			env: map[string]string{"HOME": dir}, want: hostC},
		{name: "config_path missing", settings: KubeSettings{ConfigPath: missing},
			errText: "kubernetes.config_path names the kubeconfig " + missing + ", which cannot be read"},
		{name: "config_paths with a missing file", settings: KubeSettings{ConfigPaths: []string{a, missing}},
			errText: "kubernetes.config_paths names the kubeconfig " + missing},
		{name: "KUBE_CONFIG_PATHS missing", env: map[string]string{EnvConfigPaths: missing}, errText: "KUBE_CONFIG_PATHS names"},
		{name: "inline host ignores KUBECONFIG", settings: KubeSettings{Host: "https://d.example"},
			env: map[string]string{EnvKubeconfig: a}, want: connView{Host: "https://d.example"}},
		{name: "KUBE_HOST ignores KUBECONFIG", env: map[string]string{EnvHost: "https://d.example", EnvKubeconfig: a},
			want: connView{Host: "https://d.example"}},
		{name: "inline host over KUBE_CONFIG_PATH's file", settings: KubeSettings{Host: "https://d.example"},
			env: map[string]string{EnvConfigPath: a}, want: connView{Host: "https://d.example", Token: "from-file"}},
	})
}

// The context, its user and its cluster: attribute, else KUBE_CTX*.
func TestRESTConfigContextPrecedence(t *testing.T) {
	a := writeFile(t, t.TempDir(), "a", kubeconfigA)
	withFile := func(s KubeSettings) KubeSettings { s.ConfigPath = a; return s }
	userV := connView{Host: "https://a.example:6443", Token: "from-file-v"}
	clusterB := hostB
	runSettingsCases(t, []settingsCase{
		{name: "config_context", settings: withFile(KubeSettings{ConfigContext: "b"}), want: hostB},
		{name: "KUBE_CTX", settings: withFile(KubeSettings{}), env: map[string]string{EnvContext: "b"}, want: hostB},
		{name: "config_context over KUBE_CTX", settings: withFile(KubeSettings{ConfigContext: "a"}),
			env: map[string]string{EnvContext: "b"}, want: hostA},
		{name: "config_context_auth_info", settings: withFile(KubeSettings{ConfigContextAuthInfo: "v"}), want: userV},
		{name: "KUBE_CTX_AUTH_INFO", settings: withFile(KubeSettings{}), env: map[string]string{EnvContextAuth: "v"}, want: userV},
		{name: "config_context_auth_info over KUBE_CTX_AUTH_INFO", settings: withFile(KubeSettings{ConfigContextAuthInfo: "u"}),
			env: map[string]string{EnvContextAuth: "v"}, want: hostA},
		{name: "config_context_cluster", settings: withFile(KubeSettings{ConfigContextCluster: "b"}), want: clusterB},
		{name: "KUBE_CTX_CLUSTER", settings: withFile(KubeSettings{}), env: map[string]string{EnvContextCluster: "b"}, want: clusterB},
		{name: "config_context_cluster over KUBE_CTX_CLUSTER", settings: withFile(KubeSettings{ConfigContextCluster: "a"}),
			env: map[string]string{EnvContextCluster: "b"}, want: hostA},
		{name: "unknown context", settings: withFile(KubeSettings{ConfigContext: "nope"}), errText: `context "nope"`},
		{name: "context settings mean nothing without a kubeconfig", settings: KubeSettings{Host: "https://d.example"},
			env:  map[string]string{EnvContext: "nope", EnvContextAuth: "nope", EnvContextCluster: "nope"},
			want: connView{Host: "https://d.example"}},
	})
}

func TestExpandHome(t *testing.T) {
	t.Setenv("HOME", "/home/someone")
	for in, want := range map[string]string{
		"~/.kube/config": "/home/someone/.kube/config",
		"/etc/kube":      "/etc/kube",
		"rel/path":       "rel/path",
		"~other/x":       "~other/x",
	} {
		if got := expandHome(in); got != want {
			t.Errorf("expandHome(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnknownConnectionNeverDials(t *testing.T) {
	c := New(KubeSettings{Host: "https://127.0.0.1:1"}, true, ChartSettings{}, "test")
	if c.Known() {
		t.Fatal("Known() = true for unknown settings")
	}
	if _, err := c.Kube.Core(); !errors.Is(err, ErrConnectionUnknown) {
		t.Fatalf("Core() err = %v, want ErrConnectionUnknown", err)
	}
}

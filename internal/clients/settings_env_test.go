// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"strings"
	"testing"
)

func boolPtr(b bool) *bool { return &b }

// Each inline setting from its attribute, from its KUBE_* variable, and the
// attribute winning over the variable.
func TestRESTConfigInlineSettings(t *testing.T) {
	const host = "https://h.example:6443"
	inline := func(s KubeSettings) KubeSettings { s.Host = host; return s }
	hostEnv := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	runSettingsCases(t, []settingsCase{
		{name: "host", settings: KubeSettings{Host: host}, want: connView{Host: host}},
		{name: "KUBE_HOST", env: hostEnv(EnvHost, host), want: connView{Host: host}},
		{name: "host over KUBE_HOST", settings: KubeSettings{Host: host}, env: hostEnv(EnvHost, "https://other.example"),
			want: connView{Host: host}},
		{name: "token", settings: inline(KubeSettings{Token: "t-attr"}), want: connView{Host: host, Token: "t-attr"}},
		{name: "KUBE_TOKEN", settings: inline(KubeSettings{}), env: hostEnv(EnvToken, "t-env"), want: connView{Host: host, Token: "t-env"}},
		{name: "token over KUBE_TOKEN", settings: inline(KubeSettings{Token: "t-attr"}), env: hostEnv(EnvToken, "t-env"),
			want: connView{Host: host, Token: "t-attr"}},
		{name: "username and password", settings: inline(KubeSettings{Username: "ann", Password: "pw"}),
			want: connView{Host: host, User: "ann", Password: "pw"}},
		{name: "KUBE_USER and KUBE_PASSWORD", settings: inline(KubeSettings{}), env: hostEnv(EnvUser, "bob", EnvPassword, "pw-env"),
			want: connView{Host: host, User: "bob", Password: "pw-env"}},
		{name: "username and password over KUBE_USER and KUBE_PASSWORD", settings: inline(KubeSettings{Username: "ann", Password: "pw"}),
			env: hostEnv(EnvUser, "bob", EnvPassword, "pw-env"), want: connView{Host: host, User: "ann", Password: "pw"}},
		{name: "cluster_ca_certificate", settings: inline(KubeSettings{ClusterCACertificate: "ca-attr"}), want: connView{Host: host, CA: "ca-attr"}},
		{name: "KUBE_CLUSTER_CA_CERT_DATA", settings: inline(KubeSettings{}), env: hostEnv(EnvClusterCA, "ca-env"), want: connView{Host: host, CA: "ca-env"}},
		{name: "cluster_ca_certificate over KUBE_CLUSTER_CA_CERT_DATA", settings: inline(KubeSettings{ClusterCACertificate: "ca-attr"}),
			env: hostEnv(EnvClusterCA, "ca-env"), want: connView{Host: host, CA: "ca-attr"}},
		{name: "client_certificate and client_key", settings: inline(KubeSettings{ClientCertificate: "crt-attr", ClientKey: "key-attr"}),
			want: connView{Host: host, Cert: "crt-attr", Key: "key-attr"}},
		{name: "KUBE_CLIENT_CERT_DATA and KUBE_CLIENT_KEY_DATA", settings: inline(KubeSettings{}),
			env: hostEnv(EnvClientCert, "crt-env", EnvClientKey, "key-env"), want: connView{Host: host, Cert: "crt-env", Key: "key-env"}},
		{name: "client_certificate and client_key over their variables", settings: inline(KubeSettings{ClientCertificate: "crt-attr", ClientKey: "key-attr"}),
			env: hostEnv(EnvClientCert, "crt-env", EnvClientKey, "key-env"), want: connView{Host: host, Cert: "crt-attr", Key: "key-attr"}},
		{name: "insecure", settings: inline(KubeSettings{Insecure: boolPtr(true)}), want: connView{Host: host, Insecure: true}},
		{name: "KUBE_INSECURE", settings: inline(KubeSettings{}), env: hostEnv(EnvInsecure, "true"), want: connView{Host: host, Insecure: true}},
		{name: "insecure = false over KUBE_INSECURE", settings: inline(KubeSettings{Insecure: boolPtr(false)}),
			env: hostEnv(EnvInsecure, "1"), want: connView{Host: host}},
		{name: "KUBE_INSECURE not a boolean", settings: inline(KubeSettings{}), env: hostEnv(EnvInsecure, "maybe"),
			errText: "KUBE_INSECURE must be true or false"},
		{name: "tls_server_name", settings: inline(KubeSettings{TLSServerName: "n-attr"}), want: connView{Host: host, ServerName: "n-attr"}},
		{name: "KUBE_TLS_SERVER_NAME", settings: inline(KubeSettings{}), env: hostEnv(EnvTLSServerName, "n-env"),
			want: connView{Host: host, ServerName: "n-env"}},
		{name: "tls_server_name over KUBE_TLS_SERVER_NAME", settings: inline(KubeSettings{TLSServerName: "n-attr"}),
			env: hostEnv(EnvTLSServerName, "n-env"), want: connView{Host: host, ServerName: "n-attr"}},
		{name: "proxy_url", settings: inline(KubeSettings{ProxyURL: "http://p-attr:3128"}), want: connView{Host: host, Proxy: "http://p-attr:3128"}},
		{name: "KUBE_PROXY_URL", settings: inline(KubeSettings{}), env: hostEnv(EnvProxyURL, "socks5://p-env:1080"),
			want: connView{Host: host, Proxy: "socks5://p-env:1080"}},
		{name: "proxy_url over KUBE_PROXY_URL", settings: inline(KubeSettings{ProxyURL: "http://p-attr:3128"}),
			env: hostEnv(EnvProxyURL, "http://p-env:3128"), want: connView{Host: host, Proxy: "http://p-attr:3128"}},
		{name: "KUBE_PROXY_URL invalid, password not repeated", settings: inline(KubeSettings{}),
			env: hostEnv(EnvProxyURL, "ftp://user:s3cret@p:21"), errText: "KUBE_PROXY_URL: the scheme must be http, https or socks5",
			noLeak: "s3cret"},
	})
}

// Inline settings win over what the kubeconfig says (the context b of
// kubeconfigA sets its own proxy and TLS server name).
func TestRESTConfigInlineOverKubeconfig(t *testing.T) {
	a := writeFile(t, t.TempDir(), "a", kubeconfigA)
	runSettingsCases(t, []settingsCase{
		{name: "host and token", settings: KubeSettings{ConfigPath: a, Host: "https://c.example", Token: "inline"},
			want: connView{Host: "https://c.example", Token: "inline"}},
		{name: "proxy and server name", settings: KubeSettings{ConfigPath: a, ConfigContext: "b", ProxyURL: "http://mine:8080",
			TLSServerName: "mine.example"}, want: connView{Host: "https://b.example:6443", Token: "from-file",
			Proxy: "http://mine:8080", ServerName: "mine.example"}},
		{name: "KUBE_TOKEN over the file's token", settings: KubeSettings{ConfigPath: a}, env: map[string]string{EnvToken: "env"},
			want: connView{Host: "https://a.example:6443", Token: "env"}},
	})
}

func TestCheckProxyURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"http://proxy.example:3128":         true,
		"https://user:pw@proxy.example:443": true,
		"socks5://127.0.0.1:1080":           true,
		"proxy.example:3128":                false, // no scheme
		"127.0.0.1:3128":                    false,
		"ftp://proxy.example":               false,
		"http://":                           false,
		"http://%zz":                        false,
	} {
		err := CheckProxyURL(raw)
		if (err == nil) != ok {
			t.Errorf("CheckProxyURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
	if err := CheckProxyURL("http://user:s3cret@%zz"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %v must exist and not repeat the password", err)
	}
}

// Validate sees the environment's mistakes without reading files.
func TestValidate(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	if err := (KubeSettings{}).Validate(env(nil)); !errors.Is(err, ErrNoConnection) {
		t.Errorf("nothing set: %v", err)
	}
	if err := (KubeSettings{ConfigPath: "/not/read/yet"}).Validate(env(nil)); err != nil {
		t.Errorf("a file that does not exist yet is no error before a client is built: %v", err)
	}
	if err := (KubeSettings{ConfigPaths: []string{"x"}}).Validate(env(map[string]string{EnvConfigPath: "y"})); !errors.Is(err, ErrConfigPathsConflict) {
		t.Errorf("config_paths with KUBE_CONFIG_PATH: %v", err)
	}
	if err := (KubeSettings{Host: "https://h"}).Validate(env(map[string]string{EnvInsecure: "yes please"})); err == nil {
		t.Error("KUBE_INSECURE=yes please: no error")
	}
}

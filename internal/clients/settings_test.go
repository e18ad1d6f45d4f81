package clients

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

const kubeconfigTmpl = `apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: {server: "https://a.example:6443"}
- name: b
  cluster: {server: "https://b.example:6443"}
users:
- name: u
  user: {token: from-file}
contexts:
- name: a
  context: {cluster: a, user: u}
- name: b
  context: {cluster: b, user: u}
current-context: a
`

func writeKubeconfig(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(p, []byte(kubeconfigTmpl), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRESTConfigPrecedence(t *testing.T) {
	file := writeKubeconfig(t)
	cases := []struct {
		name      string
		settings  KubeSettings
		env       map[string]string
		wantHost  string
		wantToken string
		wantErr   error
	}{
		{name: "nothing configured", wantErr: ErrNoConnection},
		{name: "KUBECONFIG fallback", env: map[string]string{"KUBECONFIG": file},
			wantHost: "https://a.example:6443", wantToken: "from-file"},
		{name: "KUBE_CONFIG_PATH wins over KUBECONFIG", env: map[string]string{"KUBE_CONFIG_PATH": file, "KUBECONFIG": "/does/not/exist"},
			wantHost: "https://a.example:6443", wantToken: "from-file"},
		{name: "config_path and context", settings: KubeSettings{ConfigPath: file, ConfigContext: "b"},
			env: map[string]string{"KUBECONFIG": "/does/not/exist"}, wantHost: "https://b.example:6443", wantToken: "from-file"},
		{name: "inline overrides the file", settings: KubeSettings{ConfigPath: file, Host: "https://c.example", Token: "inline"},
			wantHost: "https://c.example", wantToken: "inline"},
		{name: "inline host ignores the environment's kubeconfig", settings: KubeSettings{Host: "https://d.example"},
			env: map[string]string{"KUBECONFIG": file}, wantHost: "https://d.example", wantToken: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("KUBECONFIG", "")
			t.Setenv("KUBE_CONFIG_PATH", "")
			t.Setenv("HOME", t.TempDir()) // a real ~/.kube/config must never leak in
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := tc.settings.RESTConfig("test")
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Host != tc.wantHost || cfg.BearerToken != tc.wantToken {
				t.Errorf("host, token = %q, %q; want %q, %q", cfg.Host, cfg.BearerToken, tc.wantHost, tc.wantToken)
			}
		})
	}
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

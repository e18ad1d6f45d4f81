// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"path/filepath"
	"testing"
)

// serviceAccountLayout writes a pod's service account files into a
// temporary directory and points ServiceAccountDir at it.
func serviceAccountLayout(t *testing.T, token, ca string) string {
	t.Helper()
	dir := t.TempDir()
	if token != "" {
		writeFile(t, dir, "token", token)
	}
	if ca != "" {
		writeFile(t, dir, "ca.crt", ca)
	}
	old := ServiceAccountDir
	ServiceAccountDir = dir
	t.Cleanup(func() { ServiceAccountDir = old })
	return dir
}

func TestRESTConfigInCluster(t *testing.T) {
	dir := serviceAccountLayout(t, "pod-token", "pod-ca")
	tokenFile, caFile := filepath.Join(dir, "token"), filepath.Join(dir, "ca.crt")
	kubeconfig := writeFile(t, t.TempDir(), "a", kubeconfigA)
	pod := map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range pod {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	inPod := connView{Host: "https://10.0.0.1:443", Token: "pod-token", TokenFile: tokenFile, CAFile: caFile}
	runSettingsCases(t, []settingsCase{
		{name: "the pod's service account", env: pod, want: inPod},
		{name: "IPv6 service address", env: with("KUBERNETES_SERVICE_HOST", "fd00::1"),
			want: connView{Host: "https://[fd00::1]:443", Token: "pod-token", TokenFile: tokenFile, CAFile: caFile}},
		{name: "KUBE_TOKEN replaces the pod's token", env: with(EnvToken, "env-token"),
			want: connView{Host: "https://10.0.0.1:443", Token: "env-token", CAFile: caFile}},
		{name: "KUBE_USER and KUBE_PASSWORD replace the pod's token", env: with(EnvUser, "ann", EnvPassword, "pw"),
			want: connView{Host: "https://10.0.0.1:443", User: "ann", Password: "pw", CAFile: caFile}},
		{name: "a client certificate replaces the pod's token", settings: KubeSettings{ClientCertificate: "crt", ClientKey: "key"},
			env: pod, want: connView{Host: "https://10.0.0.1:443", Cert: "crt", Key: "key", CAFile: caFile}},
		{name: "inline settings lie over it", settings: KubeSettings{TLSServerName: "kubernetes.default.svc", ProxyURL: "http://p:3128"},
			env: pod, want: connView{Host: "https://10.0.0.1:443", Token: "pod-token", TokenFile: tokenFile, CAFile: caFile,
				ServerName: "kubernetes.default.svc", Proxy: "http://p:3128"}},
		{name: "KUBECONFIG wins over the pod", env: with(EnvKubeconfig, kubeconfig), want: hostA},
		{name: "KUBE_CONFIG_PATH wins over the pod", env: with(EnvConfigPath, kubeconfig), want: hostA},
		{name: "a host wins over the pod", settings: KubeSettings{Host: "https://h.example"}, env: pod,
			want: connView{Host: "https://h.example"}},
		{name: "KUBE_HOST wins over the pod", env: with(EnvHost, "https://h.example"), want: connView{Host: "https://h.example"}},
		{name: "only one of the two service variables", env: map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1"},
			wantErr: ErrNoConnection},
	})
}

func TestRESTConfigInClusterWithoutTokenOrCA(t *testing.T) {
	pod := map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"}
	t.Run("no token", func(t *testing.T) {
		dir := serviceAccountLayout(t, "", "pod-ca")
		runSettingsCases(t, []settingsCase{{name: "error", env: pod, wantErr: ErrNoConnection,
			errText: "the service account token " + filepath.Join(dir, "token") + " cannot be read"}})
	})
	t.Run("no CA: the system's roots", func(t *testing.T) {
		dir := serviceAccountLayout(t, "pod-token", "")
		runSettingsCases(t, []settingsCase{{name: "ok", env: pod,
			want: connView{Host: "https://10.0.0.1:443", Token: "pod-token", TokenFile: filepath.Join(dir, "token")}}})
	})
	if err := (KubeSettings{}).Validate(func(k string) string { return pod[k] }); errors.Is(err, ErrNoConnection) {
		t.Errorf("Validate in a pod: %v", err)
	}
}

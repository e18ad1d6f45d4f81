// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// The in-cluster source against the test bed's real API server: a pod's
// service account layout in a temporary directory, KUBERNETES_SERVICE_HOST
// and _PORT naming the API server, and nothing else. The API server says
// whose credentials arrived.
func TestAccRESTConfigInClusterReachesTheAPIServer(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	ns := kubetest.Namespace(t, kube, "eg-settings-pod")
	tokens := map[string]string{}
	for _, name := range []string{"pod", "other"} {
		if _, err := kube.CoreV1().ServiceAccounts(ns).Create(context.Background(),
			&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		tokens[name] = kubetest.ServiceAccountToken(t, kube, ns, name)
	}
	dir := t.TempDir()
	for file, content := range map[string]string{"token": tokens["pod"], "ca.crt": kubetest.CAPEM(t, cfg)} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := clients.ServiceAccountDir
	clients.ServiceAccountDir = dir
	t.Cleanup(func() { clients.ServiceAccountDir = old })
	u, err := url.Parse(cfg.Host)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{clients.EnvKubeconfig, clients.EnvConfigPath, clients.EnvConfigPaths, clients.EnvHost, clients.EnvToken} {
		t.Setenv(k, "")
	}
	t.Setenv("KUBERNETES_SERVICE_HOST", u.Hostname())
	t.Setenv("KUBERNETES_SERVICE_PORT", u.Port())

	if got, want := whoAmI(t, clients.KubeSettings{}), "system:serviceaccount:"+ns+":pod"; got != want {
		t.Errorf("in a pod: the API server saw %q, want %q", got, want)
	}
	t.Setenv(clients.EnvToken, tokens["other"])
	if got, want := whoAmI(t, clients.KubeSettings{}), "system:serviceaccount:"+ns+":other"; got != want {
		t.Errorf("in a pod with KUBE_TOKEN: the API server saw %q, want %q", got, want)
	}
}

func whoAmI(t *testing.T, s clients.KubeSettings) string {
	t.Helper()
	cfg, err := s.RESTConfig("test")
	if err != nil {
		t.Fatal(err)
	}
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	review, err := kube.AuthenticationV1().SelfSubjectReviews().Create(context.Background(),
		&authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return review.Status.UserInfo.Username
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package kubetest holds helpers for tests that run against a real cluster:
// the test bed's control plane, or any cluster KUBECONFIG names (kind).
// Every helper leaves the cluster as it found it.
package kubetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"
)

// FieldManager is the server-side apply field manager of test fixtures.
const FieldManager = "terraform-provider-eg-test"

// RESTConfig returns the configuration of the cluster KUBECONFIG names, or
// skips the test unless TF_ACC is set and KUBECONFIG is too.
func RESTConfig(t testing.TB) *rest.Config {
	t.Helper()
	if os.Getenv("TF_ACC") == "" || os.Getenv("KUBECONFIG") == "" {
		t.Skip("needs a cluster: set TF_ACC=1 and KUBECONFIG (make testacc does both)")
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatalf("load KUBECONFIG: %v", err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	return cfg
}

// Kubernetes returns a typed client for cfg.
func Kubernetes(t testing.TB, cfg *rest.Config) kubernetes.Interface {
	t.Helper()
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// GatewayAPIVersion is the Gateway API release whose CRDs the tests apply.
const GatewayAPIVersion = "v1.6.3"

// GatewayAPICRDDir is the directory of the Gateway API CRDs of a channel
// ("standard" or "experimental") in the module cache.
func GatewayAPICRDDir(t testing.TB, channel string) string {
	t.Helper()
	return filepath.Join(ModuleDir(t, "sigs.k8s.io/gateway-api", GatewayAPIVersion), "config", "crd", channel)
}

// ModuleDir downloads (or finds in the module cache) a module at a version
// and returns its directory.
func ModuleDir(t testing.TB, module, version string) string {
	t.Helper()
	dir, err := moduleDir(module, version)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func moduleDir(module, version string) (string, error) {
	var out bytes.Buffer
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", module, version, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out.Bytes(), &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %v %s", module, version, err, info.Error)
	}
	return info.Dir, nil
}

// ApplyCRDs applies, server-side, every CRD in the YAML files of dir that the
// cluster lacks (a CRD that exists belongs to someone else, maybe at another
// version, and is left as it is), then waits until all of them are
// Established. It returns the names of all CRDs in dir.
//
// The CRDs stay when the test ends: they are cluster-wide API definitions
// that later tests and the demo need too, and the API server's CRD finalizer
// stalls for minutes ("storage is (re)initializing") when a CRD is deleted
// right after it was established.
func ApplyCRDs(t testing.TB, cfg *rest.Config, dir string) []string {
	t.Helper()
	client := apiextClient(t, cfg)
	crds := readCRDs(t, dir)
	ctx := context.Background()
	var names []string
	for _, crd := range crds {
		names = append(names, crd.Name)
		if _, err := client.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, crd.Name, metav1.GetOptions{}); err == nil {
			continue
		} else if !apierrors.IsNotFound(err) {
			t.Fatalf("read CRD %s: %v", crd.Name, err)
		}
		body, err := yaml.Marshal(crd)
		if err != nil {
			t.Fatal(err)
		}
		// Server-side: the largest CRDs exceed the client-side apply annotation limit.
		force := true
		if _, err := client.ApiextensionsV1().CustomResourceDefinitions().Patch(ctx, crd.Name, "application/apply-patch+yaml",
			body, metav1.PatchOptions{FieldManager: FieldManager, Force: &force}); err != nil {
			t.Fatalf("apply CRD %s: %v", crd.Name, err)
		}
	}
	for _, name := range names {
		WaitEstablished(t, cfg, name)
	}
	return names
}

// WaitEstablished waits for a CRD's Established condition. A failed read
// is retried like a CRD not yet established; the last one is reported.
func WaitEstablished(t testing.TB, cfg *rest.Config, name string) {
	t.Helper()
	client := apiextClient(t, cfg)
	var lastErr error
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, time.Minute, true,
		func(ctx context.Context) (bool, error) {
			var crd *apiextensionsv1.CustomResourceDefinition
			crd, lastErr = client.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
			return lastErr == nil && established(crd), nil
		})
	if err != nil {
		t.Fatalf("CRD %s not Established: %v (last read: %v)", name, err, lastErr)
	}
}

func established(crd *apiextensionsv1.CustomResourceDefinition) bool {
	for _, c := range crd.Status.Conditions {
		if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
			return true
		}
	}
	return false
}

// DeleteCRDs deletes CRDs and waits until they are gone.
func DeleteCRDs(t testing.TB, cfg *rest.Config, names []string) {
	t.Helper()
	client := apiextClient(t, cfg)
	ctx := context.Background()
	for _, name := range names {
		err := client.ApiextensionsV1().CustomResourceDefinitions().Delete(ctx, name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("delete CRD %s: %v", name, err)
		}
	}
	for _, name := range names {
		err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
			_, err := client.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
			return apierrors.IsNotFound(err), nil
		})
		if err != nil {
			t.Errorf("CRD %s still present: %v", name, err)
		}
	}
}

func apiextClient(t testing.TB, cfg *rest.Config) apiextensionsclient.Interface {
	t.Helper()
	c, err := apiextensionsclient.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// readCRDs decodes every CustomResourceDefinition document in dir's YAML files.
func readCRDs(t testing.TB, dir string) []*apiextensionsv1.CustomResourceDefinition {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRD files in %s: %v", dir, err)
	}
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range splitYAML(b) {
			var crd apiextensionsv1.CustomResourceDefinition
			if err := yaml.Unmarshal(doc, &crd); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if crd.Kind != "CustomResourceDefinition" {
				continue
			}
			crd.APIVersion = "apiextensions.k8s.io/v1"
			out = append(out, &crd)
		}
	}
	return out
}

func splitYAML(b []byte) [][]byte {
	var docs [][]byte
	for _, d := range bytes.Split(b, []byte("\n---")) {
		if len(bytes.TrimSpace(d)) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

// APIExtensions returns the CRD client for cfg.
func APIExtensions(t testing.TB, cfg *rest.Config) apiextensionsclient.Interface {
	t.Helper()
	return apiextClient(t, cfg)
}

// Namespace creates a namespace named prefix plus a random suffix and deletes
// it when the test ends.
func Namespace(t testing.TB, kube kubernetes.Interface, prefix string) string {
	t.Helper()
	ns, err := kube.CoreV1().Namespaces().Create(context.Background(),
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: prefix + "-"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create namespace: %v", err)
	}
	t.Cleanup(func() {
		err := kube.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("delete namespace %s: %v", ns.Name, err)
		}
	})
	return ns.Name
}

// ServiceAccountToken returns a short-lived token of a ServiceAccount (the
// TokenRequest API, served by the API server itself).
func ServiceAccountToken(t testing.TB, kube kubernetes.Interface, ns, name string) string {
	t.Helper()
	expiry := int64(3600)
	tr, err := kube.CoreV1().ServiceAccounts(ns).CreateToken(context.Background(), name,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiry}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("token for %s/%s: %v", ns, name, err)
	}
	return tr.Status.Token
}

// CAPEM is the PEM of the cluster's CA as cfg knows it.
func CAPEM(t testing.TB, cfg *rest.Config) string {
	t.Helper()
	if len(cfg.CAData) > 0 {
		return string(cfg.CAData)
	}
	if cfg.CAFile == "" {
		t.Skip("the kubeconfig names no CA certificate")
	}
	b, err := os.ReadFile(cfg.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

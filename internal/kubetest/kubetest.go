// Package kubetest holds the cluster helpers tests share: a REST config from
// KUBECONFIG (skipping without a test bed), and CRD install, wait and
// removal. The cluster may be shared with other tests, so the helpers never
// change or delete a CRD they did not create.
package kubetest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// FieldManager is the server-side apply field manager of test fixtures.
const FieldManager = "terraform-provider-eg-test"

// crdResource is apiextensions.k8s.io/v1 CustomResourceDefinitions.
var crdResource = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// establishTimeout bounds the wait for a CRD to be served.
const establishTimeout = 2 * time.Minute

// RESTConfig returns the config of the cluster KUBECONFIG points at. It
// skips the test unless TF_ACC and KUBECONFIG are both set, so that
// `go test ./...` without a test bed passes.
func RESTConfig(t testing.TB) *rest.Config {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and KUBECONFIG to run against a cluster")
	}
	if os.Getenv("KUBECONFIG") == "" {
		t.Skip("KUBECONFIG is not set; it must point at the test bed's kubeconfig")
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules() // honours KUBECONFIG, including path lists
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatalf("loading KUBECONFIG %s: %v", os.Getenv("KUBECONFIG"), err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	cfg.UserAgent = FieldManager
	return cfg
}

// ApplyCRDs installs, with server-side apply under FieldManager, every
// CustomResourceDefinition in the *.yaml files of dir that the cluster does
// not have yet, then waits until every CRD of dir (new or not) is
// Established. Other documents (e.g. ValidatingAdmissionPolicies) are
// skipped. It returns the names of the CRDs it created: a CRD that already
// existed belongs to someone else and is neither changed nor returned, so
// DeleteCRDs(t, cfg, ApplyCRDs(t, cfg, dir)) removes only what the test
// added.
func ApplyCRDs(t testing.TB, cfg *rest.Config, dir string) []string {
	t.Helper()
	crds, err := readCRDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(crds) == 0 {
		t.Fatalf("no CustomResourceDefinitions in %s", dir)
	}
	client := crdClient(t, cfg)
	ctx := context.Background()
	var created []string
	for _, crd := range crds {
		name := crd.GetName()
		_, err := client.Get(ctx, name, metav1.GetOptions{})
		switch {
		case err == nil:
			t.Logf("CRD %s already exists; leaving it as it is", name)
			continue
		case !apierrors.IsNotFound(err):
			t.Fatalf("reading CRD %s: %v", name, err)
		}
		if _, err := client.Apply(ctx, name, crd, metav1.ApplyOptions{FieldManager: FieldManager}); err != nil {
			t.Fatalf("applying CRD %s: %v", name, err)
		}
		created = append(created, name)
	}
	for _, crd := range crds {
		waitEstablished(t, client, crd.GetName())
	}
	return created
}

// DeleteCRDs deletes CRDs by name and waits until they are gone. Pass it
// what ApplyCRDs returned.
func DeleteCRDs(t testing.TB, cfg *rest.Config, names []string) {
	t.Helper()
	client := crdClient(t, cfg)
	ctx := context.Background()
	for _, name := range names {
		if err := client.Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("deleting CRD %s: %v", name, err)
		}
	}
	deadline := time.Now().Add(establishTimeout)
	for _, name := range names {
		for {
			_, err := client.Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("CRD %s still present after %s", name, establishTimeout)
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
}

// GatewayAPICRDDir returns config/crd/<channel> ("standard" or
// "experimental") of the sigs.k8s.io/gateway-api module this module
// requires, from the module cache.
func GatewayAPICRDDir(t testing.TB, channel string) string {
	t.Helper()
	if channel != "standard" && channel != "experimental" {
		t.Fatalf("Gateway API channel %q: want standard or experimental", channel)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/gateway-api").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		t.Fatalf("locating sigs.k8s.io/gateway-api in the module cache: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "config", "crd", channel)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("Gateway API CRDs: %v", err)
	}
	return dir
}

func crdClient(t testing.TB, cfg *rest.Config) dynamic.NamespaceableResourceInterface {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return dyn.Resource(crdResource)
}

// readCRDs returns the CustomResourceDefinition documents of dir's YAML
// files, sorted by name.
func readCRDs(dir string) ([]*unstructured.Unstructured, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []*unstructured.Unstructured
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
		for {
			doc, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			u := &unstructured.Unstructured{}
			if err := utilyaml.Unmarshal(doc, &u.Object); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			if u.GetKind() == "CustomResourceDefinition" {
				out = append(out, u)
			}
		}
	}
	slices.SortFunc(out, func(a, b *unstructured.Unstructured) int { return strings.Compare(a.GetName(), b.GetName()) })
	return out, nil
}

func waitEstablished(t testing.TB, client dynamic.NamespaceableResourceInterface, name string) {
	t.Helper()
	deadline := time.Now().Add(establishTimeout)
	for {
		crd, err := client.Get(context.Background(), name, metav1.GetOptions{})
		if err == nil && established(crd) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("CRD %s not Established after %s (last error: %v)", name, establishTimeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func established(crd *unstructured.Unstructured) bool {
	conds, _, _ := unstructured.NestedSlice(crd.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] == "Established" && m["status"] == "True" {
			return true
		}
	}
	return false
}

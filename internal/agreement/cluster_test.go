// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var (
	gatewayClasses = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}
	gateways       = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
	envoyProxies   = schema.GroupVersionResource{Group: "gateway.envoyproxy.io", Version: "v1alpha1", Resource: "envoyproxies"}
)

// cluster is what the acceptance tests of this package talk to.
type cluster struct {
	cfg  *rest.Config
	kube kubernetes.Interface
	dyn  dynamic.Interface
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	cfg := kubetest.RESTConfig(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &cluster{cfg: cfg, kube: kubetest.Kubernetes(t, cfg), dyn: dyn}
}

// create creates a typed object through the dynamic client, as the
// provider's plan checks never see it. Cluster-scoped objects (classes) are
// deleted when the test ends, their finalizers removed: the controller that
// would release Envoy Gateway's class finalizer is stopped by then.
func (c *cluster) create(t *testing.T, gvr schema.GroupVersionResource, namespace string, obj any) {
	t.Helper()
	if causes := c.createOrRefusal(t, gvr, namespace, obj); causes != nil {
		t.Fatalf("create %s in %q: the API server refuses it: %v", gvr.Resource, namespace, causes)
	}
}

// createOrRefusal creates like create, but returns what the API server
// says when it refuses the object as invalid (CRD schema and CEL rules):
// each cause as "field: message", which holds no object name.
func (c *cluster) createOrRefusal(t *testing.T, gvr schema.GroupVersionResource, namespace string, obj any) []string {
	t.Helper()
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{Object: m}
	ri := c.dyn.Resource(gvr).Namespace(namespace)
	if namespace == "" {
		if _, err := c.dyn.Resource(gvr).Get(context.Background(), u.GetName(), metav1.GetOptions{}); err == nil {
			t.Fatalf("%s %s already exists: it belongs to someone else", gvr.Resource, u.GetName())
		}
		t.Cleanup(func() { c.deleteClusterScoped(t, gvr, u.GetName()) })
	}
	_, err = ri.Create(context.Background(), u, metav1.CreateOptions{FieldManager: kubetest.FieldManager})
	var status apierrors.APIStatus
	switch {
	case err == nil:
		return nil
	case apierrors.IsInvalid(err) && errors.As(err, &status) && status.Status().Details != nil:
		var causes []string
		for _, cause := range status.Status().Details.Causes {
			causes = append(causes, cause.Field+": "+cause.Message)
		}
		if len(causes) == 0 {
			causes = []string{status.Status().Message}
		}
		return causes
	}
	t.Fatalf("create %s %s/%s: %v", gvr.Resource, namespace, u.GetName(), err)
	return nil
}

func (c *cluster) deleteClusterScoped(t *testing.T, gvr schema.GroupVersionResource, name string) {
	ctx := context.Background()
	ri := c.dyn.Resource(gvr)
	if err := ri.Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Errorf("delete %s %s: %v", gvr.Resource, name, err)
		return
	}
	_, err := ri.Patch(ctx, name, types.MergePatchType, []byte(`{"metadata":{"finalizers":null}}`), metav1.PatchOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		t.Errorf("remove finalizers of %s %s: %v", gvr.Resource, name, err)
	}
}

func (c *cluster) gatewayClass(t *testing.T, name string) *gwapiv1.GatewayClass {
	t.Helper()
	return kubetest.GatewayClass(t, c.cfg, name)
}

func (c *cluster) gateway(t *testing.T, namespace, name string) *gwapiv1.Gateway {
	t.Helper()
	return kubetest.Gateway(t, c.cfg, namespace, name)
}

// certSecret creates a kubernetes.io/tls Secret with a self-signed
// certificate, so HTTPS and terminating TLS listeners resolve their
// references and take part in Envoy Gateway's conflict checks.
func (c *cluster) certSecret(t *testing.T, namespace, name string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "example.com"},
		DNSNames:     []string{"example.com", "*.example.com", "*.a.example.com"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
		Type:       corev1.SecretTypeTLS,
		Data: map[string][]byte{
			corev1.TLSCertKey:       pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			corev1.TLSPrivateKeyKey: pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		},
	}
	if _, err := c.kube.CoreV1().Secrets(namespace).Create(context.Background(), secret, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create Secret %s/%s: %v", namespace, name, err)
	}
}

// findCondition returns the condition of a type, or a zero one.
func findCondition(conds []metav1.Condition, typ string) metav1.Condition {
	return kubetest.Condition(conds, typ)
}

// eventually polls f every second until it returns nil or the timeout
// passes, then fails with f's last error.
func eventually(t *testing.T, timeout time.Duration, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %s: %v", what, timeout, err)
		}
		time.Sleep(time.Second)
	}
}

// installTenant installs a tenant as eg_tenant would: the release and
// values the translator renders for it, its watched namespaces created first;
// only the chart's controller Deployment is scaled to zero, as the test runs
// the controller itself.
func installTenant(t *testing.T, cfg *rest.Config, chart string, tenant translate.Tenant) {
	t.Helper()
	rel, err := translate.RenderTenant(tenant)
	if err != nil {
		t.Fatal(err)
	}
	var watched []string
	if w, ok := tenant.Watch.Get(); ok {
		watched, _ = w.Namespaces.Get()
	}
	kubetest.InstallTenant(t, cfg, chart, kubetest.Tenant{Release: rel.Name, Namespace: rel.Namespace, Values: rel.Values, Watched: watched, OutOfCluster: true})
}

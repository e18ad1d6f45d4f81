// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package xds_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
	"github.com/egplatform/terraform-provider-eg/testbed/controller"
	"github.com/egplatform/terraform-provider-eg/testbed/xds"
)

var (
	gatewayClasses = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}
	gateways       = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
	httpRoutes     = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}
	envoyProxies   = schema.GroupVersionResource{Group: "gateway.envoyproxy.io", Version: "v1alpha1", Resource: "envoyproxies"}
)

// backendAddress is the one endpoint of the route's Service: a
// documentation address, as no pod runs on the test bed.
const backendAddress = "192.0.2.10"

// TestAccXDS_mergedRoute applies the seed's merged Gateways (one class whose
// EnvoyProxy merges Gateways; merged1..3 on 8080..8082 for
// www.merged1..3.com) and an HTTPRoute to merged1 for PathPrefix /example to
// Service example:80, runs the tenant's real controller, and fetches over
// xDS, as the merged fleet's Envoy would, what the controller serves it.
// The row www.merged1.com, 8080, prefix /example must lead to the cluster
// whose endpoints are the Service's.
func TestAccXDS_mergedRoute(t *testing.T) {
	bin := kubetest.ControllerBinary(t)
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ns := acctest.RandomWithPrefix("xds")
	class := ns + "-merged"
	installTenant(t, ns)
	create(t, dyn, envoyProxies, ns, &egv1a1.EnvoyProxy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.envoyproxy.io/v1alpha1", Kind: "EnvoyProxy"},
		ObjectMeta: metav1.ObjectMeta{Name: "merged-eg", Namespace: ns},
		Spec:       egv1a1.EnvoyProxySpec{MergeGateways: new(true)},
	})
	createClass(t, dyn, class, ns)
	for i, port := range []int{8080, 8081, 8082} {
		name := fmt.Sprintf("merged%d", i+1)
		create(t, dyn, gateways, ns, gateway(ns, name, class, port, "www."+name+".com"))
	}
	createService(t, kube, ns, "example")
	create(t, dyn, httpRoutes, ns, route(ns, "example", "merged1", "www.merged1.com", "/example", "example", 80))
	c := kubetest.StartController(t, bin, ns)
	state := c.State()
	dial := func(ctx context.Context, addr string) (net.Conn, error) { return state.DialContext(ctx, "tcp", addr) }
	addr := fmt.Sprintf("127.0.0.1:%d", controller.XDSPort)

	var fleet *xds.Fleet
	var rows []xds.Row
	eventually(t, 3*time.Minute, "the route to Service example in the merged fleet's xDS", func() error {
		if fleet, err = xds.FleetOf(context.Background(), kube, dyn, ns, "merged1"); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		var missing []string
		if rows, missing, err = xds.FetchTable(ctx, dial, addr, fleet); err != nil {
			return err
		}
		if len(missing) > 0 {
			return fmt.Errorf("not served: %v", missing)
		}
		return wantRoute(rows, ns)
	})
	var table strings.Builder
	if err := xds.Print(&table, rows, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("xDS of the merged fleet (%s, node cluster %q):\n%s", fleet.Workload, fleet.Cluster, table.String())

	if fleet.Cluster != class {
		t.Errorf("the merged fleet presents node cluster %q, want the class's name %q", fleet.Cluster, class)
	}
	// One fleet serves all three Gateways' listeners; the route is on
	// merged1's only.
	for _, port := range []uint32{8080, 8081, 8082} {
		if !slices.ContainsFunc(rows, func(r xds.Row) bool { return r.Port == port }) {
			t.Errorf("no listener on %d in the merged fleet's xDS", port)
		}
		if port != 8080 && slices.ContainsFunc(rows, func(r xds.Row) bool { return r.Port == port && strings.Contains(r.Match, "/example") }) {
			t.Errorf("the route to /example is on port %d too", port)
		}
	}

	// The command make demo runs prints the same row, finding the fleet
	// from the route.
	out := xdsdump(t, "-route", ns+"/example", "-controller", state.Dir)
	if !slices.ContainsFunc(strings.Split(out, "\n"), func(line string) bool {
		f := strings.Fields(line)
		return len(f) > 0 && f[0] == "8080" && strings.Contains(line, " www.merged1.com ") && strings.Contains(line, " prefix /example ") &&
			strings.Contains(line, " Service "+ns+"/example:80 ") && strings.HasSuffix(line, " "+backendAddress+":8080")
	}) {
		t.Errorf("xdsdump printed no row www.merged1.com 8080 prefix /example to Service example:\n%s", out)
	}

	// The server keeps one snapshot per fleet: a node presenting the key of
	// an unmerged Gateway (namespace/name) gets nothing.
	other := *fleet
	other.Cluster = ns + "/merged1"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = xds.Fetch(ctx, dial, addr, &other)
	// The server answers such a node with no listeners, or holds its
	// stream without an answer until the deadline (a loaded machine):
	// both are "nothing".
	if err == nil || !containsAny(err, "sent no listeners", "DeadlineExceeded") {
		t.Errorf("node cluster %q: want no listeners, got %v", other.Cluster, err)
	}
	t.Logf("another fleet's node cluster: %v", err)

	// The server requires a client certificate of certgen's CA: with one of
	// another CA the handshake fails (the server names its CA, so Go's
	// client offers none).
	stranger := *fleet
	stranger.Cert, stranger.Key = selfSigned(t)
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = xds.Fetch(ctx, dial, addr, &stranger)
	// In TLS 1.3 the client learns of the refusal after its side of the
	// handshake: as the server's alert, or, when the server has closed the
	// connection first, as a broken pipe or reset on the stream's first
	// write (the same fetch with the fleet's own certificate worked above).
	if err == nil || !containsAny(err, "tls", "broken pipe", "connection reset") {
		t.Errorf("a client certificate of another CA: want a TLS error, got %v", err)
	}
	t.Logf("a client certificate of another CA: %v", err)
}

func containsAny(err error, signs ...string) bool {
	for _, sign := range signs {
		if strings.Contains(err.Error(), sign) {
			return true
		}
	}
	return false
}

// selfSigned returns a client certificate and key no CA of the test bed
// signed.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "envoy"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

// xdsdump builds and runs the command.
func xdsdump(t *testing.T, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "xdsdump")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/egplatform/terraform-provider-eg/testbed/cmd/xdsdump").CombinedOutput(); err != nil {
		t.Fatalf("build xdsdump: %v\n%s", err, out)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("xdsdump %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// wantRoute finds the row www.merged1.com, 8080, prefix /example and checks
// where it leads: the HTTPRoute, one cluster, whose endpoints the controller
// took from Service example port 80 and are its EndpointSlice's.
func wantRoute(rows []xds.Row, ns string) error {
	i := slices.IndexFunc(rows, func(r xds.Row) bool {
		return r.Port == 8080 && slices.Contains(r.Domains, "www.merged1.com") && r.Match == "prefix /example"
	})
	if i < 0 {
		return fmt.Errorf("no row for www.merged1.com:8080 prefix /example among %d rows", len(rows))
	}
	r := rows[i]
	switch {
	case r.Route != "HTTPRoute "+ns+"/example":
		return fmt.Errorf("the row's route is %q", r.Route)
	case len(r.Clusters) != 1:
		return fmt.Errorf("the row leads to %s", r.Action)
	case !slices.Equal(r.Backends, []string{"Service " + ns + "/example:80"}):
		return fmt.Errorf("cluster %s has backends %v", r.Clusters[0], r.Backends)
	case !slices.Equal(r.Endpoints, []string{backendAddress + ":8080"}):
		return fmt.Errorf("cluster %s has endpoints %v", r.Clusters[0], r.Endpoints)
	}
	return nil
}

func installTenant(t *testing.T, ns string) {
	t.Helper()
	rel, err := translate.RenderTenant(translate.Tenant{
		Name: translate.Known(ns), Namespace: translate.Known(ns), CreateNamespace: translate.Known(true),
		Watch: translate.Known(translate.Watch{Namespaces: translate.Known([]string{ns})}),
	})
	if err != nil {
		t.Fatal(err)
	}
	kubetest.InstallTenant(t, kubetest.RESTConfig(t), kubetest.EnvoyGatewayChart(t),
		kubetest.Tenant{Release: rel.Name, Namespace: ns, Values: rel.Values, Watched: []string{ns}, OutOfCluster: true})
}

func create(t *testing.T, dyn dynamic.Interface, gvr schema.GroupVersionResource, ns string, obj any) {
	t.Helper()
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{Object: m}
	if _, err := dyn.Resource(gvr).Namespace(ns).Create(context.Background(), u, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create %s %s: %v", gvr.Resource, u.GetName(), err)
	}
}

// createClass creates the merged class and deletes it when the test ends,
// removing the finalizer the stopped controller can no longer release.
func createClass(t *testing.T, dyn dynamic.Interface, name, ns string) {
	t.Helper()
	create(t, dyn, gatewayClasses, "", &gwapiv1.GatewayClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "GatewayClass"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: gwapiv1.GatewayClassSpec{
			ControllerName: gwapiv1.GatewayController(translate.DefaultControllerName(ns)),
			ParametersRef: &gwapiv1.ParametersReference{Group: "gateway.envoyproxy.io", Kind: "EnvoyProxy", Name: "merged-eg",
				Namespace: new(gwapiv1.Namespace(ns))},
		},
	})
	t.Cleanup(func() {
		ri := dyn.Resource(gatewayClasses)
		if err := ri.Delete(context.Background(), name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("delete GatewayClass %s: %v", name, err)
		}
		_, err := ri.Patch(context.Background(), name, types.MergePatchType, []byte(`{"metadata":{"finalizers":null}}`), metav1.PatchOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("remove the finalizers of GatewayClass %s: %v", name, err)
		}
	})
}

func gateway(ns, name, class string, port int, host string) *gwapiv1.Gateway {
	return &gwapiv1.Gateway{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "Gateway"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: gwapiv1.GatewaySpec{
			GatewayClassName: gwapiv1.ObjectName(class),
			Listeners: []gwapiv1.Listener{{Name: "http", Port: gwapiv1.PortNumber(port), Protocol: gwapiv1.HTTPProtocolType,
				Hostname: new(gwapiv1.Hostname(host))}},
		},
	}
}

func route(ns, name, parent, host, prefix, service string, port int) *gwapiv1.HTTPRoute {
	return &gwapiv1.HTTPRoute{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "HTTPRoute"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: gwapiv1.HTTPRouteSpec{
			CommonRouteSpec: gwapiv1.CommonRouteSpec{ParentRefs: []gwapiv1.ParentReference{{Name: gwapiv1.ObjectName(parent)}}},
			Hostnames:       []gwapiv1.Hostname{gwapiv1.Hostname(host)},
			Rules: []gwapiv1.HTTPRouteRule{{
				Matches: []gwapiv1.HTTPRouteMatch{{Path: &gwapiv1.HTTPPathMatch{
					Type: new(gwapiv1.PathMatchPathPrefix), Value: new(prefix)}}},
				BackendRefs: []gwapiv1.HTTPBackendRef{{BackendRef: gwapiv1.BackendRef{BackendObjectReference: gwapiv1.BackendObjectReference{
					Name: gwapiv1.ObjectName(service), Port: new(gwapiv1.PortNumber(port))}}}},
			}},
		},
	}
}

// createService creates a Service without selector (no pod runs here) and
// the EndpointSlice a kubelet's pod would give it: one ready endpoint.
func createService(t *testing.T, kube kubernetes.Interface, ns, name string) {
	t.Helper()
	ctx := context.Background()
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080), Protocol: corev1.ProtocolTCP}}},
	}
	if _, err := kube.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create Service %s/%s: %v", ns, name, err)
	}
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: name + "-1", Namespace: ns, Labels: map[string]string{discoveryv1.LabelServiceName: name}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{backendAddress}, Conditions: discoveryv1.EndpointConditions{Ready: new(true)}}},
		Ports:       []discoveryv1.EndpointPort{{Name: new("http"), Port: new(int32(8080)), Protocol: new(corev1.ProtocolTCP)}},
	}
	if _, err := kube.DiscoveryV1().EndpointSlices(ns).Create(ctx, slice, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create EndpointSlice %s/%s: %v", ns, slice.Name, err)
	}
}

// eventually polls f every two seconds until it returns nil or the timeout
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
		time.Sleep(2 * time.Second)
	}
}

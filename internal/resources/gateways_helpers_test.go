// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

var envoyProxiesGVR = schema.GroupVersionResource{Group: "gateway.envoyproxy.io", Version: "v1alpha1", Resource: "envoyproxies"}

func gatewayClient(t *testing.T, cfg *rest.Config) gatewayclient.Interface {
	t.Helper()
	c, err := gatewayclient.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func dynamicClient(t *testing.T, cfg *rest.Config) dynamic.Interface {
	t.Helper()
	c, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// exampleConfig reads examples/<mode>/main.tf as the tests serve the
// provider: under hashicorp/eg (TF_ACC_PROVIDER_NAMESPACE).
func exampleConfig(t *testing.T, mode string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", mode, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(b), "registry.terraform.io/egplatform/eg", "registry.terraform.io/hashicorp/eg", 1)
	if cfg == string(b) {
		t.Fatalf("examples/%s/main.tf does not name registry.terraform.io/egplatform/eg", mode)
	}
	return cfg
}

// exampleVariables are the variables make demo passes on the test bed.
func exampleVariables(chart string) config.Variables {
	return config.Variables{
		"test_bed":         config.BoolVariable(true),
		"chart_repository": config.StringVariable(chart),
	}
}

// gatewayAPIInstalled reports whether the Gateway API CRDs exist: an
// apply that starts without them proves the one-apply-from-empty path.
func gatewayAPIInstalled(t *testing.T, cfg *rest.Config) bool {
	t.Helper()
	_, err := kubetest.APIExtensions(t, cfg).ApiextensionsV1().CustomResourceDefinitions().
		Get(context.Background(), clients.Gateways.CRD, metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	return err == nil
}

// wrapped compiles a pattern of an error message that Terraform may wrap:
// every space matches any run of white space, and . matches newlines.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// ensureGatewayAPI installs the Gateway API CRDs unless a tenant's chart
// did already.
func ensureGatewayAPI(t *testing.T, cfg *rest.Config) {
	t.Helper()
	if !gatewayAPIInstalled(t, cfg) {
		kubetest.ApplyCRDs(t, cfg, kubetest.GatewayAPICRDDir(t, "standard"))
	}
}

// installTenantOutside installs an Envoy Gateway release with the Helm SDK,
// as another owner would, running controller
// gateway.envoyproxy.io/<name>-gatewayclass-controller; it is uninstalled
// when the test ends.
func installTenantOutside(t *testing.T, cfg *rest.Config, chartDir, name string) {
	t.Helper()
	kube := kubetest.Kubernetes(t, cfg)
	ns := kubetest.Namespace(t, kube, name)
	ac := kubetest.HelmConfig(t, cfg, ns)
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	in := action.NewInstall(ac)
	in.ReleaseName, in.Namespace, in.DisableHooks = "eg-"+name, ns, true
	vals := map[string]any{"config": map[string]any{"envoyGateway": map[string]any{
		"gateway": map[string]any{"controllerName": "gateway.envoyproxy.io/" + name + "-gatewayclass-controller"},
	}}}
	if _, err := in.Run(ch, vals); err != nil {
		t.Fatalf("helm install eg-%s: %v", name, err)
	}
	t.Cleanup(func() {
		un := action.NewUninstall(kubetest.HelmConfig(t, cfg, ns))
		un.DisableHooks = true
		if _, err := un.Run("eg-" + name); err != nil {
			t.Errorf("helm uninstall eg-%s: %v", name, err)
		}
	})
}

// deleteGatewayCRDs removes every Gateway API and Envoy Gateway CRD.
// Destructive: only for disposable clusters.
func deleteGatewayCRDs(t *testing.T, cfg *rest.Config) {
	t.Helper()
	list, err := kubetest.APIExtensions(t, cfg).ApiextensionsV1().CustomResourceDefinitions().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, crd := range list.Items {
		if crd.Spec.Group == "gateway.networking.k8s.io" || crd.Spec.Group == "gateway.envoyproxy.io" {
			names = append(names, crd.Name)
		}
	}
	kubetest.DeleteCRDs(t, cfg, names)
}

// checkGateway checks a Gateway in the cluster: written by this provider
// (label and field manager), of the class, with these listeners as
// "name/protocol/port/hostname".
func checkGateway(gw gatewayclient.Interface, ns, name, class string, listeners ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		g, err := gw.GatewayV1().Gateways(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if err := checkWrittenByProvider(&g.ObjectMeta); err != nil {
			return fmt.Errorf("Gateway %s/%s: %w", ns, name, err)
		}
		if string(g.Spec.GatewayClassName) != class {
			return fmt.Errorf("Gateway %s/%s: class %q, want %q", ns, name, g.Spec.GatewayClassName, class)
		}
		var got []string
		for _, l := range g.Spec.Listeners {
			h := ""
			if l.Hostname != nil {
				h = string(*l.Hostname)
			}
			got = append(got, fmt.Sprintf("%s/%s/%d/%s", l.Name, l.Protocol, l.Port, h))
		}
		if strings.Join(got, " ") != strings.Join(listeners, " ") {
			return fmt.Errorf("Gateway %s/%s: listeners %v, want %v", ns, name, got, listeners)
		}
		return nil
	}
}

// checkClass checks a GatewayClass: written by this provider, with this
// controller and, when proxy is not empty, parameters pointing at the
// EnvoyProxy namespace/name.
func checkClass(gw gatewayclient.Interface, name, controller, proxy string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, err := gw.GatewayV1().GatewayClasses().Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if err := checkWrittenByProvider(&c.ObjectMeta); err != nil {
			return fmt.Errorf("GatewayClass %s: %w", name, err)
		}
		if string(c.Spec.ControllerName) != controller {
			return fmt.Errorf("GatewayClass %s: controller %q, want %q", name, c.Spec.ControllerName, controller)
		}
		got := ""
		if r := c.Spec.ParametersRef; r != nil {
			ns := ""
			if r.Namespace != nil {
				ns = string(*r.Namespace)
			}
			got = fmt.Sprintf("%s/%s %s/%s", r.Group, r.Kind, ns, r.Name)
		}
		want := ""
		if proxy != "" {
			want = "gateway.envoyproxy.io/EnvoyProxy " + proxy
		}
		if got != want {
			return fmt.Errorf("GatewayClass %s: parametersRef %q, want %q", name, got, want)
		}
		return nil
	}
}

// checkMergedProxy checks an EnvoyProxy written by this provider that merges.
func checkMergedProxy(dc dynamic.Interface, ns, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, err := dc.Resource(envoyProxiesGVR).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		meta := metav1.ObjectMeta{Labels: u.GetLabels(), ManagedFields: u.GetManagedFields()}
		if err := checkWrittenByProvider(&meta); err != nil {
			return fmt.Errorf("EnvoyProxy %s/%s: %w", ns, name, err)
		}
		merge, _ := unstructuredBool(u.Object, "spec", "mergeGateways")
		if !merge {
			return fmt.Errorf("EnvoyProxy %s/%s: spec.mergeGateways is not true", ns, name)
		}
		return nil
	}
}

// unstructuredBool is the boolean at fields and whether there is one.
func unstructuredBool(obj map[string]any, fields ...string) (value, found bool) {
	var cur any = obj
	for _, f := range fields {
		m, ok := cur.(map[string]any)
		if !ok {
			return false, false
		}
		cur = m[f]
	}
	b, ok := cur.(bool)
	return b, ok
}

// checkWrittenByProvider: the managed-by label and a server-side apply by
// the provider's field manager.
func checkWrittenByProvider(meta *metav1.ObjectMeta) error {
	if meta.Labels[clients.ManagedByLabel] != clients.ManagedByValue {
		return fmt.Errorf("label %s=%q, want %q", clients.ManagedByLabel, meta.Labels[clients.ManagedByLabel], clients.ManagedByValue)
	}
	for _, mf := range meta.ManagedFields {
		if mf.Manager == clients.FieldManager && mf.Operation == metav1.ManagedFieldsOperationApply {
			return nil
		}
	}
	return fmt.Errorf("no server-side apply by field manager %s in %d managedFields entries", clients.FieldManager, len(meta.ManagedFields))
}

// checkGatewaysGone: after destroy, none of the objects exist.
func checkGatewaysGone(gw gatewayclient.Interface, dc dynamic.Interface, classes []string, gateways, proxies [][2]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		for _, c := range classes {
			if _, err := gw.GatewayV1().GatewayClasses().Get(ctx, c, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				return fmt.Errorf("GatewayClass %s still exists (err %v)", c, err)
			}
		}
		for _, g := range gateways {
			if _, err := gw.GatewayV1().Gateways(g[0]).Get(ctx, g[1], metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				return fmt.Errorf("Gateway %s/%s still exists (err %v)", g[0], g[1], err)
			}
		}
		for _, p := range proxies {
			if _, err := dc.Resource(envoyProxiesGVR).Namespace(p[0]).Get(ctx, p[1], metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				return fmt.Errorf("EnvoyProxy %s/%s still exists (err %v)", p[0], p[1], err)
			}
		}
		return nil
	}
}

// providerHCL is the provider block of the gateway tests: the chart from
// the module cache, as tenantProvider.
func providerHCL(chart string) string { return tenantProvider(chart) }

// classHCL, proxyHCL and gatewayHCL write the resources of the tests.
func classHCL(label, name, controller, extra string) string {
	return fmt.Sprintf(`
resource "eg_gatewayclass" %q {
  name            = %q
  controller_name = %s
  %s
}
`, label, name, controller, extra)
}

func proxyHCL(label, name, namespace string) string {
	return fmt.Sprintf(`
resource "eg_merged_proxy" %q {
  name      = %q
  namespace = %s
}
`, label, name, namespace)
}

// gatewayHCL takes listeners as HCL object literals.
func gatewayHCL(label, name, namespace, class string, listeners ...string) string {
	return fmt.Sprintf(`
resource "eg_gateway" %q {
  name               = %q
  namespace          = %s
  gateway_class_name = %s
  listeners = [
    %s
  ]
}
`, label, name, namespace, class, strings.Join(listeners, ",\n    "))
}

// httpListener is an HCL listener literal.
func httpListener(name string, port int, host string) string {
	return fmt.Sprintf(`{ name = %q, port = %d, protocol = "HTTP", hostname = %q }`, name, port, host)
}

func httpsListener(name string, port int, host string) string {
	return fmt.Sprintf(`{ name = %q, port = %d, protocol = "HTTPS", hostname = %q, tls = { certificate_refs = [{ name = "cert" }] } }`, name, port, host)
}

// liveGateway creates a Gateway with client-go, as another owner (kubectl,
// a GitOps tool) would: no managed-by label, another field manager.
func liveGateway(t *testing.T, gw gatewayclient.Interface, ns, name, class string, listeners ...gwapiv1.Listener) {
	t.Helper()
	_, err := gw.GatewayV1().Gateways(ns).Create(context.Background(), &gwapiv1.Gateway{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       gwapiv1.GatewaySpec{GatewayClassName: gwapiv1.ObjectName(class), Listeners: listeners},
	}, metav1.CreateOptions{FieldManager: kubetest.FieldManager})
	if err != nil {
		t.Fatalf("create Gateway %s/%s as another owner: %v", ns, name, err)
	}
	t.Cleanup(func() {
		_ = gw.GatewayV1().Gateways(ns).Delete(context.Background(), name, metav1.DeleteOptions{})
	})
}

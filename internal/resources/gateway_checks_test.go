// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// The translator's rules across resources, at plan time: a plan that must
// fail fails before any API write and names both sides; a plan that must
// pass is not refused.

// mergedSetup is a tenant, a merged proxy in its namespace and a class that
// points at the proxy: labels t, p and c.
func mergedSetup(tenant, class string) string {
	return tenantHCL("t", tenant, "", "") +
		proxyHCL("p", "merged-eg", "eg_tenant.t.namespace") +
		classHCL("c", class, "eg_tenant.t.controller_name", "parameters_ref = eg_merged_proxy.p.parameters_ref")
}

// noWriteSteps follows a step whose plan must fail: it checks that the
// failed plan wrote nothing (the API server counted no write to the
// provider's resources since before) and that none of the objects exist.
func noWriteSteps(t *testing.T, kube kubernetes.Interface, gw gatewayclient.Interface, chart string, before *map[string]float64, tenant string, classes []string, gateways [][2]string) resource.TestStep {
	return resource.TestStep{
		PreConfig: func() {
			delta := requestDelta(*before, apiserverRequests(t, kube))
			if w := writesTo(delta, providerWrites); len(w) > 0 {
				t.Errorf("the failed plan wrote to the cluster: %v", w)
			}
			ctx := context.Background()
			if _, err := kube.CoreV1().Namespaces().Get(ctx, tenant, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				t.Errorf("namespace %s exists after a failed plan (err %v)", tenant, err)
			}
			for _, c := range classes {
				if _, err := gw.GatewayV1().GatewayClasses().Get(ctx, c, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
					t.Errorf("GatewayClass %s exists after a failed plan (err %v)", c, err)
				}
			}
			for _, g := range gateways {
				if _, err := gw.GatewayV1().Gateways(g[0]).Get(ctx, g[1], metav1.GetOptions{}); !apierrors.IsNotFound(err) {
					t.Errorf("Gateway %s/%s exists after a failed plan (err %v)", g[0], g[1], err)
				}
			}
		},
		// Nothing to apply: only the check above.
		Config: providerHCL(chart),
	}
}

// snapshot records the API server's request counters into *into.
func snapshot(t *testing.T, kube kubernetes.Interface, into *map[string]float64) func() {
	return func() { *into = apiserverRequests(t, kube) }
}

func TestAccGateway_mergedTupleRepeatedInConfiguration(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("dup"), acctest.RandomWithPrefix("merged")
	var before map[string]float64
	ns := "eg_tenant.t.namespace"
	config := providerHCL(chart) + mergedSetup(tenant, class) +
		gatewayHCL("merged1", "merged1", ns, "eg_gatewayclass.c.name", httpListener("http", 8080, "www.merged1.com")) +
		gatewayHCL("merged2", "merged2", ns, "eg_gatewayclass.c.name", httpListener("http", 8080, "www.merged1.com"))

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: snapshot(t, kube, &before),
				Config:    config,
				// The tuple, and both gateways: whichever is planned second
				// carries the error and names the other.
				ExpectError: wrapped(`HTTP on port 8080 for hostname "www\.merged1\.com" is also served by listener ` +
					tenant + `/merged[12]/http.*Listener ` + tenant + `/merged[12]/http and listener ` + tenant + `/merged[12]/http collide`),
			},
			noWriteSteps(t, kube, gw, chart, &before, tenant, []string{class}, [][2]string{{tenant, "merged1"}, {tenant, "merged2"}}),
		},
	})
}

func TestAccGateway_mergedTupleRepeatsLiveGateway(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ensureGatewayAPI(t, cfg)
	tenant, class := acctest.RandomWithPrefix("live"), acctest.RandomWithPrefix("merged")
	other := kubetest.Namespace(t, kube, "other-owner")
	var before map[string]float64
	config := providerHCL(chart) + mergedSetup(tenant, class) +
		gatewayHCL("mine", "mine", "eg_tenant.t.namespace", "eg_gatewayclass.c.name", httpListener("http", 8080, "www.merged1.com"))

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// Another owner's Gateway of the same class, in the cluster.
					host := gwapiv1.Hostname("www.merged1.com")
					liveGateway(t, gw, other, "theirs", class, gwapiv1.Listener{Name: "web", Port: 8080, Protocol: gwapiv1.HTTPProtocolType, Hostname: &host})
					before = apiserverRequests(t, kube)
				},
				Config: config,
				ExpectError: wrapped(`HTTP on port 8080 for hostname "www\.merged1\.com" is also served by live listener ` +
					other + `/theirs/web.*Listener ` + tenant + `/mine/http and live listener ` + other + `/theirs/web collide`),
			},
			noWriteSteps(t, kube, gw, chart, &before, tenant, []string{class}, [][2]string{{tenant, "mine"}}),
		},
	})
}

func TestAccGateway_mergedPortMixesHTTPAndHTTPS(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("fam"), acctest.RandomWithPrefix("merged")
	var before map[string]float64
	ns := "eg_tenant.t.namespace"
	config := providerHCL(chart) + mergedSetup(tenant, class) +
		gatewayHCL("web", "web", ns, "eg_gatewayclass.c.name", httpListener("http", 8443, "www.merged1.com")) +
		gatewayHCL("secure", "secure", ns, "eg_gatewayclass.c.name", httpsListener("https", 8443, "www.merged2.com"))

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: snapshot(t, kube, &before),
				Config:    config,
				ExpectError: wrapped(`port 8443 mixes protocol families across merged class ` + class +
					`.*HTTPS? listener ` + tenant + `/(web/http|secure/https) and HTTPS? listener ` + tenant + `/(web/http|secure/https) share port 8443`),
			},
			noWriteSteps(t, kube, gw, chart, &before, tenant, []string{class}, [][2]string{{tenant, "web"}, {tenant, "secure"}}),
		},
	})
}

// The same two listeners are fine outside one merged class: in a class
// that does not merge, and in two merged classes (two Envoy fleets).
func TestAccGateway_sameListenersOutsideOneMergedClass(t *testing.T) {
	chart := kubetest.EnvoyGatewayChart(t)
	tenant := acctest.RandomWithPrefix("nodup")
	ns := "eg_tenant.t.namespace"
	twoGateways := func(classA, classB string) string {
		return gatewayHCL("merged1", "merged1", ns, classA, httpListener("http", 8080, "www.merged1.com")) +
			gatewayHCL("merged2", "merged2", ns, classB, httpListener("http", 8080, "www.merged1.com"))
	}
	plain := providerHCL(chart) + tenantHCL("t", tenant, "", "") +
		classHCL("c", acctest.RandomWithPrefix("plain"), "eg_tenant.t.controller_name", "") +
		twoGateways("eg_gatewayclass.c.name", "eg_gatewayclass.c.name")
	twoMerged := providerHCL(chart) + tenantHCL("t", tenant, "", "") +
		proxyHCL("p1", "merged-a", ns) + proxyHCL("p2", "merged-b", ns) +
		classHCL("a", acctest.RandomWithPrefix("merged-a"), "eg_tenant.t.controller_name", "parameters_ref = eg_merged_proxy.p1.parameters_ref") +
		classHCL("b", acctest.RandomWithPrefix("merged-b"), "eg_tenant.t.controller_name", "parameters_ref = eg_merged_proxy.p2.parameters_ref") +
		twoGateways("eg_gatewayclass.a.name", "eg_gatewayclass.b.name")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: plain, PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: twoMerged, PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}

// In one plan a gateway is renamed (destroyed and created with the same
// listener), then a listener moves from one gateway to another, then a
// hostname is known only after apply: none of them collides with itself.
func TestAccGateway_mergedChangesInOnePlan(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw := gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("move"), acctest.RandomWithPrefix("merged")
	ns := "eg_tenant.t.namespace"
	setup := providerHCL(chart) + mergedSetup(tenant, class)
	l1, l2 := httpListener("one", 8080, "www.merged1.com"), httpListener("two", 8081, "www.merged2.com")
	// a is planned after b, so when b takes a's listener, a's live copy
	// in the cluster still has it: only the plan of a says it goes.
	a := func(name string, ls ...string) string {
		return strings.Replace(gatewayHCL("a", name, ns, "eg_gatewayclass.c.name", ls...),
			`resource "eg_gateway" "a" {`, `resource "eg_gateway" "a" {
  depends_on = [eg_gateway.b]`, 1)
	}
	b := func(ls ...string) string { return gatewayHCL("b", "b", ns, "eg_gatewayclass.c.name", ls...) }
	other := httpListener("other", 8082, "www.merged3.com")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: setup + a("a", l1) + b(l2),
				Check: resource.ComposeTestCheckFunc(
					checkGateway(gw, tenant, "a", class, "one/HTTP/8080/www.merged1.com"),
					checkGateway(gw, tenant, "b", class, "two/HTTP/8081/www.merged2.com"),
				),
			},
			{
				// Renamed: the old Gateway goes, a new one takes its listener.
				Config: setup + a("a-renamed", l1) + b(l2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gateway.a", plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkGateway(gw, tenant, "a-renamed", class, "one/HTTP/8080/www.merged1.com"),
					checkAbsent(gw, tenant, "a"),
				),
			},
			{
				// Moved: listener "one" leaves a-renamed for b.
				Config: setup + a("a-renamed", other) + b(l2, l1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gateway.a", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("eg_gateway.b", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkGateway(gw, tenant, "a-renamed", class, "other/HTTP/8082/www.merged3.com"),
					checkGateway(gw, tenant, "b", class, "two/HTTP/8081/www.merged2.com", "one/HTTP/8080/www.merged1.com"),
				),
			},
			{
				// Known only after apply: the plan cannot check the hostname
				// and does not refuse it.
				Config: setup + a("a-renamed", other) + b(l2, l1) + `
resource "terraform_data" "host" {
  input = "www.merged4.com"
}
` + gatewayHCL("c", "c", ns, "eg_gatewayclass.c.name", `{ name = "four", port = 8080, protocol = "HTTP", hostname = terraform_data.host.output }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("eg_gateway.c", tfjsonpath.New("listeners").AtSliceIndex(0).AtMapKey("hostname")),
				}},
				Check: checkGateway(gw, tenant, "c", class, "four/HTTP/8080/www.merged4.com"),
			},
		},
	})
}

// An unknown value that turns out to collide is caught when the apply
// plans the Gateway again with the final value, before it is written.
func TestAccGateway_unknownHostnameCheckedAtApply(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	gw := gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("late"), acctest.RandomWithPrefix("merged")
	ns := "eg_tenant.t.namespace"
	config := providerHCL(chart) + mergedSetup(tenant, class) + `
resource "terraform_data" "host" {
  input = "www.merged1.com"
}
` + gatewayHCL("known", "known", ns, "eg_gatewayclass.c.name", httpListener("http", 8080, "www.merged1.com")) +
		gatewayHCL("late", "late", ns, "eg_gatewayclass.c.name",
			`{ name = "http", port = 8080, protocol = "HTTP", hostname = terraform_data.host.output }`) + `
# The known gateway is written in the same apply, and first.
`
	// Order the late gateway after the known one, so that the apply plans
	// it with the known one already planned in the same process.
	config = strings.Replace(config, `resource "eg_gateway" "late" {`, `resource "eg_gateway" "late" {
  depends_on = [eg_gateway.known]`, 1)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: wrapped(`HTTP on port 8080 for hostname "www\.merged1\.com" is also served by listener ` + tenant + `/known/http`),
			},
			{
				PreConfig: func() {
					// The plan passed and the apply ran: the known gateway exists.
					if _, err := gw.GatewayV1().Gateways(tenant).Get(context.Background(), "known", metav1.GetOptions{}); err != nil {
						t.Errorf("Gateway %s/known was not written: the plan did not pass (err %v)", tenant, err)
					}
					if _, err := gw.GatewayV1().Gateways(tenant).Get(context.Background(), "late", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
						t.Errorf("Gateway %s/late was written although it collides (err %v)", tenant, err)
					}
				},
				Config: providerHCL(chart),
			},
		},
	})
}

func checkAbsent(gw gatewayclient.Interface, ns, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := gw.GatewayV1().Gateways(ns).Get(context.Background(), name, metav1.GetOptions{})
		if !apierrors.IsNotFound(err) {
			return fmt.Errorf("Gateway %s/%s still exists (err %v)", ns, name, err)
		}
		return nil
	}
}

func TestAccGatewayClass_controllerNoTenantRuns(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("ctl"), acctest.RandomWithPrefix("orphan")
	nobody := "gateway.envoyproxy.io/" + acctest.RandomWithPrefix("nobody") + "-gatewayclass-controller"
	var before map[string]float64

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A literal controller name that no tenant here or in the
				// cluster runs; the tenant of this configuration runs another.
				PreConfig: snapshot(t, kube, &before),
				Config: providerHCL(chart) + tenantHCL("t", tenant, "", "") +
					classHCL("c", class, fmt.Sprintf("%q", nobody), "depends_on = [eg_tenant.t]"),
				ExpectError: wrapped(`no tenant runs controller "` + regexp.QuoteMeta(nobody) + `".*Tenants run .*"gateway\.envoyproxy\.io/` + tenant + `-gatewayclass-controller"`),
			},
			noWriteSteps(t, kube, gw, chart, &before, tenant, []string{class}, nil),
		},
	})
}

func TestAccGatewayClass_controllerOfLiveTenant(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant := acctest.RandomWithPrefix("outside")
	// A tenant installed with the Helm SDK by someone else: not in this
	// configuration, but its controller runs in the cluster.
	installTenantOutside(t, cfg, chart, tenant)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerHCL(chart) +
					classHCL("c", acctest.RandomWithPrefix("served"), fmt.Sprintf("%q", "gateway.envoyproxy.io/"+tenant+"-gatewayclass-controller"), ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccGateway_namespaceOutsideTenantWatch(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	tenant, class := acctest.RandomWithPrefix("team"), acctest.RandomWithPrefix("team")
	elsewhere := tenant + "-elsewhere"
	var before map[string]float64

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: snapshot(t, kube, &before),
				Config: providerHCL(chart) + tenantHCL("t", tenant, fmt.Sprintf("watch = { namespaces = [%q] }", tenant), "") +
					classHCL("c", class, "eg_tenant.t.controller_name", "") +
					gatewayHCL("g", "eg", fmt.Sprintf("%q", elsewhere), "eg_gatewayclass.c.name", httpListener("http", 8080, "www.team.example.com")),
				ExpectError: wrapped(`namespace "` + elsewhere + `" is outside the watch of tenant ` + tenant + `/` + tenant +
					`.*only watches namespaces "` + tenant + `"`),
			},
			noWriteSteps(t, kube, gw, chart, &before, tenant, []string{class}, [][2]string{{elsewhere, "eg"}}),
		},
	})
}

// A merged proxy outside the serving tenant's watch: the proxy is planned
// before the class that points at it, so the class reports it.
func TestAccGatewayClass_mergedProxyOutsideTenantWatch(t *testing.T) {
	chart := kubetest.EnvoyGatewayChart(t)
	tenant := acctest.RandomWithPrefix("team")
	elsewhere := tenant + "-proxies"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerHCL(chart) + tenantHCL("t", tenant, fmt.Sprintf("watch = { namespaces = [%q] }", tenant), "") +
					proxyHCL("p", "merged-eg", fmt.Sprintf("%q", elsewhere)) +
					classHCL("c", acctest.RandomWithPrefix("merged"), "eg_tenant.t.controller_name", "parameters_ref = eg_merged_proxy.p.parameters_ref"),
				ExpectError: wrapped(`eg_merged_proxy ` + elsewhere + `/merged-eg: namespace "` + elsewhere +
					`" is outside the watch of tenant .*with eg_gatewayclass\.c,`),
			},
		},
	})
}

// With no cluster reachable, the checks that need the cluster's objects are
// skipped (no "no tenant runs this controller" for a cluster nobody can
// see), and the checks of one Gateway still refuse it, on the attribute.
func TestAccGateway_checksWithoutCluster(t *testing.T) {
	const unreachable = egacc.ProviderSource + `
provider "eg" {
  kubernetes = { host = "https://127.0.0.1:1", insecure = true }
}
resource "eg_gatewayclass" "c" {
  name            = "eg"
  controller_name = "gateway.envoyproxy.io/somewhere-gatewayclass-controller"
}
`
	gateway := func(listeners ...string) string {
		return gatewayHCL("g", "web", `"team"`, "eg_gatewayclass.c.name", listeners...)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             unreachable + gateway(httpListener("http", 80, "www.example.com")),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:      unreachable + gateway(httpListener("http", 80, "www.example.com"), httpListener("http", 81, "www.example.com")),
				PlanOnly:    true,
				ExpectError: wrapped(`Listener name must be unique within the Gateway.*with eg_gateway\.g,`),
			},
		},
	})
}

// A resource created over an object someone else made (no state holds
// it) is refused at plan, with the import that would adopt it, before
// anything is written.
func TestAccGateway_createOverAnotherOwnersObject(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube, gw := kubetest.Kubernetes(t, cfg), gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ensureGatewayAPI(t, cfg)
	tenant, class := acctest.RandomWithPrefix("over"), acctest.RandomWithPrefix("over")
	other := kubetest.Namespace(t, kube, "other-owner")
	var before map[string]float64
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					liveGateway(t, gw, other, "taken", "their-class",
						gwapiv1.Listener{Name: "web", Port: 8080, Protocol: gwapiv1.HTTPProtocolType})
					before = apiserverRequests(t, kube)
				},
				Config: providerHCL(chart) + tenantHCL("t", tenant, "", "") +
					classHCL("c", class, "eg_tenant.t.controller_name", "") +
					gatewayHCL("taken", "taken", fmt.Sprintf("%q", other), "eg_gatewayclass.c.name", httpListener("http", 8080, "www.taken.com")),
				ExpectError: wrapped(`Gateway ` + other + `/taken is managed more than once.*already exists in the cluster and is not managed by this configuration`),
			},
			noWriteSteps(t, kube, gw, chart, &before, tenant, []string{class}, nil),
			{
				PreConfig: func() {
					g, err := gw.GatewayV1().Gateways(other).Get(context.Background(), "taken", metav1.GetOptions{})
					if err != nil || string(g.Spec.GatewayClassName) != "their-class" || len(g.Spec.Listeners) != 1 || g.Spec.Listeners[0].Name != "web" {
						t.Errorf("the other owner's Gateway after the refused plan: %v, %+v", err, g)
					}
				},
				Config: providerHCL(chart),
			},
		},
	})
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// TestAccGateway_controllerStatus checks the computed status of
// eg_gatewayclass and eg_gateway against what the tenant's real Envoy Gateway
// controller writes. One tenant serves two classes: the seed's merged class
// with its three merged Gateways, and a plain class with one Gateway whose
// HTTPS listener names a certificate Secret that does not exist. The plan
// accepts all of it: it refuses every listener conflict Envoy Gateway would
// mark inside one Gateway (the CRD's tuple rule, one protocol family per
// port, HTTPS and TLS hostnames), so the case Envoy Gateway marks and the
// plan lets through is the unresolved reference (the plan reads no Secrets).
//
//  1. The tenant, the merged proxy and both classes are applied; no
//     controller runs: the classes read Pending.
//  2. The tenant's controller starts and accepts both classes; the Gateways
//     are applied. The classes' status changed since the last state, and the
//     plan still only creates the Gateways.
//  3. Once the controller has reported on every Gateway, a plan with the same
//     configuration is empty, and the refreshed accepted, accepted_reason,
//     programmed, programmed_reason, addresses and listener_status equal what
//     the controller wrote, read straight from the API server: the classes
//     and Gateways Accepted, the merged listeners programmed and
//     conflict-free, the missing Secret InvalidCertificateRef on its listener,
//     and, with no load balancer, the Gateways Programmed=False
//     (AddressNotAssigned).
//  4. A route attaches to merged1 outside Terraform: attached_routes changes
//     on refresh, and the plan stays empty.
//
// The controller starts before the Gateways exist, as it does when a tenant
// is installed with wait = true. Started after them, Envoy Gateway v1.9.1
// left the class without parametersRef at Accepted=Unknown (Pending), written
// by itself, until something made it reconcile again (twice in two runs
// here): the reconcile that adds the class's gateway-exists finalizer
// patches its in-memory class with the API server's reply, which still holds
// the CRD's default status while the controller's own Accepted write is
// queued, and then publishes that status. A class with an EnvoyProxy has
// Accepted set again by the translator, so the merged class is spared.
func TestAccGateway_controllerStatus(t *testing.T) {
	bin := kubetest.ControllerBinary(t) // skips first where no controller can run
	cfg := kubetest.RESTConfig(t)
	gw := gatewayClient(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	ns := acctest.RandomWithPrefix("status")
	mergedClass, otherClass := ns+"-merged", ns+"-other"
	merged := []string{"merged1", "merged2", "merged3"}
	gateways := append(append([]string{}, merged...), "other")
	classes := map[string]string{"merged": mergedClass, "other": otherClass}

	classesOnly := providerHCL(chart) +
		// The chart's own controller Deployment is scaled to zero: the test
		// runs the controller itself, and on a cluster with a kubelet (kind)
		// two controllers would both write status.
		tenantHCL("t", ns, fmt.Sprintf("watch = { namespaces = [%q] }", ns), `values = yamlencode({ deployment = { replicas = 0 } })`) +
		proxyHCL("p", "merged-eg", "eg_tenant.t.namespace") +
		classHCL("merged", mergedClass, "eg_tenant.t.controller_name", "parameters_ref = eg_merged_proxy.p.parameters_ref") +
		classHCL("other", otherClass, "eg_tenant.t.controller_name", "")
	config := classesOnly
	for i, name := range merged {
		config += gatewayHCL(name, name, "eg_tenant.t.namespace", "eg_gatewayclass.merged.name",
			httpListener("http", 8080+i, "www."+name+".com"))
	}
	config += gatewayHCL("other", "other", "eg_tenant.t.namespace", "eg_gatewayclass.other.name",
		httpListener("http", 8080, "www.other.example.com"),
		`{ name = "https", port = 8443, protocol = "HTTPS", hostname = "www.other.example.com", tls = { certificate_refs = [{ name = "no-such-cert" }] } }`)

	pending := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.NotNull(), "attached_routes": knownvalue.Null(),
		"conflicted": knownvalue.Null(), "reason": knownvalue.StringExact("Pending"),
	})
	listener := func(name string, routes int64, reason string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "attached_routes": knownvalue.Int64Exact(routes),
			"conflicted": knownvalue.Bool(false), "reason": knownvalue.StringExact(reason),
		})
	}
	var classesPending, classesAccepted, gatewaysPending []statecheck.StateCheck
	for label, name := range classes {
		addr := "eg_gatewayclass." + label
		classesPending = append(classesPending,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Pending")))
		classesAccepted = append(classesAccepted,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Accepted")),
			classStatusMatchesLive(addr, gw, name))
	}
	for _, name := range gateways {
		addr := "eg_gateway." + name
		listeners := []knownvalue.Check{pending}
		if name == "other" {
			listeners = append(listeners, pending)
		}
		gatewaysPending = append(gatewaysPending,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Pending")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("listener_status"), knownvalue.ListExact(listeners)))
	}
	reported := func(merged1Routes int64) []statecheck.StateCheck {
		checks := append([]statecheck.StateCheck{}, classesAccepted...)
		for _, name := range gateways {
			addr := "eg_gateway." + name
			checks = append(checks,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted_reason"), knownvalue.StringExact("Accepted")),
				// No load balancer assigns addresses on the test bed.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("programmed"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("programmed_reason"), knownvalue.StringExact("AddressNotAssigned")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("addresses"), knownvalue.ListSizeExact(0)),
				gatewayStatusMatchesLive(addr, gw, ns, name))
		}
		for _, name := range merged {
			routes := int64(0)
			if name == "merged1" {
				routes = merged1Routes
			}
			checks = append(checks, statecheck.ExpectKnownValue("eg_gateway."+name, tfjsonpath.New("listener_status"),
				knownvalue.ListExact([]knownvalue.Check{listener("http", routes, "Programmed")})))
		}
		return append(checks, statecheck.ExpectKnownValue("eg_gateway.other", tfjsonpath.New("listener_status"),
			knownvalue.ListExact([]knownvalue.Check{
				listener("http", 0, "Programmed"),
				listener("https", 0, "InvalidCertificateRef"), // ResolvedRefs=False
			})))
	}
	// Status is read-only: when it changes, the plan stays empty.
	noChange := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	classNames := []string{mergedClass, otherClass}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            classesOnly,
				ConfigStateChecks: classesPending,
			},
			{
				PreConfig: func() {
					kubetest.StartController(t, bin, ns)
					waitStatus(t, gw, ns, classNames, nil, nil)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("eg_gatewayclass.merged", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("eg_gatewayclass.other", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("eg_merged_proxy.p", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("eg_tenant.t", plancheck.ResourceActionNoop),
				}},
				// What the create read back: the CRD's default status.
				ConfigStateChecks: append(append([]statecheck.StateCheck{}, classesAccepted...), gatewaysPending...),
			},
			{
				PreConfig: func() {
					waitStatus(t, gw, ns, classNames, gateways, func(gws map[string]*gwapiv1.Gateway) error {
						if c := kubetest.Condition(kubetest.ListenerConditions(gws["other"], "https"), string(gwapiv1.ListenerConditionResolvedRefs)); c.Status != metav1.ConditionFalse {
							return fmt.Errorf("other/https: ResolvedRefs %s/%s", c.Status, c.Reason)
						}
						return nil
					})
				},
				Config:            config,
				ConfigPlanChecks:  noChange,
				ConfigStateChecks: reported(0),
			},
			{
				// A route attaches to merged1 (written outside Terraform, as
				// an application team would): its listener's attached routes
				// change, and nothing is planned.
				PreConfig: func() {
					attachRoute(t, gw, ns, "merged1", "http", "www.merged1.com")
					waitStatus(t, gw, ns, classNames, gateways, func(gws map[string]*gwapiv1.Gateway) error {
						if n := gws["merged1"].Status.Listeners[0].AttachedRoutes; n != 1 {
							return fmt.Errorf("merged1/http: %d attached routes", n)
						}
						return nil
					})
				},
				Config:            config,
				ConfigPlanChecks:  noChange,
				ConfigStateChecks: reported(1),
			},
		},
	})
}

// waitStatus waits until the controller has reported on the current
// generation of every class and Gateway (Accepted, Programmed, and every
// listener), extra agrees, and the objects then stay unchanged for a few
// seconds: the refresh that follows must see the same status as the checks.
func waitStatus(t *testing.T, gw gatewayclient.Interface, ns string, classes, gateways []string, extra func(map[string]*gwapiv1.Gateway) error) {
	t.Helper()
	ctx := context.Background()
	const stable = 5 * time.Second
	deadline := time.Now().Add(3 * time.Minute)
	var last string
	var since time.Time
	for {
		now, err := statusSnapshot(ctx, gw, ns, classes, gateways, extra)
		switch {
		case err != nil:
			last = ""
			if time.Now().After(deadline) {
				t.Fatalf("the controller's status: %v", err)
			}
		case now != last:
			last, since = now, time.Now()
		case time.Since(since) >= stable:
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the controller's status keeps changing")
		}
		time.Sleep(time.Second)
	}
}

// statusSnapshot is the resource versions of the classes and Gateways once
// the controller has reported on the current generation of each and extra
// agrees; else an error says what is missing.
func statusSnapshot(ctx context.Context, gw gatewayclient.Interface, ns string, classes, gateways []string, extra func(map[string]*gwapiv1.Gateway) error) (string, error) {
	var versions []string
	for _, name := range classes {
		c, err := gw.GatewayV1().GatewayClasses().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return "", err
		}
		if err := reportedOn(c.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted), c.Generation); err != nil {
			return "", fmt.Errorf("class %s: %w", name, err)
		}
		versions = append(versions, c.ResourceVersion)
	}
	gws := map[string]*gwapiv1.Gateway{}
	for _, name := range gateways {
		g, err := reportedGateway(ctx, gw, ns, name)
		if err != nil {
			return "", err
		}
		gws[name] = g
		versions = append(versions, g.ResourceVersion)
	}
	if extra != nil {
		if err := extra(gws); err != nil {
			return "", err
		}
	}
	return strings.Join(versions, ","), nil
}

// reportedGateway reads a Gateway on whose current generation the
// controller has reported: Accepted, Programmed and every listener.
func reportedGateway(ctx context.Context, gw gatewayclient.Interface, ns, name string) (*gwapiv1.Gateway, error) {
	g, err := gw.GatewayV1().Gateways(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	for _, typ := range []gwapiv1.GatewayConditionType{gwapiv1.GatewayConditionAccepted, gwapiv1.GatewayConditionProgrammed} {
		if err := reportedOn(g.Status.Conditions, string(typ), g.Generation); err != nil {
			return nil, fmt.Errorf("Gateway %s: %w", name, err)
		}
	}
	if len(g.Status.Listeners) != len(g.Spec.Listeners) {
		return nil, fmt.Errorf("Gateway %s: %d listener statuses for %d listeners", name, len(g.Status.Listeners), len(g.Spec.Listeners))
	}
	for _, l := range g.Spec.Listeners {
		if err := reportedOn(kubetest.ListenerConditions(g, string(l.Name)), string(gwapiv1.ListenerConditionProgrammed), g.Generation); err != nil {
			return nil, fmt.Errorf("Gateway %s listener %s: %w", name, l.Name, err)
		}
	}
	return g, nil
}

// reportedOn says why a condition is not yet reported for generation gen.
func reportedOn(conds []metav1.Condition, typ string, gen int64) error {
	c := kubetest.Condition(conds, typ)
	if c.Status == "" || c.Status == metav1.ConditionUnknown || c.ObservedGeneration != gen {
		return fmt.Errorf("%s %s/%s for generation %d of %d", typ, c.Status, c.Reason, c.ObservedGeneration, gen)
	}
	return nil
}

// attachRoute creates an HTTPRoute attached to one listener of a Gateway;
// it goes with the Gateway's namespace.
func attachRoute(t *testing.T, gw gatewayclient.Interface, ns, gateway, listener, host string) {
	t.Helper()
	section := gwapiv1.SectionName(listener)
	route := &gwapiv1.HTTPRoute{
		ObjectMeta: metav1.ObjectMeta{Name: gateway + "-route", Namespace: ns},
		Spec: gwapiv1.HTTPRouteSpec{
			CommonRouteSpec: gwapiv1.CommonRouteSpec{ParentRefs: []gwapiv1.ParentReference{{Name: gwapiv1.ObjectName(gateway), SectionName: &section}}},
			Hostnames:       []gwapiv1.Hostname{gwapiv1.Hostname(host)},
			Rules:           []gwapiv1.HTTPRouteRule{{}},
		},
	}
	if _, err := gw.GatewayV1().HTTPRoutes(ns).Create(context.Background(), route, metav1.CreateOptions{FieldManager: kubetest.FieldManager}); err != nil {
		t.Fatalf("create HTTPRoute %s/%s: %v", ns, route.Name, err)
	}
}

// The status a resource must show for what the controller wrote, derived
// from the live object as the attributes' documentation says: a condition
// True or False for the current generation is true or false with its
// reason; a listener's reason is that of its first failing condition
// (Conflicted=True, then Accepted, ResolvedRefs, Programmed =False), else of
// Programmed.

func classStatusMatchesLive(addr string, gw gatewayclient.Interface, name string) statecheck.StateCheck {
	return liveStatusCheck{addr: addr, want: func(ctx context.Context) (map[string]any, error) {
		c, err := gw.GatewayV1().GatewayClasses().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		accepted, reason := conditionWant(c.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted), c.Generation)
		return map[string]any{"accepted": accepted, "accepted_reason": reason}, nil
	}}
}

func gatewayStatusMatchesLive(addr string, gw gatewayclient.Interface, ns, name string) statecheck.StateCheck {
	return liveStatusCheck{addr: addr, want: func(ctx context.Context) (map[string]any, error) {
		g, err := gw.GatewayV1().Gateways(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		accepted, acceptedReason := conditionWant(g.Status.Conditions, string(gwapiv1.GatewayConditionAccepted), g.Generation)
		programmed, programmedReason := conditionWant(g.Status.Conditions, string(gwapiv1.GatewayConditionProgrammed), g.Generation)
		addresses := []any{}
		for _, a := range g.Status.Addresses {
			addresses = append(addresses, a.Value)
		}
		listeners := []any{}
		for _, l := range g.Spec.Listeners {
			conds := kubetest.ListenerConditions(g, string(l.Name))
			var routes int32
			for _, s := range g.Status.Listeners {
				if s.Name == l.Name {
					routes = s.AttachedRoutes
				}
			}
			conflicted := kubetest.Condition(conds, string(gwapiv1.ListenerConditionConflicted)).Status == metav1.ConditionTrue
			reason := kubetest.Condition(conds, string(gwapiv1.ListenerConditionProgrammed)).Reason
			for _, bad := range []struct {
				typ    gwapiv1.ListenerConditionType
				status metav1.ConditionStatus
			}{
				{gwapiv1.ListenerConditionConflicted, metav1.ConditionTrue},
				{gwapiv1.ListenerConditionAccepted, metav1.ConditionFalse},
				{gwapiv1.ListenerConditionResolvedRefs, metav1.ConditionFalse},
				{gwapiv1.ListenerConditionProgrammed, metav1.ConditionFalse},
			} {
				if c := kubetest.Condition(conds, string(bad.typ)); c.Status == bad.status {
					reason = c.Reason
					break
				}
			}
			listeners = append(listeners, map[string]any{
				"name": string(l.Name), "attached_routes": routes, "conflicted": conflicted, "reason": reason,
			})
		}
		return map[string]any{
			"accepted": accepted, "accepted_reason": acceptedReason,
			"programmed": programmed, "programmed_reason": programmedReason,
			"addresses": addresses, "listener_status": listeners,
		}, nil
	}}
}

// conditionWant reads a condition the controller reported on generation
// gen: true or false with its reason.
func conditionWant(conds []metav1.Condition, typ string, gen int64) (any, string) {
	c := kubetest.Condition(conds, typ)
	if c.ObservedGeneration != gen {
		return nil, "Pending"
	}
	switch c.Status {
	case metav1.ConditionTrue:
		return true, c.Reason
	case metav1.ConditionFalse:
		return false, c.Reason
	}
	return nil, "Pending"
}

// liveStatusCheck compares attributes of a resource in the state with what
// want reads from the API server when the check runs.
type liveStatusCheck struct {
	addr string
	want func(context.Context) (map[string]any, error)
}

func (c liveStatusCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var res *tfjson.StateResource
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Address == c.addr {
				res = r
			}
		}
	}
	if res == nil {
		resp.Error = fmt.Errorf("%s: not in the state", c.addr)
		return
	}
	want, err := c.want(context.Background())
	if err != nil {
		resp.Error = fmt.Errorf("%s: read the live object: %w", c.addr, err)
		return
	}
	var differ []string
	for attr, w := range want {
		wj, _ := json.Marshal(w)
		gj, _ := json.Marshal(res.AttributeValues[attr])
		if string(wj) != string(gj) {
			differ = append(differ, fmt.Sprintf("%s = %s, the controller wrote %s", attr, gj, wj))
		}
	}
	if len(differ) > 0 {
		resp.Error = fmt.Errorf("%s: status differs from the live object: %s", c.addr, strings.Join(differ, "; "))
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/testbed/controller"
)

// TestAccControllerDifferential creates every scenario's objects at once
// (each scenario has a class of its own) for one tenant, runs the tenant's
// real Envoy Gateway controller, and compares the class, Gateway, listener
// and route conditions it writes with the translator's verdicts on the
// same input.
// What the controller writes must match testdata/controller-verdicts.json;
// -update records it anew and regenerates the guide.
//
//	TF_ACC=1 KUBECONFIG=... EG_GATEWAY_BIN=... go test -run TestAccControllerDifferential ./internal/agreement/ [-update]
func TestAccControllerDifferential(t *testing.T) {
	bin := kubetest.ControllerBinary(t) // skips first where no controller can run
	c := newCluster(t)
	start := time.Now()
	w := NewWorld(acctest.RandomWithPrefix("agr"))
	installTenant(t, c.cfg, kubetest.EnvoyGatewayChart(t), w.TenantInput())
	c.certSecret(t, w.A, CertSecret)
	c.certSecret(t, w.B, CertSecret)

	c.routeFixtures(t, w)

	scenarios := Scenarios()
	refused := createAll(t, c, w, scenarios)
	applied := time.Now()
	kubetest.StartController(t, bin, w.Tenant)
	running := time.Now()
	rec := settle(t, c, w, scenarios, refused, false)
	settled := time.Now()
	// Routes that move: once the controller has written the status of
	// their first parents, they are updated, and everything settles again.
	if c.moveRoutes(t, w, scenarios) {
		rec = settle(t, c, w, scenarios, refused, true)
	}
	t.Logf("tenant installed and %d scenarios applied in %s; controller ready in %s; statuses settled after %s; after the moves, %s",
		len(scenarios), applied.Sub(start).Round(time.Second), running.Sub(applied).Round(time.Second),
		settled.Sub(running).Round(time.Second), time.Since(settled).Round(time.Second))

	logRefusals(t, c, w, scenarios)

	// The translator judges the very objects the cluster holds (random
	// names); the recording is by scenario-local names, so it compares.
	rows := compareAll(t, w, rec)
	if *update {
		writeRecording(t, rec)
		writeGuide(t, Table(rec.EnvoyGateway, rows))
		return
	}
	want := readRecording(t)
	for _, s := range scenarios {
		if got, recorded := rec.Scenarios[s.Name], want.Scenarios[s.Name]; !reflect.DeepEqual(got, recorded) {
			t.Errorf("%s: the controller now writes\n  %v\nrecorded:\n  %v\nreview, then run with -update", s.Name, got, recorded)
		}
	}
}

// settle waits until every class, listener and route parent has its
// status for the current generation, then until two reads three seconds
// apart agree: Envoy Gateway writes statuses as its translation of each
// class completes. moved says whether the routes have moved yet.
func settle(t *testing.T, c *cluster, w World, scenarios []Scenario, refused map[string]map[string][]string, moved bool) *Recording {
	var rec *Recording
	eventually(t, 3*time.Minute, "the controller writes every status", func() error {
		r, err := observeAll(t, c, w, scenarios, refused, moved)
		if err != nil {
			return err
		}
		time.Sleep(3 * time.Second)
		again, err := observeAll(t, c, w, scenarios, refused, moved)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(r, again) {
			return fmt.Errorf("statuses still changing")
		}
		rec = again
		return nil
	})
	return rec
}

// createAll creates every scenario's objects, EnvoyProxies first, and
// returns those the API server refused, by scenario and Set key.
func createAll(t *testing.T, c *cluster, w World, scenarios []Scenario) map[string]map[string][]string {
	refused := map[string]map[string][]string{}
	for _, s := range scenarios {
		objs, err := w.Render(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range objs.Proxies {
			if causes := c.createOrRefusal(t, envoyProxies, p.Proxy.Namespace, p.Proxy); causes != nil {
				if refused[s.Name] == nil {
					refused[s.Name] = map[string][]string{}
				}
				refused[s.Name][p.Key] = causes
			}
		}
		c.create(t, gatewayClasses, "", objs.Class)
		for _, g := range objs.Gateways {
			c.create(t, gateways, g.Namespace, g)
		}
		c.createRoutes(t, objs)
	}
	return refused
}

// observeAll reads what the controller wrote for every scenario, or says
// what is still missing; refused are the EnvoyProxies the API server
// refused, by scenario.
func observeAll(t *testing.T, c *cluster, w World, scenarios []Scenario, refused map[string]map[string][]string, moved bool) (*Recording, error) {
	rec := &Recording{EnvoyGateway: controller.Version, Scenarios: map[string]Observed{}}
	for _, s := range scenarios {
		class := c.gatewayClass(t, w.ClassName(s))
		accepted := findCondition(class.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted))
		if accepted.ObservedGeneration != class.Generation || accepted.Status == metav1.ConditionUnknown {
			return nil, fmt.Errorf("class %s: Accepted %s for generation %d", class.Name, accepted.Status, accepted.ObservedGeneration)
		}
		obs := Observed{ClassAccepted: toCondition(accepted), Gateways: map[string]Condition{},
			Listeners: map[string][]Condition{}, Refused: refused[s.Name]}
		for _, g := range s.Gateways {
			if err := observeGateway(t, c, w, s, g, &obs); err != nil {
				return nil, err
			}
		}
		if len(s.Routes) > 0 {
			if err := observeRoutes(t, c, w, s, moved, &obs); err != nil {
				return nil, err
			}
		}
		rec.Scenarios[s.Name] = obs
	}
	return rec, nil
}

// observeGateway reads a Gateway's Accepted condition and its listeners'
// conditions. A Gateway Envoy Gateway refuses for itself (not for its
// listeners) may have no listener status at all: recorded as none.
func observeGateway(t *testing.T, c *cluster, w World, s Scenario, g Gateway, obs *Observed) error {
	gw := c.gateway(t, w.namespaceOf(g), w.GatewayName(s, g))
	a := findCondition(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted))
	if a.ObservedGeneration != gw.Generation || a.Status == metav1.ConditionUnknown || a.Status == "" {
		return fmt.Errorf("gateway %s/%s: no status for generation %d yet", gw.Namespace, gw.Name, gw.Generation)
	}
	obs.Gateways[g.Name] = toCondition(a)
	refusedItself := a.Status != metav1.ConditionTrue && a.Reason != reasonListenersNotValid
	for _, l := range g.Listeners {
		name, _ := l.Name.Get()
		written := kubetest.ListenerConditions(gw, name)
		if written == nil && !refusedItself {
			return fmt.Errorf("gateway %s/%s: no status for listener %s yet", gw.Namespace, gw.Name, name)
		}
		conds := []Condition{}
		for _, cond := range written {
			conds = append(conds, toCondition(cond))
		}
		slices.SortFunc(conds, func(a, b Condition) int { return strings.Compare(a.Type, b.Type) })
		obs.Listeners[listenerKey(g, l)] = conds
	}
	return nil
}

// logRefusals logs the message of every class and Gateway the controller
// did not accept (the recording keeps reasons only: messages hold names).
func logRefusals(t *testing.T, c *cluster, w World, scenarios []Scenario) {
	for _, s := range scenarios {
		class := c.gatewayClass(t, w.ClassName(s))
		if a := findCondition(class.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted)); a.Status != metav1.ConditionTrue {
			t.Logf("%s: class Accepted %s (%s): %s", s.Name, a.Status, a.Reason, a.Message)
		}
		for _, g := range s.Gateways {
			gw := c.gateway(t, w.namespaceOf(g), w.GatewayName(s, g))
			if a := findCondition(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted)); a.Status != metav1.ConditionTrue && a.Reason != reasonListenersNotValid {
				t.Logf("%s: Gateway %s Accepted %s (%s): %s", s.Name, g.Name, a.Status, a.Reason, a.Message)
			}
		}
	}
}

func toCondition(c metav1.Condition) Condition {
	return Condition{Type: c.Type, Status: string(c.Status), Reason: c.Reason}
}

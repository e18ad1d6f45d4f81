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
// (each scenario has a merged class of its own) for one tenant, runs the
// tenant's real Envoy Gateway controller, and compares the listener
// conditions it writes with the translator's verdicts on the same input.
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

	scenarios := Scenarios()
	for _, s := range scenarios {
		objs, err := w.Render(s)
		if err != nil {
			t.Fatal(err)
		}
		c.create(t, envoyProxies, w.A, objs.Proxy)
		c.create(t, gatewayClasses, "", objs.Class)
		for _, g := range objs.Gateways {
			c.create(t, gateways, g.Namespace, g)
		}
	}
	applied := time.Now()
	kubetest.StartController(t, bin, w.Tenant)
	running := time.Now()

	// Wait until every class and listener has its status for the current
	// generation, then until two reads three seconds apart agree: Envoy
	// Gateway writes statuses as its translation of each class completes.
	var rec *Recording
	eventually(t, 3*time.Minute, "the controller writes every status", func() error {
		r, err := observeAll(t, c, w, scenarios)
		if err != nil {
			return err
		}
		time.Sleep(3 * time.Second)
		again, err := observeAll(t, c, w, scenarios)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(r, again) {
			return fmt.Errorf("statuses still changing")
		}
		rec = again
		return nil
	})
	t.Logf("tenant installed and %d scenarios applied in %s; controller ready in %s; statuses settled after %s",
		len(scenarios), applied.Sub(start).Round(time.Second), running.Sub(applied).Round(time.Second), time.Since(running).Round(time.Second))

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

// observeAll reads what the controller wrote for every scenario, or says
// what is still missing.
func observeAll(t *testing.T, c *cluster, w World, scenarios []Scenario) (*Recording, error) {
	rec := &Recording{EnvoyGateway: controller.Version, Scenarios: map[string]Observed{}}
	for _, s := range scenarios {
		class := c.gatewayClass(t, w.ClassName(s))
		accepted := findCondition(class.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted))
		if accepted.ObservedGeneration != class.Generation || accepted.Status == metav1.ConditionUnknown {
			return nil, fmt.Errorf("class %s: Accepted %s for generation %d", class.Name, accepted.Status, accepted.ObservedGeneration)
		}
		obs := Observed{ClassAccepted: toCondition(accepted), Listeners: map[string][]Condition{}}
		for _, g := range s.Gateways {
			gw := c.gateway(t, w.namespaceOf(g), w.GatewayName(s, g))
			if a := findCondition(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted)); a.ObservedGeneration != gw.Generation {
				return nil, fmt.Errorf("gateway %s/%s: no status for generation %d yet", gw.Namespace, gw.Name, gw.Generation)
			}
			for _, l := range g.Listeners {
				name, _ := l.Name.Get()
				written := kubetest.ListenerConditions(gw, name)
				if written == nil {
					return nil, fmt.Errorf("gateway %s/%s: no status for listener %s yet", gw.Namespace, gw.Name, name)
				}
				var conds []Condition
				for _, cond := range written {
					conds = append(conds, toCondition(cond))
				}
				slices.SortFunc(conds, func(a, b Condition) int { return strings.Compare(a.Type, b.Type) })
				obs.Listeners[g.Name+"/"+name] = conds
			}
		}
		rec.Scenarios[s.Name] = obs
	}
	return rec, nil
}

func toCondition(c metav1.Condition) Condition {
	return Condition{Type: c.Type, Status: string(c.Status), Reason: c.Reason}
}

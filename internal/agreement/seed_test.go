// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// TestAccControllerMergedSeed applies the seed's merged gateways (EnvoyProxy
// merged-eg with mergeGateways in the tenant's namespace, class merged-eg,
// Gateways merged1/2/3 on 8080/8081/8082) and checks that the real
// controller accepts all of them with conflict-free listeners, on one Envoy
// fleet, as the translator predicts.
func TestAccControllerMergedSeed(t *testing.T) {
	bin := kubetest.ControllerBinary(t) // skips first where no controller can run
	c := newCluster(t)
	ns := acctest.RandomWithPrefix("seed")
	tenant := translate.Tenant{
		Name: translate.Known(ns), Namespace: translate.Known(ns), CreateNamespace: translate.Known(true),
		Watch: translate.Known(translate.Watch{Namespaces: translate.Known([]string{ns})}),
	}
	set := translate.Set{
		Tenants: []translate.Tenant{tenant},
		GatewayClasses: []translate.GatewayClass{{
			Name: translate.Known("merged-eg"), ControllerName: translate.Known(translate.DefaultControllerName(ns)),
			ParametersRef: translate.Known(translate.ProxyParametersRef("merged-eg", ns)),
		}},
		EnvoyProxies: []translate.EnvoyProxy{{Kind: translate.KindMergedProxy, Name: translate.Known("merged-eg"), Namespace: translate.Known(ns), MergeGateways: translate.Known(true)}},
		Namespaces:   []translate.Namespace{{Name: ns, Labels: translate.Known(map[string]string{})}},
	}
	for i, port := range []int64{8080, 8081, 8082} {
		name := fmt.Sprintf("merged%d", i+1)
		set.Gateways = append(set.Gateways, translate.Gateway{
			Key: name, Name: translate.Known(name), Namespace: translate.Known(ns), GatewayClassName: translate.Known("merged-eg"),
			Listeners: translate.Known([]translate.Listener{http("http", port, "www."+name+".com")}),
		})
	}
	if ps := translate.Validate(set); len(ps) > 0 {
		t.Fatalf("the translator refuses the seed: %v", ps)
	}

	installTenant(t, c.cfg, kubetest.EnvoyGatewayChart(t), tenant)
	proxy, err := translate.RenderEnvoyProxy(set.EnvoyProxies[0])
	if err != nil {
		t.Fatal(err)
	}
	c.create(t, envoyProxies, ns, proxy)
	class, err := translate.RenderGatewayClass(set.GatewayClasses[0])
	if err != nil {
		t.Fatal(err)
	}
	c.create(t, gatewayClasses, "", class)
	for _, g := range set.Gateways {
		obj, err := translate.RenderGateway(g)
		if err != nil {
			t.Fatal(err)
		}
		c.create(t, gateways, ns, obj)
	}
	kubetest.StartController(t, bin, ns)

	eventually(t, 2*time.Minute, "the seed's merged gateways accepted", func() error {
		gc := c.gatewayClass(t, "merged-eg")
		if a := findCondition(gc.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted)); a.Status != metav1.ConditionTrue {
			return fmt.Errorf("class merged-eg: Accepted %s/%s", a.Status, a.Reason)
		}
		for _, g := range set.Gateways {
			name, _ := g.Name.Get()
			gw := c.gateway(t, ns, name)
			if a := findCondition(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted)); a.Status != metav1.ConditionTrue {
				return fmt.Errorf("%s: Accepted %s/%s", name, a.Status, a.Reason)
			}
			if len(gw.Status.Listeners) != 1 {
				return fmt.Errorf("%s: %d listener statuses", name, len(gw.Status.Listeners))
			}
			conds := gw.Status.Listeners[0].Conditions
			for _, typ := range []gwapiv1.ListenerConditionType{gwapiv1.ListenerConditionAccepted, gwapiv1.ListenerConditionProgrammed, gwapiv1.ListenerConditionResolvedRefs} {
				if cond := findCondition(conds, string(typ)); cond.Status != metav1.ConditionTrue {
					return fmt.Errorf("%s/http: %s %s/%s", name, typ, cond.Status, cond.Reason)
				}
			}
			if cond := findCondition(conds, string(gwapiv1.ListenerConditionConflicted)); cond.Status == metav1.ConditionTrue {
				return fmt.Errorf("%s/http: Conflicted (%s)", name, cond.Reason)
			}
		}
		return nil
	})

	// Merged means one Envoy fleet for the class: one Service in the
	// controller's namespace, owned by the class, serving all three ports.
	eventually(t, time.Minute, "one Envoy Service for class merged-eg", func() error {
		svcs, err := c.kube.CoreV1().Services(ns).List(context.Background(),
			metav1.ListOptions{LabelSelector: "gateway.envoyproxy.io/owning-gatewayclass=merged-eg"})
		if err != nil {
			return err
		}
		if len(svcs.Items) != 1 {
			return fmt.Errorf("%d Services for the class", len(svcs.Items))
		}
		var ports []int32
		for _, p := range svcs.Items[0].Spec.Ports {
			ports = append(ports, p.Port)
		}
		slices.Sort(ports)
		if !slices.Equal(ports, []int32{8080, 8081, 8082}) {
			return fmt.Errorf("Service %s serves ports %v", svcs.Items[0].Name, ports)
		}
		return nil
	})
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// TestAccControllerMultiTenant runs two tenants' real controllers, each
// watching its own namespace, and a class naming a controller nobody runs:
//
//   - marketing's class and Gateway are accepted by marketing's controller;
//   - product's controller never writes a marketing object: while it runs
//     alone marketing's objects keep their resourceVersion, and the API
//     server's audit log (on the test bed) holds no write by product's
//     ServiceAccount to anything of marketing's, while it does hold
//     marketing's own status writes;
//   - the class of the unknown controller stays unaccepted, and the
//     translator refuses it at plan time (class-served).
func TestAccControllerMultiTenant(t *testing.T) {
	bin := kubetest.ControllerBinary(t) // skips first where no controller can run
	c := newCluster(t)
	chart := kubetest.EnvoyGatewayChart(t)
	mkt, prd := acctest.RandomWithPrefix("mkt"), acctest.RandomWithPrefix("prd")
	tenant := func(name string) translate.Tenant {
		return translate.Tenant{
			Name: translate.Known(name), Namespace: translate.Known(name), CreateNamespace: translate.Known(true),
			Watch: translate.Known(translate.Watch{Namespaces: translate.Known([]string{name})}),
		}
	}
	unknownCtrl := "gateway.envoyproxy.io/" + acctest.RandomWithPrefix("nobody") + "-gatewayclass-controller"
	class := func(name, ctrl string) translate.GatewayClass {
		return translate.GatewayClass{Key: name, Name: translate.Known(name), ControllerName: translate.Known(ctrl)}
	}
	gateway := func(ns, class string) translate.Gateway {
		return translate.Gateway{Key: ns, Name: translate.Known("web"), Namespace: translate.Known(ns),
			GatewayClassName: translate.Known(class), Listeners: translate.Known([]translate.Listener{http("http", 8080, "www."+ns+".example.com")})}
	}
	set := translate.Set{
		Tenants: []translate.Tenant{tenant(mkt), tenant(prd)},
		GatewayClasses: []translate.GatewayClass{
			class(mkt, translate.DefaultControllerName(mkt)),
			class(prd, translate.DefaultControllerName(prd)),
			class(mkt+"-orphan", unknownCtrl),
		},
		Gateways: []translate.Gateway{gateway(mkt, mkt), gateway(prd, prd)},
		Namespaces: []translate.Namespace{
			{Name: mkt, Labels: translate.Known(map[string]string{})},
			{Name: prd, Labels: translate.Known(map[string]string{})},
		},
	}

	// The plan's verdict: exactly the orphan class is refused, for having
	// no tenant to serve it.
	var refused []string
	for _, p := range translate.Validate(set) {
		if p.Severity == translate.SeverityError {
			refused = append(refused, fmt.Sprintf("%s %s", p.Resource.Key, p.Rule))
		}
	}
	if want := []string{mkt + "-orphan " + string(translate.RuleClassServed)}; fmt.Sprint(refused) != fmt.Sprint(want) {
		t.Fatalf("translator refuses %v, want %v", refused, want)
	}

	installTenant(t, c.cfg, chart, set.Tenants[0])
	installTenant(t, c.cfg, chart, set.Tenants[1])
	for _, gc := range set.GatewayClasses {
		obj, err := translate.RenderGatewayClass(gc)
		if err != nil {
			t.Fatal(err)
		}
		c.create(t, gatewayClasses, "", obj)
	}
	for _, g := range set.Gateways {
		obj, err := translate.RenderGateway(g)
		if err != nil {
			t.Fatal(err)
		}
		c.create(t, gateways, obj.Namespace, obj)
	}
	mktClassRV := c.gatewayClass(t, mkt).ResourceVersion
	mktGatewayRV := c.gateway(t, mkt, "web").ResourceVersion

	// Product's controller alone.
	kubetest.StartController(t, bin, prd)
	waitAccepted(t, c, prd, prd)
	time.Sleep(5 * time.Second) // room for a stray write to happen
	if rv := c.gatewayClass(t, mkt).ResourceVersion; rv != mktClassRV {
		t.Errorf("marketing's class changed (resourceVersion %s → %s) while only product's controller ran", mktClassRV, rv)
	}
	if rv := c.gateway(t, mkt, "web").ResourceVersion; rv != mktGatewayRV {
		t.Errorf("marketing's Gateway changed (resourceVersion %s → %s) while only product's controller ran", mktGatewayRV, rv)
	}

	// Then marketing's.
	kubetest.StartController(t, bin, mkt)
	waitAccepted(t, c, mkt, mkt)

	// The orphan stays as the API server created it: nobody accepts it.
	for range 5 {
		orphan := c.gatewayClass(t, mkt+"-orphan")
		if a := findCondition(orphan.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted)); a.Status == metav1.ConditionTrue || a.Reason != "Pending" {
			t.Fatalf("class of an unknown controller has Accepted %s/%s", a.Status, a.Reason)
		}
		time.Sleep(time.Second)
	}

	auditLog, ok := kubetest.AuditLog(t)
	if !ok {
		t.Log("no audit log to check writes by ServiceAccount against (not the test bed, or one started before audit logging): only the resourceVersion check ran")
		return
	}
	writes := auditWrites(t, auditLog)
	sa := func(tenant string) string { return "system:serviceaccount:" + tenant + ":envoy-gateway" }
	owns := func(tenant string, w auditWrite) bool {
		return w.Namespace == tenant || (w.Resource == "gatewayclasses" && w.Name == tenant)
	}
	var mktWroteOwn, prdWroteOwn bool
	for _, w := range writes {
		switch w.User {
		case sa(prd):
			prdWroteOwn = prdWroteOwn || owns(prd, w) && w.Code < 300
			if !owns(prd, w) { // attempts count: a refused write is still a touch
				t.Errorf("product's controller wrote %s", w)
			}
		case sa(mkt):
			mktWroteOwn = mktWroteOwn || owns(mkt, w) && w.Code < 300
			if !owns(mkt, w) {
				t.Errorf("marketing's controller wrote %s", w)
			}
		}
	}
	// Without these the check above would pass vacuously.
	if !mktWroteOwn || !prdWroteOwn {
		t.Errorf("the audit log shows no status write by a controller to its own objects (marketing %v, product %v)", mktWroteOwn, prdWroteOwn)
	}
}

// waitAccepted waits until a class and the Gateway "web" in namespace ns are
// accepted and the Gateway's listener carries status.
func waitAccepted(t *testing.T, c *cluster, class, ns string) {
	t.Helper()
	eventually(t, 2*time.Minute, "class "+class+" and Gateway "+ns+"/web accepted", func() error {
		gc := c.gatewayClass(t, class)
		if a := findCondition(gc.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted)); a.Status != metav1.ConditionTrue {
			return fmt.Errorf("class Accepted %s/%s", a.Status, a.Reason)
		}
		gw := c.gateway(t, ns, "web")
		if a := findCondition(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted)); a.Status != metav1.ConditionTrue {
			return fmt.Errorf("gateway Accepted %s/%s", a.Status, a.Reason)
		}
		if len(gw.Status.Listeners) != 1 {
			return fmt.Errorf("gateway has %d listener statuses", len(gw.Status.Listeners))
		}
		return nil
	})
}

// auditWrite is one write (attempted or done) recorded by the test bed's
// API server.
type auditWrite struct {
	User, Verb, Resource, Subresource, Namespace, Name string
	Code                                               int
}

func (w auditWrite) String() string {
	r := w.Resource
	if w.Subresource != "" {
		r += "/" + w.Subresource
	}
	return fmt.Sprintf("%s %s %s/%s (HTTP %d)", w.Verb, r, w.Namespace, w.Name, w.Code)
}

func auditWrites(t *testing.T, file string) []auditWrite {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []auditWrite
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var ev struct {
			Stage string `json:"stage"`
			Verb  string `json:"verb"`
			User  struct {
				Username string `json:"username"`
			} `json:"user"`
			ObjectRef struct {
				Resource, Subresource, Namespace, Name string
			} `json:"objectRef"`
			ResponseStatus struct {
				Code int `json:"code"`
			} `json:"responseStatus"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if ev.Stage != "ResponseComplete" {
			continue
		}
		out = append(out, auditWrite{User: ev.User.Username, Verb: ev.Verb, Resource: ev.ObjectRef.Resource,
			Subresource: ev.ObjectRef.Subresource, Namespace: ev.ObjectRef.Namespace, Name: ev.ObjectRef.Name,
			Code: ev.ResponseStatus.Code})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

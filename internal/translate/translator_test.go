// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestPathString(t *testing.T) {
	p := Attr("listeners").Index(2).Attr("tls").Attr("certificate_refs").Index(0).Attr("name")
	if got := p.String(); got != "listeners[2].tls.certificate_refs[0].name" {
		t.Errorf("got %s", got)
	}
	if got := Attr("watch").Attr("namespace_selector").Attr("match_labels").Key("team").String(); got != `watch.namespace_selector.match_labels["team"]` {
		t.Errorf("got %s", got)
	}
	// Extending a shared prefix must not let the results alias each other.
	base := Attr("listeners").Index(1)
	a, b := base.Attr("name"), base.Attr("port")
	if a.String() != "listeners[1].name" || b.String() != "listeners[1].port" {
		t.Errorf("aliased paths: %s %s", a, b)
	}
}

func TestProblemsSortListIndexesNumerically(t *testing.T) {
	ps := []Problem{
		{Resource: Ref{Kind: KindGateway, Name: "g"}, Path: Attr("listeners").Index(10)},
		{Resource: Ref{Kind: KindGateway, Name: "g"}, Path: Attr("listeners").Index(2)},
		{Resource: Ref{Kind: KindTenant, Name: "t"}, Path: Attr("name")},
	}
	sortProblems(ps)
	got := []string{ps[0].Path.String(), ps[1].Path.String(), ps[2].Path.String()}
	want := []string{"name", "listeners[2]", "listeners[10]"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestDefaultControllerName(t *testing.T) {
	if got := DefaultControllerName("marketing"); got != "gateway.envoyproxy.io/marketing-gatewayclass-controller" {
		t.Errorf("got %s", got)
	}
	if !matchControllerName(DefaultControllerName("a.b-c")) {
		t.Error("default controller name of a valid tenant name is not a valid controller name")
	}
}

// conflictSet is a merged class with a repeated tuple, an HTTP/HTTPS port
// mix across Gateways, and a Gateway with a CRD error.
func conflictSet() Set {
	return Set{
		Tenants:        []Tenant{{Name: Known("eg"), Namespace: Known("eg"), CreateNamespace: Known(true)}},
		EnvoyProxies:   []EnvoyProxy{{Name: Known("m"), Namespace: Known("eg"), MergeGateways: Known(true)}},
		GatewayClasses: []GatewayClass{{Name: Known("m"), ControllerName: Known(DefaultControllerName("eg")), ParametersRef: Known(ProxyParametersRef("m", "eg"))}},
		Namespaces:     []Namespace{{Name: "eg"}, {Name: "default"}},
		Gateways: []Gateway{
			gwOf("a", listener("http", 80, ProtocolHTTP, "x.example.com")),
			gwOf("b", listener("http", 80, ProtocolHTTP, "x.example.com")),
			gwOf("c", listener("http", 80, ProtocolHTTPS, "y.example.com")),
			gwOf("d", listener("bad", 0, ProtocolHTTP, "")),
		},
	}
}

func gwOf(name string, ls ...Listener) Gateway {
	return Gateway{Name: Known(name), Namespace: Known("default"), GatewayClassName: Known("m"), Listeners: Known(ls)}
}

func listener(name string, port int64, proto, host string) Listener {
	l := Listener{Name: Known(name), Port: Known(port), Protocol: Known(proto)}
	if host != "" {
		l.Hostname = Known(host)
	}
	if proto == ProtocolHTTPS {
		l.TLS = Known(ListenerTLS{CertificateRefs: Known([]CertificateRef{{Name: Known("cert")}})})
	}
	return l
}

func TestValidatePhasesReportsOnlyThosePhases(t *testing.T) {
	all := Validate(conflictSet())
	phases := map[Phase]bool{}
	for _, p := range all {
		phases[p.Phase] = true
	}
	if !phases[PhaseSchema] || !phases[PhaseMerged] {
		t.Fatalf("fixture should produce schema and merged problems, got %v", all)
	}
	for _, ph := range Phases {
		got := ValidatePhases(conflictSet(), ph)
		var want []Problem
		for _, p := range all {
			if p.Phase == ph {
				want = append(want, p)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ValidatePhases(%s) = %v, want the %s subset of Validate: %v", ph, got, ph, want)
		}
	}
}

func TestLiveObjectsAreNeverTheSubject(t *testing.T) {
	set := conflictSet()
	for i := range set.Gateways {
		set.Gateways[i].Origin = Live
	}
	for _, p := range Validate(set) {
		if p.Resource.Kind == KindGateway {
			t.Errorf("problem reported on a live Gateway: %v", p)
		}
	}
}

func TestValidateIsOrderIndependentAndPure(t *testing.T) {
	set := conflictSet()
	before := Validate(set)
	snapshot := conflictSet()
	if !reflect.DeepEqual(set, snapshot) {
		t.Fatal("Validate changed its input")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		shuffled := conflictSet()
		r.Shuffle(len(shuffled.Gateways), func(a, b int) {
			shuffled.Gateways[a], shuffled.Gateways[b] = shuffled.Gateways[b], shuffled.Gateways[a]
		})
		got := Validate(shuffled)
		// Which listener a message names as "the other one" may follow
		// input order; what is reported, where, may not.
		if !sameProblemsIgnoringText(got, before) {
			t.Fatalf("problems depend on Gateway order:\n%v\nvs\n%v", got, before)
		}
	}
}

func sameProblemsIgnoringText(a, b []Problem) bool {
	key := func(ps []Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, strings.Join([]string{p.Severity.String(), string(p.Rule), p.Resource.String(), p.Path.String()}, "|"))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

func TestClusterUnknownSkipsAbsenceRules(t *testing.T) {
	set := Set{
		GatewayClasses: []GatewayClass{{Name: Known("c"), ControllerName: Known("example.com/nobody")}},
		Gateways:       []Gateway{{Name: Known("g"), Namespace: Known("default"), GatewayClassName: Known("missing"), Listeners: Known([]Listener{listener("http", 80, ProtocolHTTP, "")})}},
	}
	rules := func(ps []Problem) []Rule {
		var out []Rule
		for _, p := range ps {
			out = append(out, p.Rule)
		}
		return out
	}
	if got := rules(Validate(set)); !slices.Contains(got, RuleClassServed) || !slices.Contains(got, RuleGatewayClassExists) {
		t.Errorf("with the cluster known, expected class-served and gateway-class-exists, got %v", got)
	}
	set.ClusterUnknown = true
	if got := Validate(set); len(got) != 0 {
		t.Errorf("with the cluster unknown, expected nothing, got %v", got)
	}
}

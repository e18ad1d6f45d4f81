// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// FuzzValidate builds a Set from the fuzz bytes: each byte picks a count, a
// null/unknown/known state or a value from small vocabularies that mix
// valid and invalid values, so the fuzzer explores how rules interact
// rather than how a parser fails. It checks the invariants in
// checkInvariants.
//
//	go test -run '^$' -fuzz FuzzValidate -fuzztime 10m ./internal/translate/
func FuzzValidate(f *testing.F) {
	for _, seed := range []string{
		"", "\x01\x02\x03\x04\x05\x06\x07\x08",
		"\x03\x13\x23\x33\x43\x53\x63\x73\x83\x93\xa3\xb3\xc3\xd3\xe3\xf3",
		strings.Repeat("\x11\x22\x33\x44", 16),
		strings.Repeat("\x0a\x12\x1a\x22\x2a", 40),
		strings.Repeat("\xff\x80\x7f\x10", 30),
		strings.Repeat("\x03\x05\x02\x07\x0b\x0d\x11\x13\x17\x1d", 120), // long enough to reach the routes
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkInvariants(t, func() Set { return buildSet(data) }, true)
	})
}

// FuzzYAMLValidate fuzzes the fixture format, seeded with every golden
// input: odd strings and shapes the byte builder cannot produce.
func FuzzYAMLValidate(f *testing.F) {
	ins, _ := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	for _, in := range ins {
		if data, err := os.ReadFile(in); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var probe Set
		if yaml.UnmarshalStrict(data, &probe) != nil {
			return
		}
		checkInvariants(t, func() Set {
			var s Set
			if err := yaml.UnmarshalStrict(data, &s); err != nil {
				t.Fatalf("second decode failed: %v", err)
			}
			return s
		}, false)
	})
}

// checkInvariants runs the translator over a Set (built fresh by build
// each time, so that mutation of the input can be detected) and checks:
// no panic, deterministic output, an untouched input, well-formed and
// sorted problems, problems only on planned objects, ValidatePhases equal
// to the matching subset of Validate, and Render* failing only on unknowns
// for objects Validate found no error in.
func checkInvariants(t *testing.T, build func() Set, keyed bool) {
	set := build()
	ps := Validate(set)
	if !reflect.DeepEqual(set, build()) {
		t.Fatal("Validate modified its input")
	}
	if again := Validate(build()); !reflect.DeepEqual(ps, again) {
		t.Fatalf("Validate is not deterministic:\n%v\n%v", ps, again)
	}
	bad := map[string]bool{} // keys of objects with errors
	for i, p := range ps {
		checkProblem(t, p, keyed)
		if i > 0 && compareProblems(ps[i-1], p) > 0 {
			t.Errorf("problems not sorted at %d", i)
		}
		if p.Severity == SeverityError {
			bad[p.Resource.Key] = true
		}
	}
	checkPhases(t, build, ps)
	checkSubsets(t, set, ps)
	checkRenders(t, set, bad, keyed)
}

// checkProblem checks that a problem is well formed and, with keyed, not
// on a live or refreshed object.
func checkProblem(t *testing.T, p Problem, keyed bool) {
	t.Helper()
	if p.Summary == "" || p.Detail == "" || len(p.Path) == 0 {
		t.Errorf("problem without summary, detail or path: %#v", p)
	}
	if strings.Contains(p.Summary, "\n") {
		t.Errorf("summary is not one line: %q", p.Summary)
	}
	if p.Rule.Phase() == "" || p.Phase != p.Rule.Phase() {
		t.Errorf("problem with unknown rule or wrong phase: %#v", p)
	}
	if kindOrder(p.Resource.Kind) > 4 || p.Severity > SeverityWarning {
		t.Errorf("problem with unknown kind or severity: %#v", p)
	}
	if keyed && (strings.HasPrefix(p.Resource.Key, "live-") || strings.HasPrefix(p.Resource.Key, "refreshed-")) {
		t.Errorf("problem reported on a live or refreshed object: %#v", p)
	}
	for _, s := range p.Path {
		if s.Kind == StepAttribute && s.Name == "" {
			t.Errorf("empty attribute step in %s", p.Path)
		}
	}
}

// checkPhases checks that ValidatePhases gives, phase by phase, the
// matching subset of Validate's problems ps.
func checkPhases(t *testing.T, build func() Set, ps []Problem) {
	t.Helper()
	for _, ph := range Phases {
		var want []Problem
		for _, p := range ps {
			if p.Phase == ph {
				want = append(want, p)
			}
		}
		if got := ValidatePhases(build(), ph); !reflect.DeepEqual(got, want) {
			t.Errorf("ValidatePhases(%s) differs from Validate's %s problems", ph, ph)
		}
	}
}

// checkRenders checks that Render* fails only on unknowns for a planned
// object without errors (bad holds the keys of those with errors).
func checkRenders(t *testing.T, set Set, bad map[string]bool, keyed bool) {
	t.Helper()
	renderable := func(what, key string, err error) {
		if err != nil && keyed && !strings.HasPrefix(key, "live-") && !strings.HasPrefix(key, "refreshed-") && !bad[key] && !errors.Is(err, ErrUnknown) {
			t.Errorf("%s %s: no errors reported, yet rendering failed: %v", what, key, err)
		}
	}
	for _, x := range set.Tenants {
		_, err := RenderTenant(x)
		renderable("tenant", x.Key, err)
	}
	for _, x := range set.GatewayClasses {
		_, err := RenderGatewayClass(x)
		renderable("class", x.Key, err)
	}
	for _, x := range set.EnvoyProxies {
		_, err := RenderEnvoyProxy(x)
		renderable("proxy", x.Key, err)
	}
	for _, x := range set.Gateways {
		_, err := RenderGateway(x)
		renderable("gateway", x.Key, err)
	}
	for _, x := range set.HTTPRoutes {
		_, err := RenderHTTPRoute(x)
		renderable("route", x.Key, err)
	}
}

// byteSource hands out fuzz bytes; past the end it returns zeros.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) next() byte {
	if s.i >= len(s.b) {
		return 0
	}
	c := s.b[s.i]
	s.i++
	return c
}

func (s *byteSource) count(most int) int { return int(s.next()) % (most + 1) }

func (s *byteSource) pick(vocab []string) string { return vocab[int(s.next())%len(vocab)] }

// str returns a null, unknown or known value: 1 in 8 null, 1 in 8 unknown.
func (s *byteSource) str(vocab []string) Value[string] {
	c := s.next()
	switch c % 8 {
	case 0:
		return Null[string]()
	case 1:
		return Unknown[string]()
	}
	return Known(vocab[int(c/8)%len(vocab)])
}

func (s *byteSource) state() int { return int(s.next()) % 8 } // 0 null, 1 unknown, else known

var (
	fzProxySpecs = []string{"", "concurrency: 2", "mergeGateways: false", "bogus: 1", "provider: {type: Kubernetes}",
		"telemetry: {metrics: {prometheus: {disable: true}}}", ": not yaml", "[1, 2]"}
	fzNames      = []string{"eg", "a", "web", "merged-eg", "Web", "", "a.b", "x_y", strings.Repeat("a", 254), "eg-system"}
	fzNamespaces = []string{"default", "eg", "team-a", "eg", "default", "Team", "", "a.b", strings.Repeat("n", 64)}
	fzProtocols  = []string{"HTTP", "HTTPS", "TLS", "TCP", "UDP", "HTTP", "HTTPS", "HTTP2", "x y/z", "", "example.com/p"}
	fzHosts      = []string{"", "www.example.com", "*.example.com", "a.example.com", "www.example.com", "*", "A.com", "a..b", strings.Repeat("h.", 127) + "h"}
	fzPorts      = []int64{80, 443, 8080, 80, 443, 0, 1, 65535, 65536, -1, 1 << 40}
	fzModes      = []string{"Terminate", "Passthrough", "", "Reencrypt"}
	fzFrom       = []string{"All", "Same", "Selector", "", "Anywhere"}
	fzOps        = []string{"In", "NotIn", "Exists", "DoesNotExist", "Like", ""}
	fzLabelKeys  = []string{"team", "a.io/b", "bad key", "", "x"}
	fzLabelVals  = []string{"web", "", "not valid", "x"}
	fzControls   = []string{DefaultControllerName("eg"), DefaultControllerName("a"), "a.io/b", "bad", "", DefaultControllerName("web")}
	fzDeploy     = []string{DeployControllerNamespace, DeployGatewayNamespace, "", "Elsewhere"}
	fzValues     = []string{"", "deployment: {replicas: 2}", "config: x", "- a", "{{{", "namespaceOverride: other",
		"config: {envoyGateway: {logging: {level: {default: chatty}}}}",
		"config: {envoyGateway: {gateway: {controllerName: a.io/b}}}",
		"config: {envoyGateway: {provider: {kubernetes: {watch: {type: Namespaces}}}}}",
		"config: {envoyGateway: {loging: 1}}", "config: {envoyGateway: {logging: 3}}", "null", "~"}
)

func (s *byteSource) selector() Value[LabelSelector] {
	switch s.state() {
	case 0:
		return Null[LabelSelector]()
	case 1:
		return Unknown[LabelSelector]()
	}
	var sel LabelSelector
	if n := s.count(2); n > 0 {
		m := map[string]string{}
		for i := 0; i < n; i++ {
			m[s.pick(fzLabelKeys)] = s.pick(fzLabelVals)
		}
		sel.MatchLabels = Known(m)
	}
	if n := s.count(2); n > 0 {
		var exprs []LabelSelectorRequirement
		for i := 0; i < n; i++ {
			e := LabelSelectorRequirement{Key: s.str(fzLabelKeys), Operator: s.str(fzOps)}
			if k := s.count(2); k > 0 {
				vals := make([]string, k)
				for j := range vals {
					vals[j] = s.pick(fzLabelVals)
				}
				e.Values = Known(vals)
			}
			exprs = append(exprs, e)
		}
		sel.MatchExpressions = Known(exprs)
	}
	return Known(sel)
}

func (s *byteSource) boolean() Value[bool] {
	switch s.state() {
	case 0:
		return Null[bool]()
	case 1:
		return Unknown[bool]()
	}
	return Known(s.next()%3 != 0)
}

func (s *byteSource) origin(kind string, i int) (Origin, string) {
	switch s.next() % 10 {
	case 0, 1:
		return Live, "live-" + kind + strconv.Itoa(i)
	case 2:
		return Refreshed, "refreshed-" + kind + strconv.Itoa(i)
	}
	return Planned, kind + strconv.Itoa(i)
}

func (s *byteSource) listener() Listener {
	l := Listener{Name: s.str([]string{"http", "https", "a", "b", "HTTP_1", ""}), Protocol: s.str(fzProtocols), Hostname: s.str(fzHosts)}
	switch c := s.next(); c % 8 {
	case 0:
	case 1:
		l.Port = Unknown[int64]()
	default:
		l.Port = Known(fzPorts[int(c/8)%len(fzPorts)])
	}
	switch s.state() {
	case 0:
	case 1:
		l.TLS = Unknown[ListenerTLS]()
	default:
		tls := ListenerTLS{Mode: s.str(fzModes)}
		switch n := s.count(3); n {
		case 3:
			tls.CertificateRefs = Unknown[[]CertificateRef]()
		default:
			var refs []CertificateRef
			for i := 0; i < n; i++ {
				refs = append(refs, CertificateRef{Name: s.str([]string{"cert", "", "c2"}), Namespace: s.str(fzNamespaces)})
			}
			if n > 0 || s.next()%2 == 0 {
				tls.CertificateRefs = Known(refs)
			}
		}
		l.TLS = Known(tls)
	}
	if s.next()%3 == 0 {
		l.AllowedRoutes = Known(AllowedRoutes{Namespaces: Known(RouteNamespaces{From: s.str(fzFrom), Selector: s.selector()})})
	}
	return l
}

func (s *byteSource) tenant(i int) Tenant {
	o, key := s.origin("tenant", i)
	t := Tenant{Key: key, Origin: o, Name: s.str(fzNames), Namespace: s.str(fzNamespaces),
		DeployType: s.str(fzDeploy), Values: s.str(fzValues)}
	if s.next()%2 == 0 {
		t.CreateNamespace = Known(s.next()%2 == 0)
	}
	if s.next()%2 == 0 {
		t.ControllerName = s.str(fzControls)
	}
	switch s.state() {
	case 0:
	case 1:
		t.Watch = Unknown[Watch]()
	default:
		var w Watch
		switch s.next() % 4 {
		case 0:
			w.Namespaces = Known([]string{s.pick(fzNamespaces), s.pick(fzNamespaces)})
		case 1:
			w.NamespaceSelector = s.selector()
		case 2:
			w.Namespaces = Known([]string{})
			w.NamespaceSelector = s.selector()
		case 3:
			w.Namespaces = Unknown[[]string]()
		}
		t.Watch = Known(w)
	}
	return t
}

func (s *byteSource) class(i int) GatewayClass {
	o, key := s.origin("class", i)
	c := GatewayClass{Key: key, Origin: o, Name: s.str([]string{"eg", "merged-eg", "other", ""}),
		ControllerName: s.str(fzControls), Description: s.str([]string{"", "d", strings.Repeat("d", 65)})}
	switch s.state() {
	case 0:
	case 1:
		c.ParametersRef = Unknown[ParametersRef]()
	default:
		c.ParametersRef = Known(ParametersRef{
			Group: s.str([]string{"gateway.envoyproxy.io", "", "Bad Group"}), Kind: s.str([]string{"EnvoyProxy", "ConfigMap", "1x"}),
			Name: s.str(fzNames), Namespace: s.str(fzNamespaces),
		})
	}
	return c
}

func (s *byteSource) gateway(i int) Gateway {
	o, key := s.origin("gateway", i)
	g := Gateway{Key: key, Origin: o, Name: s.str(fzNames), Namespace: s.str(fzNamespaces),
		GatewayClassName: s.str([]string{"eg", "merged-eg", "other", "", "missing"})}
	switch s.next() % 8 {
	case 0:
	case 1:
		g.Listeners = Unknown[[]Listener]()
	default:
		ls := make([]Listener, s.count(8))
		for j := range ls {
			ls[j] = s.listener()
		}
		g.Listeners = Known(ls)
	}
	return g
}

// buildSet turns fuzz bytes into a Set of up to 3 tenants, 3 classes, 2
// proxies, 6 Gateways of up to 8 listeners and 3 routes, with namespace
// and backend facts.
func buildSet(data []byte) Set {
	s := &byteSource{b: data}
	var set Set
	set.ClusterUnknown = s.next()%4 == 0
	for i, n := 0, s.count(3); i < n; i++ {
		set.Tenants = append(set.Tenants, s.tenant(i))
	}
	for i, n := 0, s.count(2); i < n; i++ {
		o, key := s.origin("proxy", i)
		set.EnvoyProxies = append(set.EnvoyProxies, EnvoyProxy{Key: key, Origin: o, Name: s.str(fzNames), Namespace: s.str(fzNamespaces),
			MergeGateways: s.boolean(), Spec: s.str(fzProxySpecs)})
	}
	for i, n := 0, s.count(3); i < n; i++ {
		set.GatewayClasses = append(set.GatewayClasses, s.class(i))
	}
	for i, n := 0, s.count(6); i < n; i++ {
		set.Gateways = append(set.Gateways, s.gateway(i))
	}
	for i, n := 0, s.count(3); i < n; i++ {
		ns := Namespace{Name: s.pick(fzNamespaces)}
		if s.next()%2 == 0 {
			ns.Labels = Known(map[string]string{s.pick(fzLabelKeys): s.pick(fzLabelVals)})
		}
		set.Namespaces = append(set.Namespaces, ns)
	}
	for i, n := 0, s.count(3); i < n; i++ {
		set.HTTPRoutes = append(set.HTTPRoutes, s.route(i))
	}
	set.Backends = s.backends()
	return set
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goyaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out.yaml from the translator's output")

// goldenOut is what a scenario's .out.yaml holds: the rendered planned
// objects and every problem Validate reports.
type goldenOut struct {
	Tenants        []goldenTenant  `yaml:"tenants,omitempty"`
	GatewayClasses []any           `yaml:"gateway_classes,omitempty"`
	EnvoyProxies   []any           `yaml:"envoy_proxies,omitempty"`
	Gateways       []any           `yaml:"gateways,omitempty"`
	HTTPRoutes     []any           `yaml:"http_routes,omitempty"`
	RenderErrors   []string        `yaml:"render_errors,omitempty"`
	Problems       []goldenProblem `yaml:"problems"`
}

type goldenTenant struct {
	Release   string         `yaml:"release"`
	Namespace string         `yaml:"namespace"`
	Values    map[string]any `yaml:"values"`
	Config    any            `yaml:"config"`
}

type goldenProblem struct {
	Severity string `yaml:"severity"`
	Rule     Rule   `yaml:"rule"`
	Phase    Phase  `yaml:"phase"`
	Resource string `yaml:"resource"`
	Path     string `yaml:"path"`
	Summary  string `yaml:"summary"`
	Detail   string `yaml:"detail"`
}

func readSet(t testing.TB, path string) Set {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var set Set
	if err := yaml.UnmarshalStrict(data, &set); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return set
}

// scenarios lists the golden scenarios by name.
func scenarios(t testing.TB) []string {
	t.Helper()
	ins, err := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range ins {
		names = append(names, strings.TrimSuffix(filepath.Base(in), ".in.yaml"))
	}
	return names
}

func TestGolden(t *testing.T) {
	names := scenarios(t)
	if len(names) < 60 {
		t.Errorf("%d golden scenarios; the issue asks for at least 60", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			set := readSet(t, filepath.Join("testdata", name+".in.yaml"))
			got := goldenYAML(t, set)
			outPath := filepath.Join("testdata", name+".out.yaml")
			if *update {
				if err := os.WriteFile(outPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(outPath)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from the translator's output (rerun with -update after checking):\n%s", outPath, lineDiff(string(want), string(got)))
			}
		})
	}
}

// goldenYAML renders a scenario's output.
func goldenYAML(t testing.TB, set Set) []byte {
	t.Helper()
	out := goldenOut{Problems: []goldenProblem{}}
	for _, tn := range set.Tenants {
		if tn.Origin == Live {
			continue
		}
		rel, err := RenderTenant(tn)
		if err != nil {
			out.RenderErrors = append(out.RenderErrors, "eg_tenant "+tn.Name.String()+": "+err.Error())
			continue
		}
		out.Tenants = append(out.Tenants, goldenTenant{rel.Name, rel.Namespace, rel.Values, plain(t, rel.Config)})
	}
	goldenObjects(t, set, &out)
	for _, p := range Validate(set) {
		out.Problems = append(out.Problems, goldenProblem{
			Severity: p.Severity.String(), Rule: p.Rule, Phase: p.Phase, Resource: p.Resource.String(),
			Path: p.Path.String(), Summary: p.Summary, Detail: p.Detail,
		})
	}
	// yaml.v3 keeps the struct field order (summary before detail), which
	// reads better than the sorted keys of sigs.k8s.io/yaml.
	var buf strings.Builder
	enc := goyaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return []byte(buf.String())
}

// goldenObjects renders the planned classes, proxies, Gateways and routes
// of a scenario into out.
func goldenObjects(t testing.TB, set Set, out *goldenOut) {
	t.Helper()
	for _, c := range set.GatewayClasses {
		if c.Origin != Live {
			obj, err := RenderGatewayClass(c)
			goldenObject(t, out, &out.GatewayClasses, "eg_gatewayclass "+c.Name.String(), obj, err)
		}
	}
	for _, p := range set.EnvoyProxies {
		if p.Origin != Live {
			obj, err := RenderEnvoyProxy(p)
			goldenObject(t, out, &out.EnvoyProxies, string(proxyKind(p))+" "+p.Name.String(), obj, err)
		}
	}
	for _, g := range set.Gateways {
		if g.Origin != Live {
			obj, err := RenderGateway(g)
			goldenObject(t, out, &out.Gateways, "eg_gateway "+g.Name.String(), obj, err)
		}
	}
	for _, r := range set.HTTPRoutes {
		if r.Origin != Live {
			obj, err := RenderHTTPRoute(r)
			goldenObject(t, out, &out.HTTPRoutes, "eg_http_route "+r.Name.String(), obj, err)
		}
	}
}

// goldenObject adds one rendered object to objs, or its render error,
// after label, to out.
func goldenObject[O any](t testing.TB, out *goldenOut, objs *[]any, label string, obj O, err error) {
	t.Helper()
	if err != nil {
		out.RenderErrors = append(out.RenderErrors, label+": "+err.Error())
		return
	}
	*objs = append(*objs, plain(t, obj))
}

// plain turns an API object into a map without the fields every object
// has and no scenario is about (status, creationTimestamp).
func plain(t testing.TB, obj any) any {
	t.Helper()
	b, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "status")
	if md, ok := m["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	return m
}

// lineDiff shows the lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

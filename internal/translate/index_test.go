// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// Every golden scenario, with a key given to each object: the rules over
// one object's Subset find what the whole Set finds about it.
func TestIndexSubsetsAgreeOnGolden(t *testing.T) {
	checked := map[Kind]int{}
	for _, name := range scenarios(t) {
		set := keyed(readSet(t, filepath.Join("testdata", name+".in.yaml")))
		for _, r := range plannedRefs(set) {
			checked[r.Kind]++
		}
		t.Run(name, func(t *testing.T) { checkSubsets(t, set, Validate(set)) })
	}
	for _, k := range []Kind{KindTenant, KindGatewayClass, KindMergedProxy, KindGateway} {
		if checked[k] < 20 {
			t.Errorf("only %d planned %s objects in the golden scenarios", checked[k], k)
		}
	}
}

// keyed gives every object without a key one of its own.
func keyed(set Set) Set {
	for i := range set.Tenants {
		set.Tenants[i].Key = cmpOr(set.Tenants[i].Key, fmt.Sprintf("tenant-%d", i))
	}
	for i := range set.GatewayClasses {
		set.GatewayClasses[i].Key = cmpOr(set.GatewayClasses[i].Key, fmt.Sprintf("class-%d", i))
	}
	for i := range set.EnvoyProxies {
		set.EnvoyProxies[i].Key = cmpOr(set.EnvoyProxies[i].Key, fmt.Sprintf("proxy-%d", i))
	}
	for i := range set.Gateways {
		set.Gateways[i].Key = cmpOr(set.Gateways[i].Key, fmt.Sprintf("gateway-%d", i))
	}
	for i := range set.HTTPRoutes {
		set.HTTPRoutes[i].Key = cmpOr(set.HTTPRoutes[i].Key, fmt.Sprintf("route-%d", i))
	}
	return set
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func indexOf(set Set) *Index {
	var x Index
	x.SetNamespaces(set.Namespaces)
	x.SetBackends(set.Backends)
	for _, o := range objectsOf(set) {
		x.Put(o)
	}
	return &x
}

func objectsOf(set Set) []Object {
	var out []Object
	for _, o := range set.Tenants {
		out = append(out, o)
	}
	for _, o := range set.GatewayClasses {
		out = append(out, o)
	}
	for _, o := range set.EnvoyProxies {
		out = append(out, o)
	}
	for _, o := range set.Gateways {
		out = append(out, o)
	}
	for _, o := range set.HTTPRoutes {
		out = append(out, o)
	}
	return out
}

// keysUnique reports whether no two objects share a key ("" included).
func keysUnique(set Set) bool {
	seen := map[string]bool{}
	for _, o := range objectsOf(set) {
		if seen[o.ObjectKey()] {
			return false
		}
		seen[o.ObjectKey()] = true
	}
	return true
}

// uniqueKeys gives every object a key of its own, keeping its old key as
// a prefix.
func uniqueKeys(set Set) Set {
	n := 0
	next := func(k string) string { n++; return fmt.Sprintf("%s#%d", k, n) }
	set.Tenants = slices.Clone(set.Tenants)
	for i := range set.Tenants {
		set.Tenants[i].Key = next(set.Tenants[i].Key)
	}
	set.GatewayClasses = slices.Clone(set.GatewayClasses)
	for i := range set.GatewayClasses {
		set.GatewayClasses[i].Key = next(set.GatewayClasses[i].Key)
	}
	set.EnvoyProxies = slices.Clone(set.EnvoyProxies)
	for i := range set.EnvoyProxies {
		set.EnvoyProxies[i].Key = next(set.EnvoyProxies[i].Key)
	}
	set.Gateways = slices.Clone(set.Gateways)
	for i := range set.Gateways {
		set.Gateways[i].Key = next(set.Gateways[i].Key)
	}
	set.HTTPRoutes = slices.Clone(set.HTTPRoutes)
	for i := range set.HTTPRoutes {
		set.HTTPRoutes[i].Key = next(set.HTTPRoutes[i].Key)
	}
	return set
}

// plannedRefs lists the planned objects whose key no other object shares.
func plannedRefs(set Set) []Ref {
	objs := objectsOf(set)
	keys := map[string]int{}
	for _, o := range objs {
		keys[o.ObjectKey()]++
	}
	var out []Ref
	for _, o := range objs {
		if r := o.ObjectRef(); keys[r.Key] == 1 && r.Key != "" && originOf(o) == Planned {
			out = append(out, r)
		}
	}
	return out
}

func originOf(o Object) Origin {
	switch o := o.(type) {
	case Tenant:
		return o.Origin
	case GatewayClass:
		return o.Origin
	case EnvoyProxy:
		return o.Origin
	case Gateway:
		return o.Origin
	case HTTPRoute:
		return o.Origin
	}
	panic(fmt.Sprintf("unknown object %T", o))
}

// checkSubsets checks, for every planned object with a key of its own, that
// the rules over its Index.Subset find what Validate finds about it in the
// whole Set.
func checkSubsets(t *testing.T, set Set, ps []Problem) {
	t.Helper()
	if !keysUnique(set) {
		// An Index holds one object per key: give each its own, which
		// changes no rule's outcome.
		set = uniqueKeys(set)
		ps = Validate(set)
	}
	x := indexOf(set)
	about := func(ps []Problem, r Ref) []Problem {
		var out []Problem
		for _, p := range ps {
			if p.Resource.Kind == r.Kind && p.Resource.Key == r.Key {
				out = append(out, p)
			}
		}
		return out
	}
	for _, r := range plannedRefs(set) {
		sub := x.Subset(r.Key)
		sub.ClusterUnknown = set.ClusterUnknown
		want, got := about(ps, r), about(Validate(sub), r)
		if !sameProblemsIgnoringText(want, got) {
			t.Errorf("%s: its Subset finds\n%v\nthe whole Set\n%v", r, got, want)
		}
	}
}

// The index finds the clashing Gateways from either side, leaves out an
// invalid listener, and forgets a Gateway that is replaced or deleted.
func TestIndexPutReplaceDelete(t *testing.T) {
	set := conflictSet() // a and b share a tuple; c is HTTPS on b's HTTP port; d's port is 0
	for i := range set.Gateways {
		set.Gateways[i].Key = set.Gateways[i].Name.Or("")
	}
	x := indexOf(keyed(set))
	neighbours := func(key string) []string {
		var out []string
		for _, g := range x.Subset(key).Gateways[1:] {
			out = append(out, g.Key)
		}
		slices.Sort(out)
		return out
	}
	if got := neighbours("a"); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("neighbours of a: %v, want b (same tuple) and c (another family on port 80)", got)
	}
	if got := neighbours("c"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("neighbours of c: %v, want a, the first by name of a and b", got)
	}
	if got := neighbours("d"); len(got) != 0 {
		t.Errorf("neighbours of d, whose only listener is invalid: %v", got)
	}
	moved := set.Gateways[0]
	moved.Listeners = Known([]Listener{listener("l", 9999, ProtocolHTTP, "moved.example.com")})
	x.Put(moved)
	if got := neighbours("b"); !slices.Equal(got, []string{"c"}) {
		t.Errorf("neighbours of b after a moved to port 9999: %v, want c", got)
	}
	before := x.Len()
	x.Delete("a")
	if _, ok := x.Get("a"); ok || x.Len() != before-1 {
		t.Fatalf("after Delete: a still there, or %d objects", x.Len())
	}
	for _, k := range []string{"b", "c", "d"} {
		x.Delete(k)
	}
	if len(x.gateways.groups) != 0 || len(x.gateways.byName) != 0 {
		t.Fatalf("an index without Gateways holds %d groups and %d names", len(x.gateways.groups), len(x.gateways.byName))
	}
}

// A refreshed Gateway is kept for what it names, never as the other side
// of a merged conflict.
func TestIndexRefreshedGatewayHasNoGroups(t *testing.T) {
	set := keyed(conflictSet())
	set.Gateways[1].Origin = Refreshed // b, which shares a's tuple
	x := indexOf(set)
	for _, g := range x.Subset(set.Gateways[0].Key).Gateways[1:] {
		if g.Key == set.Gateways[1].Key {
			t.Errorf("the refreshed Gateway b is a merged neighbour of a")
		}
	}
	if _, ok := x.Get(set.Gateways[1].Key); !ok {
		t.Error("the refreshed Gateway is not held")
	}
}

// A Subset lists the other objects in the same order whatever their keys.
func TestIndexSubsetOrderIgnoresKeys(t *testing.T) {
	set := conflictSet()
	set.Tenants = append(set.Tenants, Tenant{Name: Known("a"), Namespace: Known("zz")}, Tenant{Name: Known("b"), Namespace: Known("aa")})
	names := func(keys ...string) []string {
		s := set
		s.Tenants = slices.Clone(set.Tenants)
		for i := range s.Tenants {
			s.Tenants[i].Key = keys[i]
		}
		var out []string
		for _, tn := range indexOf(s).Subset("none").Tenants {
			out = append(out, tn.Namespace.Or(""))
		}
		return out
	}
	if a, b := names("k1", "k2", "k3"), names("k3", "k1", "k2"); !slices.Equal(a, b) || !slices.IsSorted(a) {
		t.Errorf("tenant order follows keys: %v vs %v", a, b)
	}
}

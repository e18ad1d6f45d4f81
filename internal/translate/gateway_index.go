// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"maps"
	"slices"
)

// gatewayIndex holds Gateways by key with the groups of their listeners
// that take part in the merged rules, so that the few Gateways one Gateway
// can clash with are found without looking at the others. Listeners that
// fail their own rules take part in no merged rule, so they are left out of
// the groups, as mergedEligible leaves them out; so are refreshed Gateways,
// which the merged rules never read.
type gatewayIndex struct {
	byKey  map[string]indexedGateway
	byName map[objectKey]map[string]bool
	groups map[listenerGroup]map[string]int // key → listeners of that Gateway in the group
	// unnamed holds the keys of Gateways whose name or namespace is
	// unknown: any parent ref could name one of them.
	unnamed map[string]bool
}

type indexedGateway struct {
	gw     Gateway
	name   objectKey
	named  bool
	groups []listenerGroup
	// probes are the groups where another Gateway's listener clashes with
	// one of this Gateway's.
	probes []listenerGroup
}

// listenerGroup is a class's (port, hostname, protocol slot) for the tuple
// and TLS hostname rules, or its (port, family slot) when family is set.
type listenerGroup struct {
	class  string
	port   int64
	host   string
	slot   int8
	family bool
}

func (x *gatewayIndex) put(g Gateway) {
	if x.byKey == nil {
		x.byKey = map[string]indexedGateway{}
		x.byName = map[objectKey]map[string]bool{}
		x.groups = map[listenerGroup]map[string]int{}
		x.unnamed = map[string]bool{}
	}
	if g.Name.IsUnknown() || g.Namespace.IsUnknown() {
		x.unnamed[g.Key] = true
	}
	ig := indexedGateway{gw: g}
	if name, ok := g.Name.Get(); ok && name != "" {
		if ns, ok := g.Namespace.Get(); ok {
			ig.name, ig.named = objectKey{KindGateway, ns, name}, true
			addMember(x.byName, ig.name, g.Key)
		}
	}
	if g.Origin != Refreshed {
		ig.groups, ig.probes = listenerGroups(g)
	}
	for _, grp := range ig.groups {
		m := x.groups[grp]
		if m == nil {
			m = map[string]int{}
			x.groups[grp] = m
		}
		m[g.Key]++
	}
	x.byKey[g.Key] = ig
}

func (x *gatewayIndex) delete(key string) {
	ig, ok := x.byKey[key]
	if !ok {
		return
	}
	if ig.named {
		removeMember(x.byName, ig.name, key)
	}
	for _, grp := range ig.groups {
		if m := x.groups[grp]; m != nil {
			if m[key]--; m[key] <= 0 {
				delete(m, key)
			}
			if len(m) == 0 {
				delete(x.groups, grp)
			}
		}
	}
	delete(x.unnamed, key)
	delete(x.byKey, key)
}

func (x *gatewayIndex) get(key string) (Gateway, bool) {
	ig, ok := x.byKey[key]
	return ig.gw, ok
}

// named returns the Gateways of these names, in the order given.
func (x *gatewayIndex) named(names []objectKey) []Gateway {
	var out []Gateway
	seen := map[string]bool{}
	for _, n := range names {
		for _, k := range slices.Sorted(maps.Keys(x.byName[n])) {
			if !seen[k] {
				seen[k] = true
				out = append(out, x.byKey[k].gw)
			}
		}
	}
	return out
}

// unknownNames returns the Gateways whose name or namespace is unknown.
func (x *gatewayIndex) unknownNames() []Gateway {
	var out []Gateway
	for _, k := range slices.Sorted(maps.Keys(x.unnamed)) {
		out = append(out, x.byKey[k].gw)
	}
	return out
}

func (x *gatewayIndex) all() []Gateway {
	out := make([]Gateway, 0, len(x.byKey))
	for _, ig := range x.byKey {
		out = append(out, ig.gw)
	}
	return out
}

// neighbours returns the other Gateways the rules about the Gateway under
// key read (see index.go): every one of the same name, and per probe the
// first other Gateway in it by namespace/name, so that a problem names the
// same other listener on every run.
func (x *gatewayIndex) neighbours(key string) []Gateway {
	ig, ok := x.byKey[key]
	if !ok {
		return nil
	}
	picked := map[string]bool{key: true}
	var out []Gateway
	take := func(k string) {
		if !picked[k] {
			picked[k] = true
			out = append(out, x.byKey[k].gw)
		}
	}
	if ig.named {
		for k := range x.byName[ig.name] {
			take(k)
		}
	}
	for _, grp := range ig.probes {
		if k, ok := x.firstOther(grp, key); ok {
			take(k)
		}
	}
	return out
}

// firstOther returns the key of the Gateway of a group, other than key,
// that comes first by namespace/name and key.
func (x *gatewayIndex) firstOther(grp listenerGroup, key string) (string, bool) {
	var best string
	var bestRef Ref
	for k := range x.groups[grp] {
		if k == key {
			continue
		}
		if r := x.byKey[k].gw.ObjectRef(); best == "" || compareRefs(r, bestRef) < 0 {
			best, bestRef = k, r
		}
	}
	return best, best != ""
}

// listenerGroups returns the groups of g's listeners that take part in the
// merged rules, and the groups where another Gateway's listener would clash
// with one of them.
func listenerGroups(g Gateway) (groups, probes []listenerGroup) {
	class, ok := g.GatewayClassName.Get()
	if !ok {
		return nil, nil
	}
	for _, lc := range eligibleListeners(g) {
		tuple := listenerGroup{class: class, port: lc.port, host: lc.host, slot: int8(protoSlot(lc.proto))}
		groups = append(groups, tuple)
		probes = append(probes, tuple)
		switch lc.proto {
		case ProtocolHTTPS:
			probes = append(probes, listenerGroup{class: class, port: lc.port, host: lc.host, slot: int8(protoSlot(ProtocolTLS))})
		case ProtocolTLS:
			probes = append(probes, listenerGroup{class: class, port: lc.port, host: lc.host, slot: int8(protoSlot(ProtocolHTTPS))})
		}
		f := familyOf(lc.proto)
		if f == 0 {
			continue
		}
		mine := familySlot(f)
		groups = append(groups, listenerGroup{class: class, port: lc.port, slot: int8(mine), family: true})
		for slot := range len(familyIndex{}) {
			if slot != mine {
				probes = append(probes, listenerGroup{class: class, port: lc.port, slot: int8(slot), family: true})
			}
		}
	}
	return groups, probes
}

// eligibleListeners runs g's own rules, as Validate would, and returns the
// listeners that pass them (see mergedEligible).
func eligibleListeners(g Gateway) []*listenerCtx {
	g.Origin = Live // context only: no problem is kept
	t := newTranslator(Set{Gateways: []Gateway{g}}, []Phase{PhaseController})
	t.schemaPhase()
	t.controllerPhase()
	var out []*listenerCtx
	for i := range t.gateways[0].listeners {
		if lc := &t.gateways[0].listeners[i]; mergedEligible(lc) {
			out = append(out, lc)
		}
	}
	return out
}

func addMember(m map[objectKey]map[string]bool, k objectKey, key string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][key] = true
}

func removeMember(m map[objectKey]map[string]bool, k objectKey, key string) {
	delete(m[k], key)
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

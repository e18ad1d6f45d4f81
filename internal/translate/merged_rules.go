// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "fmt"

// The merged phase: all Gateways of a merged class run on one Envoy fleet,
// so their listeners must fit together as if they were one Gateway.
//
//   - The tuple (protocol, hostname or "", port) is unique across the
//     class. Envoy Gateway lets the first listener win and marks the rest
//     conflicted, which depends on ordering the user does not see; we
//     refuse every side before apply and name the other.
//   - A port carries one protocol family (HTTP | HTTPS/TLS | TCP; UDP
//     shares any port), as Envoy Gateway also requires across merged
//     Gateways.
//   - Stricter than Envoy Gateway on purpose: an HTTPS and a TLS listener of
//     different Gateways may not share a hostname on one port. Both would
//     claim the same TLS server name on one Envoy listener, and Envoy
//     Gateway does not check this across merged Gateways.
//
// The phase groups the listeners of the class by (port, hostname) and by
// port with one map operation each (see grouper), keeps per group and
// protocol the first listener and the first one from another Gateway, and
// then reads each listener's groups by index. That is enough to name "another Gateway's listener" for
// every member of a group, so the phase is linear in the number of
// listeners, conflicts included.

// pair holds the first listener of a group and the first listener of the
// group that belongs to a different Gateway than the first, as 1-based
// indexes into the class's listener list (0: none). Indexes rather than
// pointers keep the per-group summaries small and free of GC work.
type pair struct {
	a, b int32
}

func (p pair) add(ls []*listenerCtx, i int) pair {
	switch {
	case p.a == 0:
		p.a = int32(i + 1)
	case p.b == 0 && ls[i].gw != ls[p.a-1].gw:
		p.b = int32(i + 1)
	}
	return p
}

// other returns a listener of the group from another Gateway than ls[i]'s.
func (p pair) other(ls []*listenerCtx, i int) *listenerCtx {
	switch {
	case p.a == 0:
		return nil
	case ls[p.a-1].gw != ls[i].gw:
		return ls[p.a-1]
	case p.b == 0:
		return nil
	}
	return ls[p.b-1]
}

// familyIndex is one pair per protocol family (see familyOf).
type familyIndex [3]pair

func familySlot(f uint8) int {
	switch f {
	case famHTTP:
		return 0
	case famHTTPSTLS:
		return 1
	}
	return 2
}

// hostIndex is one pair per protocol (see protoSlot) for one port and
// hostname: the tuple groups, and the HTTPS and TLS listeners that must not
// share the hostname.
type hostIndex [5]pair

func protoSlot(proto string) int {
	switch proto {
	case ProtocolHTTP:
		return 0
	case ProtocolHTTPS:
		return 1
	case ProtocolTLS:
		return 2
	case ProtocolTCP:
		return 3
	}
	return 4 // UDP; mergedEligible admits supported protocols only
}

func (t *translator) mergedPhase() {
	byClass := map[*classCtx][]*gatewayCtx{}
	for _, gc := range t.gateways {
		// A refreshed Gateway's listeners may be about to move: only its
		// plan takes part.
		if gc.class != nil && gc.class.mergedKnown && gc.class.merged && gc.in.Origin != Refreshed {
			byClass[gc.class] = append(byClass[gc.class], gc)
		}
	}
	for _, cc := range t.classes { // class order keeps the output stable
		if gws := byClass[cc]; len(gws) > 1 {
			t.mergedClass(cc, gws)
		}
	}
}

// mergedEligible says whether a listener takes part in the merged checks:
// it is fully known and passed its own rules.
func mergedEligible(lc *listenerCtx) bool {
	return !lc.invalid && lc.portKnown && lc.protoKnown && lc.hostKnown && isSupportedProtocol(lc.proto)
}

// mergedGroups are the eligible listeners of a merged class, numbered into
// their (port, hostname) and port groups, with a summary per group.
type mergedGroups struct {
	ls      []*listenerCtx
	ports   *grouper[int64]
	hostOf  []int32
	hostIdx []hostIndex
	famIdx  []familyIndex
}

func (t *translator) mergedClass(cc *classCtx, gws []*gatewayCtx) {
	g := groupMerged(gws)
	class := shown(cc.in.Name)
	for i, lc := range g.ls {
		if lc.gw.in.Origin != Planned {
			continue // live Gateways are only context
		}
		t.mergedTuple(class, g, i)
		t.mergedFamily(class, g, i)
		t.mergedTLSHostname(g, i)
	}
}

// groupMerged numbers the (port, hostname) and port groups (pass 1, one
// map operation each per listener), then summarises each group (pass 2),
// so that pass 3 reads a listener's groups by index.
func groupMerged(gws []*gatewayCtx) *mergedGroups {
	n := 0
	for _, gc := range gws {
		n += len(gc.listeners)
	}
	g := &mergedGroups{ls: make([]*listenerCtx, 0, n)}
	for _, gc := range gws {
		for i := range gc.listeners {
			if lc := &gc.listeners[i]; mergedEligible(lc) {
				g.ls = append(g.ls, lc)
			}
		}
	}
	hosts := newGrouper[hostKey](len(g.ls))
	hosts.reset(len(g.ls))
	g.ports = newGrouper[int64](16)
	g.ports.reset(len(g.ls))
	for i, lc := range g.ls {
		hosts.add(i, hostKey{lc.port, lc.host})
		if familyOf(lc.proto) != 0 {
			g.ports.add(i, lc.port)
		}
	}
	g.hostOf = hosts.of
	g.hostIdx = make([]hostIndex, hosts.n)
	g.famIdx = make([]familyIndex, g.ports.n)
	for i, lc := range g.ls {
		h, slot := hosts.of[i], protoSlot(lc.proto)
		g.hostIdx[h][slot] = g.hostIdx[h][slot].add(g.ls, i)
		if p := g.ports.of[i]; p >= 0 {
			f := familySlot(familyOf(lc.proto))
			g.famIdx[p][f] = g.famIdx[p][f].add(g.ls, i)
		}
	}
	return g
}

// mergedTuple refuses a (protocol, hostname, port) another Gateway of the
// class repeats.
func (t *translator) mergedTuple(class string, g *mergedGroups, i int) {
	lc := g.ls[i]
	o := g.hostIdx[g.hostOf[i]][protoSlot(lc.proto)].other(g.ls, i)
	if o == nil {
		return
	}
	t.errorf(lc.gw.in.Origin, lc.gw.ref, RuleMergedTupleUnique, lc.path(),
		fmt.Sprintf("%s on port %d for %s is also served by %s in merged class %s", lc.proto, lc.port, hostPhrase(lc.host), describeListener(o), class),
		fmt.Sprintf("All Gateways of merged class %s share one Envoy fleet, so each (protocol, hostname, port) may appear once across them. Listener %s and %s collide; Envoy Gateway would keep one and mark the other conflicted, so both are refused here. Change the port or hostname of one of them.",
			class, lc.display(), describeListener(o)))
}

// mergedFamily refuses a port on which another Gateway of the class runs
// another protocol family.
func (t *translator) mergedFamily(class string, g *mergedGroups, i int) {
	lc := g.ls[i]
	p := g.ports.of[i]
	if p < 0 {
		return
	}
	mine := familySlot(familyOf(lc.proto))
	for slot, pr := range g.famIdx[p] {
		if slot == mine {
			continue
		}
		if o := pr.other(g.ls, i); o != nil {
			t.errorf(lc.gw.in.Origin, lc.gw.ref, RuleMergedProtocolFamily, lc.path().Attr("protocol"),
				fmt.Sprintf("port %d mixes protocol families across merged class %s", lc.port, class),
				fmt.Sprintf("%s listener %s and %s %s share port %d on the one Envoy fleet of merged class %s. A port carries one protocol family (HTTP, HTTPS/TLS or TCP; UDP may share any port), and Envoy Gateway refuses every listener of a mixed port. Move one family to another port.",
					lc.proto, lc.display(), o.proto, describeListener(o), lc.port, class))
			return
		}
	}
}

// mergedTLSHostname refuses an HTTPS and a TLS listener of different
// Gateways on one hostname and port.
func (t *translator) mergedTLSHostname(g *mergedGroups, i int) {
	lc := g.ls[i]
	hi := &g.hostIdx[g.hostOf[i]]
	var o *listenerCtx
	switch lc.proto {
	case ProtocolHTTPS:
		o = hi[protoSlot(ProtocolTLS)].other(g.ls, i)
	case ProtocolTLS:
		o = hi[protoSlot(ProtocolHTTPS)].other(g.ls, i)
	}
	if o == nil {
		return
	}
	t.errorf(lc.gw.in.Origin, lc.gw.ref, RuleMergedTLSHostname, lc.path().Attr("hostname"),
		fmt.Sprintf("HTTPS and TLS share %s on port %d across merged class %s", hostPhrase(lc.host), lc.port, shown(lc.gw.class.in.Name)),
		fmt.Sprintf("%s listener %s and %s %s would claim the same TLS server name on port %d of one Envoy fleet. Envoy Gateway does not check this across merged Gateways; this provider refuses it. Give one of them another hostname or port.",
			lc.proto, lc.display(), o.proto, describeListener(o), lc.port))
}

// describeListener names a listener of another Gateway, saying when that
// Gateway is live in the cluster rather than planned here.
func describeListener(lc *listenerCtx) string {
	s := "listener " + lc.display()
	if lc.gw.in.Origin == Live {
		s = "live " + s
	}
	return s
}

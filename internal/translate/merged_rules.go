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

func (t *translator) mergedClass(cc *classCtx, gws []*gatewayCtx) {
	n := 0
	for _, gc := range gws {
		n += len(gc.listeners)
	}
	ls := make([]*listenerCtx, 0, n)
	for _, gc := range gws {
		for i := range gc.listeners {
			if lc := &gc.listeners[i]; mergedEligible(lc) {
				ls = append(ls, lc)
			}
		}
	}
	// Pass 1: number the (port, hostname) and port groups, one map
	// operation each per listener.
	hosts, ports := newGrouper[hostKey](len(ls)), newGrouper[int64](16)
	hosts.reset(len(ls))
	ports.reset(len(ls))
	for i, lc := range ls {
		hosts.add(i, hostKey{lc.port, lc.host})
		if familyOf(lc.proto) != 0 {
			ports.add(i, lc.port)
		}
	}
	// Pass 2: summarise each group, now that their number is known.
	hostIdx := make([]hostIndex, hosts.n)
	famIdx := make([]familyIndex, ports.n)
	for i, lc := range ls {
		h, slot := hosts.of[i], protoSlot(lc.proto)
		hostIdx[h][slot] = hostIdx[h][slot].add(ls, i)
		if p := ports.of[i]; p >= 0 {
			f := familySlot(familyOf(lc.proto))
			famIdx[p][f] = famIdx[p][f].add(ls, i)
		}
	}

	// Pass 3: report on planned listeners, reading their groups by index.
	class := valueOr(cc.in.Name, "?")
	for i, lc := range ls {
		gc := lc.gw
		if gc.in.Origin != Planned {
			continue // live Gateways are only context
		}
		hi := &hostIdx[hosts.of[i]]
		if o := hi[protoSlot(lc.proto)].other(ls, i); o != nil {
			t.errorf(gc.in.Origin, gc.ref, RuleMergedTupleUnique, lc.path(),
				fmt.Sprintf("%s on port %d for %s is also served by %s in merged class %s", lc.proto, lc.port, hostPhrase(lc.host), describeListener(o), class),
				fmt.Sprintf("All Gateways of merged class %s share one Envoy fleet, so each (protocol, hostname, port) may appear once across them. Listener %s and %s collide; Envoy Gateway would keep one and mark the other conflicted, so both are refused here. Change the port or hostname of one of them.",
					class, lc.display(), describeListener(o)))
		}
		if p := ports.of[i]; p >= 0 {
			mine := familySlot(familyOf(lc.proto))
			for slot, pr := range famIdx[p] {
				if slot == mine {
					continue
				}
				if o := pr.other(ls, i); o != nil {
					t.errorf(gc.in.Origin, gc.ref, RuleMergedProtocolFamily, lc.path().Attr("protocol"),
						fmt.Sprintf("port %d mixes protocol families across merged class %s", lc.port, class),
						fmt.Sprintf("%s listener %s and %s %s share port %d on the one Envoy fleet of merged class %s. A port carries one protocol family (HTTP, HTTPS/TLS or TCP; UDP may share any port), and Envoy Gateway refuses every listener of a mixed port. Move one family to another port.",
							lc.proto, lc.display(), o.proto, describeListener(o), lc.port, class))
					break
				}
			}
		}
		var otherTLS *listenerCtx
		switch lc.proto {
		case ProtocolHTTPS:
			otherTLS = hi[protoSlot(ProtocolTLS)].other(ls, i)
		case ProtocolTLS:
			otherTLS = hi[protoSlot(ProtocolHTTPS)].other(ls, i)
		}
		if o := otherTLS; o != nil {
			t.errorf(gc.in.Origin, gc.ref, RuleMergedTLSHostname, lc.path().Attr("hostname"),
				fmt.Sprintf("HTTPS and TLS share %s on port %d across merged class %s", hostPhrase(lc.host), lc.port, class),
				fmt.Sprintf("%s listener %s and %s %s would claim the same TLS server name on port %d of one Envoy fleet. Envoy Gateway does not check this across merged Gateways; this provider refuses it. Give one of them another hostname or port.",
					lc.proto, lc.display(), o.proto, describeListener(o), lc.port))
		}
	}
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

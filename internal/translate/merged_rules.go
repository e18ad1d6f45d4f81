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
// Each check is one pass over the listeners of the class with a map keyed
// by what must be unique, so the phase is linear in the number of
// listeners. A map entry remembers the first listener and the first one
// from another Gateway, which is enough to name "another Gateway's
// listener" for every member of a group.

// pair holds the first listener of a group and the first listener of the
// group that belongs to a different Gateway than the first.
type pair struct {
	a, b *listenerCtx
}

func (p pair) add(lc *listenerCtx) pair {
	switch {
	case p.a == nil:
		p.a = lc
	case p.b == nil && lc.gw != p.a.gw:
		p.b = lc
	}
	return p
}

// other returns a listener of the group from another Gateway than lc's.
func (p pair) other(lc *listenerCtx) *listenerCtx {
	switch {
	case p.a == nil:
		return nil
	case p.a.gw != lc.gw:
		return p.a
	}
	return p.b
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

// tlsHostIndex holds the HTTPS listeners [0] and TLS listeners [1] of one
// port and hostname.
type tlsHostIndex [2]pair

func (t *translator) mergedPhase() {
	byClass := map[*classCtx][]*gatewayCtx{}
	for _, gc := range t.gateways {
		if gc.class != nil && gc.class.mergedKnown && gc.class.merged {
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
	tuples := make(map[tupleKey]pair, n)
	families := make(map[int64]familyIndex)
	tlsHosts := map[hostKey]tlsHostIndex{}

	for _, gc := range gws {
		for i := range gc.listeners {
			lc := &gc.listeners[i]
			if !mergedEligible(lc) {
				continue
			}
			k := tupleKey{lc.port, lc.proto, lc.host}
			tuples[k] = tuples[k].add(lc)
			if f := familyOf(lc.proto); f != 0 {
				fi := families[lc.port]
				fi[familySlot(f)] = fi[familySlot(f)].add(lc)
				families[lc.port] = fi
			}
			if lc.proto == ProtocolHTTPS || lc.proto == ProtocolTLS {
				hk := hostKey{lc.port, lc.host}
				ti := tlsHosts[hk]
				slot := 0
				if lc.proto == ProtocolTLS {
					slot = 1
				}
				ti[slot] = ti[slot].add(lc)
				tlsHosts[hk] = ti
			}
		}
	}

	class := valueOr(cc.in.Name, "?")
	for _, gc := range gws {
		if gc.in.Origin == Live {
			continue // live Gateways are only context
		}
		for i := range gc.listeners {
			lc := &gc.listeners[i]
			if !mergedEligible(lc) {
				continue
			}
			if o := tuples[tupleKey{lc.port, lc.proto, lc.host}].other(lc); o != nil {
				t.errorf(gc.in.Origin, gc.ref, RuleMergedTupleUnique, lc.path(),
					fmt.Sprintf("%s on port %d for %s is also served by %s in merged class %s", lc.proto, lc.port, hostPhrase(lc.host), describeListener(o), class),
					fmt.Sprintf("All Gateways of merged class %s share one Envoy fleet, so each (protocol, hostname, port) may appear once across them. Listener %s and %s collide; Envoy Gateway would keep one and mark the other conflicted, so both are refused here. Change the port or hostname of one of them.",
						class, lc.display(), describeListener(o)))
			}
			if f := familyOf(lc.proto); f != 0 {
				fi := families[lc.port]
				for slot, p := range fi {
					if slot == familySlot(f) {
						continue
					}
					if o := p.other(lc); o != nil {
						t.errorf(gc.in.Origin, gc.ref, RuleMergedProtocolFamily, lc.path().Attr("protocol"),
							fmt.Sprintf("port %d mixes protocol families across merged class %s", lc.port, class),
							fmt.Sprintf("%s listener %s and %s %s share port %d on the one Envoy fleet of merged class %s. A port carries one protocol family (HTTP, HTTPS/TLS or TCP; UDP may share any port), and Envoy Gateway refuses every listener of a mixed port. Move one family to another port.",
								lc.proto, lc.display(), o.proto, describeListener(o), lc.port, class))
						break
					}
				}
			}
			if lc.proto == ProtocolHTTPS || lc.proto == ProtocolTLS {
				slot := 1 // look for the other protocol
				if lc.proto == ProtocolTLS {
					slot = 0
				}
				if o := tlsHosts[hostKey{lc.port, lc.host}][slot].other(lc); o != nil {
					t.errorf(gc.in.Origin, gc.ref, RuleMergedTLSHostname, lc.path().Attr("hostname"),
						fmt.Sprintf("HTTPS and TLS share %s on port %d across merged class %s", hostPhrase(lc.host), lc.port, class),
						fmt.Sprintf("%s listener %s and %s %s would claim the same TLS server name on port %d of one Envoy fleet. Envoy Gateway does not check this across merged Gateways; this provider refuses it. Give one of them another hostname or port.",
							lc.proto, lc.display(), o.proto, describeListener(o), lc.port))
				}
			}
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

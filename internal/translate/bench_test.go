// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"testing"
)

// The budget: one merged class with 10,000 Gateways of 6 listeners
// validates in under 100 ms, and ten times the listeners costs at most
// twelve times the time. Run with `make bench` (go test -run '^$' -bench .).

const benchNamespaces = 100

// mergedBenchSet is one tenant watching 100 namespaces, one merged class and
// `gateways` Gateways spread over those namespaces, each with `per` valid,
// non-colliding listeners (HTTP on 80, HTTPS and TLS passthrough on 443,
// every hostname distinct). With conflicts, Gateways come in pairs with the
// same listeners, so every listener collides with one of another Gateway.
func mergedBenchSet(gateways, per int, conflicts bool) Set {
	nss := make([]string, 0, benchNamespaces+1) // room for the "eg" the tenant also watches
	facts := make([]Namespace, benchNamespaces+1)
	for i := range benchNamespaces {
		nss = append(nss, fmt.Sprintf("team-%d", i))
		facts[i] = Namespace{Name: nss[i]}
	}
	facts[benchNamespaces] = Namespace{Name: "eg"}
	set := Set{
		Tenants: []Tenant{{Name: Known("eg"), Namespace: Known("eg"), CreateNamespace: Known(true),
			Watch: Known(Watch{Namespaces: Known(append(nss, "eg"))})}},
		EnvoyProxies:   []EnvoyProxy{{Name: Known("merged-eg"), Namespace: Known("eg"), MergeGateways: Known(true)}},
		GatewayClasses: []GatewayClass{{Name: Known("merged-eg"), ControllerName: Known(DefaultControllerName("eg")), ParametersRef: Known(ProxyParametersRef("merged-eg", "eg"))}},
		Namespaces:     facts,
		Gateways:       make([]Gateway, gateways),
	}
	certs := Known([]CertificateRef{{Name: Known("cert")}})
	for i := range set.Gateways {
		owner := i
		if conflicts {
			owner = i - i%2 // Gateways 2k and 2k+1 share every listener
		}
		ls := make([]Listener, per)
		for j := range ls {
			host := fmt.Sprintf("l%d.gw%d.example.com", j, owner)
			l := Listener{Name: Known(fmt.Sprintf("l%d", j)), Hostname: Known(host)}
			switch j % 3 {
			case 0:
				l.Port, l.Protocol = Known(int64(80)), Known(ProtocolHTTP)
			case 1:
				l.Port, l.Protocol = Known(int64(443)), Known(ProtocolHTTPS)
				l.TLS = Known(ListenerTLS{CertificateRefs: certs})
			case 2:
				l.Port, l.Protocol = Known(int64(443)), Known(ProtocolTLS)
				l.TLS = Known(ListenerTLS{Mode: Known(TLSModePassthrough)})
			}
			ls[j] = l
		}
		set.Gateways[i] = Gateway{
			Name:             Known(fmt.Sprintf("gw-%d", i)),
			Namespace:        Known(nss[i%benchNamespaces]),
			GatewayClassName: Known("merged-eg"),
			Listeners:        Known(ls),
		}
	}
	return set
}

func benchmarkValidate(b *testing.B, gateways, per int, conflicts bool, wantProblems func(int) bool) {
	set := mergedBenchSet(gateways, per, conflicts)
	if n := len(Validate(set)); !wantProblems(n) {
		b.Fatalf("fixture produced %d problems", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Validate(set)
	}
	b.ReportMetric(float64(gateways*per), "listeners")
}

func none(n int) bool { return n == 0 }

func BenchmarkValidateMerged10kx6(b *testing.B) {
	benchmarkValidate(b, 10_000, 6, false, none)
}

func BenchmarkValidateMerged10kx60(b *testing.B) {
	benchmarkValidate(b, 10_000, 60, false, none)
}

// Every listener collides with the previous Gateway's: 60,000 problems,
// each naming the other side. Problem building stays linear too.
func BenchmarkValidateMergedConflicts10kx6(b *testing.B) {
	benchmarkValidate(b, 10_000, 6, true, func(n int) bool { return n >= 10_000*6 })
}

// The floor the merged benchmarks are judged against, measured in the same
// run: the walk Envoy Gateway itself does over merged listeners, one
// "protocol:hostname:port" key per listener into a set, over the same
// 10,000 Gateways × 6 listeners. `make bench` prints Validate's time over
// this one (the budget: at most 3×).
func BenchmarkFloorMergedKeyWalk10kx6(b *testing.B) {
	set := mergedBenchSet(10_000, 6, false)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if dups := mergedKeyWalk(set); dups != 0 {
			b.Fatalf("the fixture has %d duplicate keys", dups)
		}
	}
	b.ReportMetric(float64(10_000*6), "listeners")
}

// mergedKeyWalk counts the listeners whose protocol:hostname:port key an
// earlier listener of the set already had.
func mergedKeyWalk(set Set) int {
	seen := make(map[string]struct{})
	dups := 0
	for _, gw := range set.Gateways {
		listeners, _ := gw.Listeners.Get()
		for _, l := range listeners {
			key := fmt.Sprintf("%s:%s:%d", l.Protocol.Or(""), l.Hostname.Or(""), l.Port.Or(0))
			if _, ok := seen[key]; ok {
				dups++
			}
			seen[key] = struct{}{}
		}
	}
	return dups
}

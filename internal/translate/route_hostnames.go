// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strconv"
	"strings"
)

// Hostname intersection between a route and a listener, as Envoy Gateway's
// computeHosts does it (helpers.go): a route without hostnames takes the
// listener's (or every host); a wildcard "*.example.com" matches a name
// with at least one more label in front, and of two wildcards the wider
// one ("*.com") contains the narrower ("*.example.com"). A route hostname
// that another listener of the same Gateway and port names exactly goes
// to that listener, not this one.

// intersectsListener reports whether any of the route's hostnames is
// served by lc.
func intersectsListener(rc *routeCtx, lc *listenerCtx) tri {
	if rc.in.Hostnames.IsUnknown() || !lc.hostKnown {
		return triUnknown
	}
	routeHosts, _ := rc.in.Hostnames.Get()
	hosts := map[string]bool{}
	if len(routeHosts) == 0 {
		hosts[cmpOrString(lc.host, "*")] = true
	}
	for _, h := range routeHosts {
		for _, x := range hostIntersection(lc.host, h) {
			hosts[x] = true
		}
	}
	if len(hosts) == 0 {
		return triNo
	}
	for i := range lc.gw.listeners {
		o := &lc.gw.listeners[i]
		if o == lc {
			continue
		}
		if !o.portKnown || !o.hostKnown || !lc.portKnown {
			return triUnknown
		}
		if o.port == lc.port && o.host != "" {
			delete(hosts, o.host)
		}
	}
	return triOf(len(hosts) > 0, true)
}

func cmpOrString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// hostIntersection is what one route hostname and a listener hostname
// ("" for none) share.
func hostIntersection(listener, route string) []string {
	lw, rw := strings.HasPrefix(listener, "*"), strings.HasPrefix(route, "*")
	switch {
	case listener == "" || listener == route:
		return []string{route}
	case lw && rw:
		var out []string
		if wildcardMatches(route, listener) {
			out = append(out, listener)
		}
		if wildcardMatches(listener, route) {
			out = append(out, route)
		}
		return out
	case lw && wildcardMatches(listener, route):
		return []string{route}
	case rw && wildcardMatches(route, listener):
		return []string{listener}
	}
	return nil
}

// wildcardMatches reports whether wildcard ("*.example.com") matches host,
// itself possibly a narrower wildcard.
func wildcardMatches(wildcard, host string) bool {
	suffix := strings.TrimPrefix(wildcard, "*")
	if !strings.HasPrefix(host, "*") {
		return strings.HasSuffix(host, suffix) && len(host) > len(suffix)
	}
	hostSuffix := strings.TrimPrefix(host, "*")
	if !strings.HasSuffix(hostSuffix, suffix) {
		return false
	}
	rest := strings.TrimSuffix(hostSuffix, suffix)
	return rest != "" && strings.HasPrefix(rest, ".")
}

// listenerList names a Gateway's listeners with their ports.
func listenerList(gc *gatewayCtx) string {
	if len(gc.listeners) == 0 {
		return "no listeners"
	}
	var names []string
	for i := range gc.listeners {
		lc := &gc.listeners[i]
		names = append(names, fmt.Sprintf("%s (port %d)", strconv.Quote(lc.name), lc.port))
	}
	return "listeners " + joinNames(names)
}

func refSelector(pr ParentRef) string {
	var parts []string
	if s, ok := pr.SectionName.Get(); ok {
		parts = append(parts, "section_name "+strconv.Quote(s))
	}
	if p, ok := pr.Port.Get(); ok {
		parts = append(parts, "port "+strconv.FormatInt(p, 10))
	}
	return strings.Join(parts, " with ")
}

func routeHostList(rc *routeCtx) string {
	hosts, _ := rc.in.Hostnames.Get()
	if len(hosts) == 0 {
		return "(none: every host)"
	}
	return strings.Join(hosts, ", ")
}

func listenerHostList(ls []*listenerCtx) string {
	var names []string
	for _, lc := range ls {
		names = append(names, fmt.Sprintf("%s (%s)", lc.display(), cmpOrString(lc.host, "every host")))
	}
	return joinNames(names)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"
	"strings"
)

// The table's cells for routes.

// describeRoutes is one line per route: its namespace, parents (and those
// it moved from), hostnames and backends, unless they are the defaults.
func describeRoutes(s Scenario) []string {
	var lines []string
	for _, r := range s.Routes {
		name := "route " + r.Name
		switch r.NS {
		case RouteNSSecond:
			name += " (2nd namespace, labelled)"
		case RouteNSUnwatched:
			name += " (unwatched namespace)"
		}
		parts := []string{"→ " + describeParents(s, r.Parents)}
		if len(r.MovedFrom) > 0 {
			parts[0] = "→ " + describeParents(s, r.MovedFrom) + ", then moved → " + describeParents(s, r.Parents)
		}
		if len(r.Hostnames) > 0 {
			parts = append(parts, "hostnames "+strings.Join(r.Hostnames, ", "))
		}
		for _, b := range r.Backends {
			where := "its namespace"
			if b.Other {
				where = "2nd namespace"
			}
			parts = append(parts, fmt.Sprintf("backend Service %s (%s)", b.Name, where))
		}
		lines = append(lines, name+": "+strings.Join(parts, ", "))
	}
	return lines
}

func describeParents(s Scenario, ps []Parent) string {
	var out []string
	for _, p := range ps {
		d := strings.TrimPrefix(routeKey(Route{}, p), " → ")
		if _, ok := parentGateway(s, p); !ok {
			d += " (no such Gateway)"
		}
		out = append(out, d)
	}
	return strings.Join(out, " and ")
}

// summary is a refusal's reasons, marked when the plan only warns.
func (v verdict) summary() string {
	s := strings.Join(v.reasons, ", ")
	if v.warned {
		s += " (warning)"
	}
	return s
}

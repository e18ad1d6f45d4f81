// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package xds

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
)

// Row is one route of one virtual host of one listener, with where it
// sends traffic.
type Row struct {
	Listener string
	Port     uint32
	Domains  []string
	// Match is the route's match: path (prefix, exact, regex), headers and
	// query parameters.
	Match string
	// Route is the Gateway API route the controller recorded in the route's
	// metadata ("HTTPRoute namespace/name"), or "".
	Route string
	// Action is where the route sends a request: "cluster NAME", or a
	// direct response or redirect when it sends it nowhere.
	Action string
	// Clusters are the destination clusters (several when weighted).
	Clusters []string
	// Backends are the objects the clusters' endpoints come from, as the
	// controller recorded them ("Service namespace/name:port").
	Backends []string
	// Endpoints are the clusters' endpoint addresses (host:port).
	Endpoints []string
}

// Table turns the served configuration into rows, by listener port, in the
// order Envoy would match virtual hosts and routes.
func Table(s *Served) ([]Row, error) {
	listeners, err := s.Listeners()
	if err != nil {
		return nil, err
	}
	configs, err := s.RouteConfigurations()
	if err != nil {
		return nil, err
	}
	byName := map[string]*routev3.RouteConfiguration{}
	for _, rc := range configs {
		byName[rc.GetName()] = rc
	}
	dest, err := destinations(s)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(listeners, func(i, j int) bool {
		return listeners[i].GetAddress().GetSocketAddress().GetPortValue() < listeners[j].GetAddress().GetSocketAddress().GetPortValue()
	})
	var rows []Row
	for _, l := range listeners {
		port := l.GetAddress().GetSocketAddress().GetPortValue()
		for _, hcm := range httpManagers(l) {
			rc := hcm.GetRouteConfig()
			if name := hcm.GetRds().GetRouteConfigName(); name != "" {
				rc = byName[name]
			}
			rows = append(rows, routeRows(l.GetName(), port, rc, dest)...)
		}
	}
	return rows, nil
}

func routeRows(listener string, port uint32, rc *routev3.RouteConfiguration, dest map[string]destination) []Row {
	var rows []Row
	for _, vh := range rc.GetVirtualHosts() {
		for _, r := range vh.GetRoutes() {
			row := Row{Listener: listener, Port: port, Domains: vh.GetDomains(), Match: matchString(r.GetMatch()), Route: gatewayResource(r.GetMetadata())}
			row.Action, row.Clusters = action(r)
			for _, c := range row.Clusters {
				row.Backends = append(row.Backends, dest[c].backends...)
				row.Endpoints = append(row.Endpoints, dest[c].endpoints...)
			}
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		rows = append(rows, Row{Listener: listener, Port: port, Match: "(no routes)"})
	}
	return rows
}

// action says where a route sends requests, and the clusters it names.
func action(r *routev3.Route) (string, []string) {
	switch {
	case r.GetRoute() != nil:
		ra := r.GetRoute()
		if c := ra.GetCluster(); c != "" {
			return "cluster " + c, []string{c}
		}
		if wc := ra.GetWeightedClusters(); wc != nil {
			var parts, names []string
			for _, c := range wc.GetClusters() {
				parts = append(parts, fmt.Sprintf("%s (weight %d)", c.GetName(), c.GetWeight().GetValue()))
				names = append(names, c.GetName())
			}
			return "clusters " + strings.Join(parts, ", "), names
		}
		if h := ra.GetClusterHeader(); h != "" {
			return "cluster named by header " + h, nil
		}
		return "route action " + ra.String(), nil
	case r.GetDirectResponse() != nil:
		return fmt.Sprintf("direct response %d", r.GetDirectResponse().GetStatus()), nil
	case r.GetRedirect() != nil:
		rd := r.GetRedirect()
		return fmt.Sprintf("redirect %s%s%s (%s)", rd.GetSchemeRedirect(), rd.GetHostRedirect(), rd.GetPathRedirect(), rd.GetResponseCode()), nil
	}
	return "no action", nil
}

// destination is what a cluster's endpoints are: the backend objects and
// addresses.
type destination struct{ backends, endpoints []string }

// destinations maps each cluster to its endpoints: EDS clusters' from the
// served load assignments, others' from the cluster itself.
func destinations(s *Served) (map[string]destination, error) {
	clusters, err := s.Clusters()
	if err != nil {
		return nil, err
	}
	cla, err := s.LoadAssignments()
	if err != nil {
		return nil, err
	}
	byName := map[string]*endpointv3.ClusterLoadAssignment{}
	for _, a := range cla {
		byName[a.GetClusterName()] = a
	}
	out := map[string]destination{}
	for _, c := range clusters {
		a := c.GetLoadAssignment()
		if c.GetType() == clusterv3.Cluster_EDS {
			name := c.GetEdsClusterConfig().GetServiceName()
			if name == "" {
				name = c.GetName()
			}
			a = byName[name]
		}
		var d destination
		for _, loc := range a.GetEndpoints() {
			if b := gatewayResource(loc.GetMetadata()); b != "" {
				d.backends = append(d.backends, b)
			}
			for _, ep := range loc.GetLbEndpoints() {
				d.endpoints = append(d.endpoints, socketAddress(ep.GetEndpoint().GetAddress()))
			}
		}
		out[c.GetName()] = d
	}
	return out, nil
}

// Print writes rows as an aligned table, then what was not served.
func Print(w io.Writer, rows []Row, missing []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PORT\tLISTENER\tDOMAINS\tMATCH\tROUTE\tDESTINATION\tBACKEND\tENDPOINTS")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Port, r.Listener, orDash(strings.Join(r.Domains, ",")), r.Match,
			orDash(r.Route), orDash(r.Action), orDash(strings.Join(r.Backends, ",")), orNone(r.Endpoints, r.Clusters))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, m := range missing {
		if _, err := fmt.Fprintf(w, "not served: %s\n", m); err != nil {
			return err
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// orNone renders endpoints; a route to clusters that have none says so.
func orNone(endpoints, clusters []string) string {
	if len(endpoints) > 0 {
		return strings.Join(endpoints, ",")
	}
	if len(clusters) > 0 {
		return "(none)"
	}
	return "-"
}

// FetchTable fetches what the server serves fleet f and returns its rows
// and what was not served.
func FetchTable(ctx context.Context, dial DialFunc, addr string, f *Fleet) ([]Row, []string, error) {
	served, err := Fetch(ctx, dial, addr, f)
	if err != nil {
		return nil, nil, err
	}
	rows, err := Table(served)
	return rows, served.Missing, err
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package xds

import (
	"fmt"
	"sort"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/proto"
)

// decodeAll unmarshals every resource of a type URL, sorted by name.
func decodeAll[T proto.Message](s *Served, typeURL string, fresh func() T) ([]T, error) {
	byName := s.resources[typeURL]
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]T, 0, len(names))
	for _, n := range names {
		m := fresh()
		if err := byName[n].UnmarshalTo(m); err != nil {
			return nil, fmt.Errorf("decode %s %s: %w", typeURL, n, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// Listeners are the served listeners, by name.
func (s *Served) Listeners() ([]*listenerv3.Listener, error) {
	return decodeAll(s, resourcev3.ListenerType, func() *listenerv3.Listener { return &listenerv3.Listener{} })
}

// Clusters are the served clusters, by name.
func (s *Served) Clusters() ([]*clusterv3.Cluster, error) {
	return decodeAll(s, resourcev3.ClusterType, func() *clusterv3.Cluster { return &clusterv3.Cluster{} })
}

// RouteConfigurations are the served route configurations, by name.
func (s *Served) RouteConfigurations() ([]*routev3.RouteConfiguration, error) {
	return decodeAll(s, resourcev3.RouteType, func() *routev3.RouteConfiguration { return &routev3.RouteConfiguration{} })
}

// LoadAssignments are the served endpoints, by cluster name.
func (s *Served) LoadAssignments() ([]*endpointv3.ClusterLoadAssignment, error) {
	return decodeAll(s, resourcev3.EndpointType, func() *endpointv3.ClusterLoadAssignment { return &endpointv3.ClusterLoadAssignment{} })
}

// httpManagers returns the HTTP connection managers of a listener's filter
// chains, in order.
func httpManagers(l *listenerv3.Listener) []*hcmv3.HttpConnectionManager {
	chains := l.GetFilterChains()
	if d := l.GetDefaultFilterChain(); d != nil {
		chains = append(chains, d)
	}
	var out []*hcmv3.HttpConnectionManager
	for _, fc := range chains {
		for _, f := range fc.GetFilters() {
			tc := f.GetTypedConfig()
			hcm := &hcmv3.HttpConnectionManager{}
			if tc == nil || !tc.MessageIs(hcm) {
				continue
			}
			if err := tc.UnmarshalTo(hcm); err == nil {
				out = append(out, hcm)
			}
		}
	}
	return out
}

// routeConfigNames are the route configurations listeners fetch by RDS.
func routeConfigNames(listeners []*listenerv3.Listener) []string {
	var out []string
	for _, l := range listeners {
		for _, hcm := range httpManagers(l) {
			if n := hcm.GetRds().GetRouteConfigName(); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// edsNames are the load assignments EDS clusters fetch.
func edsNames(clusters []*clusterv3.Cluster) []string {
	var out []string
	for _, c := range clusters {
		if c.GetType() != clusterv3.Cluster_EDS {
			continue
		}
		n := c.GetEdsClusterConfig().GetServiceName()
		if n == "" {
			n = c.GetName()
		}
		out = append(out, n)
	}
	return out
}

// gatewayResource names the Gateway API object Envoy Gateway recorded in
// xDS metadata ("envoy-gateway" filter metadata, first resource), as
// "Kind namespace/name[:section]", or "".
func gatewayResource(md *corev3.Metadata) string {
	list := md.GetFilterMetadata()["envoy-gateway"].GetFields()["resources"].GetListValue().GetValues()
	if len(list) == 0 {
		return ""
	}
	f := list[0].GetStructValue().GetFields()
	s := f["kind"].GetStringValue() + " " + f["namespace"].GetStringValue() + "/" + f["name"].GetStringValue()
	if sec := f["sectionName"].GetStringValue(); sec != "" {
		s += ":" + sec
	}
	return s
}

// socketAddress renders an endpoint's address as host:port.
func socketAddress(a *corev3.Address) string {
	sa := a.GetSocketAddress()
	if sa == nil {
		return a.String()
	}
	return fmt.Sprintf("%s:%d", sa.GetAddress(), sa.GetPortValue())
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package xds

import (
	"testing"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The shapes Envoy Gateway gives Gateway API matches and actions, as the
// table renders them (the acceptance test covers a PathPrefix to a Service
// through the real controller).
func TestMatchString(t *testing.T) {
	exact := func(v string) *matcherv3.StringMatcher {
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: v}}
	}
	regex := func(v string) *matcherv3.StringMatcher {
		return &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: v}}}
	}
	for _, tc := range []struct {
		match *routev3.RouteMatch
		want  string
	}{
		{&routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_PathSeparatedPrefix{PathSeparatedPrefix: "/example"}}, "prefix /example"},
		{&routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}}, "prefix /"},
		{&routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Path{Path: "/exact"}}, "exact /exact"},
		{&routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: "/v[0-9]+"}}}, "regex /v[0-9]+"},
		{&routev3.RouteMatch{
			PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"},
			Headers: []*routev3.HeaderMatcher{
				{Name: ":method", HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: exact("GET")}},
				{Name: "x-env", HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: regex("can.*")}},
				{Name: "x-debug", HeaderMatchSpecifier: &routev3.HeaderMatcher_PresentMatch{PresentMatch: true}, InvertMatch: true},
			},
			QueryParameters: []*routev3.QueryParameterMatcher{
				{Name: "v", QueryParameterMatchSpecifier: &routev3.QueryParameterMatcher_StringMatch{StringMatch: exact("2")}},
			},
		}, "prefix /, header :method=GET, header x-env~=can.*, header !x-debug, query v=2"},
		{&routev3.RouteMatch{}, "(any)"},
	} {
		if got := matchString(tc.match); got != tc.want {
			t.Errorf("matchString(%v) = %q, want %q", tc.match, got, tc.want)
		}
	}
}

func TestAction(t *testing.T) {
	weighted := &routev3.Route{Action: &routev3.Route_Route{Route: &routev3.RouteAction{
		ClusterSpecifier: &routev3.RouteAction_WeightedClusters{WeightedClusters: &routev3.WeightedCluster{Clusters: []*routev3.WeightedCluster_ClusterWeight{
			{Name: "a", Weight: wrapperspb.UInt32(3)}, {Name: "b", Weight: wrapperspb.UInt32(1)},
		}}},
	}}}
	if got, clusters := action(weighted); got != "clusters a (weight 3), b (weight 1)" || len(clusters) != 2 {
		t.Errorf("weighted: %q %v", got, clusters)
	}
	unresolved := &routev3.Route{Action: &routev3.Route_DirectResponse{DirectResponse: &routev3.DirectResponseAction{Status: 500}}}
	if got, clusters := action(unresolved); got != "direct response 500" || clusters != nil {
		t.Errorf("direct response: %q %v", got, clusters)
	}
}

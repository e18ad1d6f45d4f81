// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"reflect"
	"testing"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"
)

func fullRoute() HTTPRoute {
	str := func(s string) Value[string] { return Known(s) }
	return HTTPRoute{
		Name: str("app"), Namespace: str("team"),
		ParentRefs: Known([]ParentRef{{Name: str("eg"), Namespace: str("edge"), SectionName: str("http"), Port: Known(int64(8080))}}),
		Hostnames:  Known([]string{"www.example.com"}),
		Rules: Known([]HTTPRouteRule{{
			Matches: Known([]HTTPRouteMatch{{
				Path:        Known(PathMatch{Type: str("PathPrefix"), Value: str("/example")}),
				Method:      str("GET"),
				Headers:     Known([]ValueMatch{{Name: str("x-env"), Value: str("canary"), Type: str("Exact")}}),
				QueryParams: Known([]ValueMatch{{Name: str("v"), Value: str("2")}}),
			}}),
			Filters: Known([]HTTPRouteFilter{
				{RequestHeaderModifier: Known(HeaderModifier{Set: Known([]HeaderValue{{Name: str("x-a"), Value: str("1")}}), Remove: Known([]string{"x-b"})})},
				{URLRewrite: Known(URLRewrite{Path: Known(PathModifier{Type: str("ReplacePrefixMatch"), ReplacePrefixMatch: str("/")})})},
				{RequestMirror: Known(RequestMirror{BackendRef: Known(BackendRef{Name: str("shadow"), Port: Known(int64(80))}), Percent: Known(int64(10))})},
			}),
			BackendRefs: Known([]BackendRef{{Name: str("app"), Namespace: str("team"), Port: Known(int64(80)), Weight: Known(int64(1))}}),
			Timeouts:    Known(HTTPRouteTimeouts{Request: str("10s"), BackendRequest: str("5s")}),
		}}),
	}
}

func TestRenderParseHTTPRoute(t *testing.T) {
	r := fullRoute()
	obj, err := RenderHTTPRoute(r)
	if err != nil {
		t.Fatal(err)
	}
	rule := obj.Spec.Rules[0]
	if string(rule.Filters[1].Type) != "URLRewrite" || rule.Filters[2].RequestMirror.BackendRef.Name != "shadow" ||
		*obj.Spec.ParentRefs[0].SectionName != "http" || string(*rule.Timeouts.BackendRequest) != "5s" || len(rule.Matches[0].QueryParams) != 1 {
		t.Fatalf("rendered %+v", obj.Spec)
	}
	parsed, err := ParseHTTPRoute(obj)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, r) {
		a, _ := yaml.Marshal(parsed)
		b, _ := yaml.Marshal(r)
		t.Errorf("parse(render(r)) differs:\n%s\nvs\n%s", a, b)
	}
	if !RouteSatisfied(r, obj) {
		t.Error("a route does not satisfy its own plan")
	}
	// The API server's defaults are no drift; a changed value is.
	kind := "Gateway"
	k := gwapiv1.Kind(kind)
	obj.Spec.ParentRefs[0].Kind = &k
	if !RouteSatisfied(r, obj) {
		t.Error("a default the API server added reads as drift")
	}
	obj.Spec.Rules[0].BackendRefs[0].Port = nil
	if RouteSatisfied(r, obj) {
		t.Error("a removed backend port reads as no drift")
	}
	projected, err := ProjectRoute(obj, r)
	if err != nil {
		t.Fatal(err)
	}
	refs, _ := projected.Rules.Or(nil)[0].BackendRefs.Get()
	if !refs[0].Port.IsNull() || refs[0].Name.Or("") != "app" {
		t.Errorf("projected backend %+v, want the port gone and the name kept", refs[0])
	}
}

func TestShortenRouteDropsServerDefaults(t *testing.T) {
	r := HTTPRoute{Rules: Known([]HTTPRouteRule{{
		Matches:     Known([]HTTPRouteMatch{{Path: Known(PathMatch{Type: Known("PathPrefix"), Value: Known("/")})}}),
		BackendRefs: Known([]BackendRef{{Group: Known(""), Kind: Known("Service"), Name: Known("app")}}),
	}})}
	rule := ShortenRoute(r).Rules.Or(nil)[0]
	b := rule.BackendRefs.Or(nil)[0]
	if !rule.Matches.IsNull() || !b.Group.IsNull() || !b.Kind.IsNull() || b.Name.Or("") != "app" {
		t.Errorf("shortened %+v", rule)
	}
}

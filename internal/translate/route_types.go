// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

// HTTPRoute is one eg_http_route, or a live HTTPRoute of another owner.
// The JSON names are the HCL attribute names; render and parse map them to
// the Gateway API's (route_object.go).
type HTTPRoute struct {
	Key    string `json:"key,omitempty"`
	Origin Origin `json:"origin,omitempty"`

	Name       Value[string]          `json:"name"`
	Namespace  Value[string]          `json:"namespace"`
	ParentRefs Value[[]ParentRef]     `json:"parent_refs"`
	Hostnames  Value[[]string]        `json:"hostnames"`
	Rules      Value[[]HTTPRouteRule] `json:"rules"`
}

// ParentRef is a Gateway a route attaches to, optionally one listener of it
// (by section name, by port, or both).
type ParentRef struct {
	Name Value[string] `json:"name"`
	// Namespace null or "" means the route's namespace.
	Namespace   Value[string] `json:"namespace"`
	SectionName Value[string] `json:"section_name"`
	Port        Value[int64]  `json:"port"`
}

// HTTPRouteRule is one rule: which requests (matches), what happens to them
// (filters), where they go (backend_refs), and how long they may take.
type HTTPRouteRule struct {
	Matches     Value[[]HTTPRouteMatch]  `json:"matches"`
	Filters     Value[[]HTTPRouteFilter] `json:"filters"`
	BackendRefs Value[[]BackendRef]      `json:"backend_refs"`
	Timeouts    Value[HTTPRouteTimeouts] `json:"timeouts"`
}

// HTTPRouteMatch selects requests; every part set must match.
type HTTPRouteMatch struct {
	Path        Value[PathMatch]    `json:"path"`
	Method      Value[string]       `json:"method"`
	Headers     Value[[]ValueMatch] `json:"headers"`
	QueryParams Value[[]ValueMatch] `json:"query_params"`
}

// PathMatch matches the request path.
type PathMatch struct {
	// Type null means PathPrefix.
	Type Value[string] `json:"type"`
	// Value null means "/".
	Value Value[string] `json:"value"`
}

// ValueMatch matches a header or query parameter by name.
type ValueMatch struct {
	Name  Value[string] `json:"name"`
	Value Value[string] `json:"value"`
	// Type null means Exact.
	Type Value[string] `json:"type"`
}

// BackendRef is where matched requests go: a Service unless group and
// kind say otherwise.
type BackendRef struct {
	// Group null or "" means the core group.
	Group Value[string] `json:"group"`
	// Kind null means Service.
	Kind Value[string] `json:"kind"`
	Name Value[string] `json:"name"`
	// Namespace null or "" means the route's namespace.
	Namespace Value[string] `json:"namespace"`
	Port      Value[int64]  `json:"port"`
	// Weight null means 1.
	Weight Value[int64] `json:"weight"`
}

// HTTPRouteFilter is one filter; exactly one of its fields is set, and it
// names the filter's type.
type HTTPRouteFilter struct {
	RequestHeaderModifier  Value[HeaderModifier]  `json:"request_header_modifier"`
	ResponseHeaderModifier Value[HeaderModifier]  `json:"response_header_modifier"`
	RequestRedirect        Value[RequestRedirect] `json:"request_redirect"`
	URLRewrite             Value[URLRewrite]      `json:"url_rewrite"`
	RequestMirror          Value[RequestMirror]   `json:"request_mirror"`
}

// HeaderModifier sets, adds and removes headers.
type HeaderModifier struct {
	Set    Value[[]HeaderValue] `json:"set"`
	Add    Value[[]HeaderValue] `json:"add"`
	Remove Value[[]string]      `json:"remove"`
}

// HeaderValue is one header.
type HeaderValue struct {
	Name  Value[string] `json:"name"`
	Value Value[string] `json:"value"`
}

// RequestRedirect answers with a redirect.
type RequestRedirect struct {
	Scheme     Value[string]       `json:"scheme"`
	Hostname   Value[string]       `json:"hostname"`
	Path       Value[PathModifier] `json:"path"`
	Port       Value[int64]        `json:"port"`
	StatusCode Value[int64]        `json:"status_code"`
}

// URLRewrite rewrites the request's host or path before it goes on.
type URLRewrite struct {
	Hostname Value[string]       `json:"hostname"`
	Path     Value[PathModifier] `json:"path"`
}

// PathModifier replaces the whole path or the matched prefix.
type PathModifier struct {
	Type               Value[string] `json:"type"`
	ReplaceFullPath    Value[string] `json:"replace_full_path"`
	ReplacePrefixMatch Value[string] `json:"replace_prefix_match"`
}

// RequestMirror copies requests to another backend.
type RequestMirror struct {
	BackendRef Value[BackendRef] `json:"backend_ref"`
	Percent    Value[int64]      `json:"percent"`
}

// HTTPRouteTimeouts bound a request (Gateway API durations, e.g. "10s").
type HTTPRouteTimeouts struct {
	Request        Value[string] `json:"request"`
	BackendRequest Value[string] `json:"backend_request"`
}

// Backends are facts about the cluster that the rules about a route's
// backends read: the Services that exist, and the ReferenceGrants.
type Backends struct {
	// Services holds "namespace/name" of every Service.
	Services        []string         `json:"services,omitempty"`
	ReferenceGrants []ReferenceGrant `json:"reference_grants,omitempty"`
}

// ReferenceGrant lets objects of other namespaces refer to objects of its
// namespace.
type ReferenceGrant struct {
	Namespace string      `json:"namespace"`
	From      []GrantFrom `json:"from"`
	To        []GrantTo   `json:"to"`
}

// GrantFrom is who may refer (group "" is the core group).
type GrantFrom struct {
	Group     string `json:"group"`
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
}

// GrantTo is what may be referred to; Name "" means any.
type GrantTo struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name,omitempty"`
}

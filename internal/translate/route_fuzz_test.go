// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "strings"

// The fuzz builder's routes: small vocabularies that mix valid and invalid
// values, naming the Gateways, listeners, namespaces and Services the rest
// of buildSet makes, so that attachment and backend rules get exercised.

var (
	fzRouteHosts = []string{"www.example.com", "*.example.com", "a.example.com", "*.com", "example.com", "", "*", "A.com"}
	fzSections   = []string{"http", "https", "a", "b", "", "HTTP"}
	fzPathTypes  = []string{"PathPrefix", "Exact", "RegularExpression", "Glob"}
	fzPaths      = []string{"/", "/a", "a", "/a//b", "(", "/a%2f", "^/x$", "", "/a/."}
	fzMethods    = []string{"GET", "get", "PATCH"}
	fzMatchNames = []string{"x-env", "x-env", "a b", "", "v"}
	fzMatchVals  = []string{"a", "", "(", "a(?=b)", strings.Repeat("v", 1025)}
	fzMatchTypes = []string{"Exact", "RegularExpression", "Prefix"}
	fzHeaderMods = []string{"x-a", "Host", "x-a", "", ":path", "a:b"}
	fzHeaderVals = []string{"1", "", "a  b", "a b"}
	fzModTypes   = []string{"ReplaceFullPath", "ReplacePrefixMatch", "Replace"}
	fzHostnames  = []string{"example.com", "10.0.0.1", "*.example.com", "", strings.Repeat("l", 64) + ".com"}
	fzGroups     = []string{"", "gateway.envoyproxy.io", "multicluster.x-k8s.io", "example.com", "Bad"}
	fzKinds      = []string{"Service", "Backend", "ServiceImport", "ConfigMap", "1x"}
	fzDurations  = []string{"10s", "5s", "0s", "1m", "1d", "", "99999h"}
	fzInts       = []int64{0, 1, 80, 100, 101, -1, 65536, 1000001, 301, 300, 1 << 40}
	// Parents mostly name the Gateways buildSet makes, so that attachment
	// gets past "no such Gateway".
	fzParentNames = []string{"eg", "a", "web", "eg", "a", "missing"}
	fzRouteNS     = []string{"default", "eg", "team-a", "default", "Team"}
)

func (s *byteSource) int(vocab []int64) Value[int64] {
	c := s.next()
	switch c % 8 {
	case 0:
		return Null[int64]()
	case 1:
		return Unknown[int64]()
	}
	return Known(vocab[int(c/8)%len(vocab)])
}

func (s *byteSource) strings(vocab []string, most int) Value[[]string] {
	switch s.state() {
	case 0:
		return Null[[]string]()
	case 1:
		return Unknown[[]string]()
	}
	out := make([]string, s.count(most))
	for i := range out {
		out[i] = s.pick(vocab)
	}
	return Known(out)
}

// fzList builds a Value of a list of at most `most` elements, null or unknown
// one time in eight each.
func fzList[T any](s *byteSource, most int, elem func() T) Value[[]T] {
	switch s.state() {
	case 0:
		return Null[[]T]()
	case 1:
		return Unknown[[]T]()
	}
	out := make([]T, s.count(most))
	for i := range out {
		out[i] = elem()
	}
	return Known(out)
}

// fzObj builds a Value of a struct, null or unknown one time in eight each.
func fzObj[T any](s *byteSource, build func() T) Value[T] {
	switch s.state() {
	case 0:
		return Null[T]()
	case 1:
		return Unknown[T]()
	}
	return Known(build())
}

func (s *byteSource) backendRef() BackendRef {
	b := BackendRef{Name: s.str([]string{"app", "db", "", "shadow"}), Namespace: s.str(fzNamespaces), Port: s.int(fzInts), Weight: s.int(fzInts)}
	if s.next()%3 == 0 {
		b.Group, b.Kind = s.str(fzGroups), s.str(fzKinds)
	}
	return b
}

func (s *byteSource) pathModifier() PathModifier {
	return PathModifier{Type: s.str(fzModTypes), ReplaceFullPath: s.str(fzPaths), ReplacePrefixMatch: s.str(fzPaths)}
}

func (s *byteSource) headerModifier() HeaderModifier {
	hv := func() HeaderValue { return HeaderValue{Name: s.str(fzHeaderMods), Value: s.str(fzHeaderVals)} }
	return HeaderModifier{Set: fzList(s, 3, hv), Add: fzList(s, 2, hv), Remove: s.strings(fzHeaderMods, 3)}
}

// filter sets one field most of the time, sometimes none or two.
func (s *byteSource) filter() HTTPRouteFilter {
	var f HTTPRouteFilter
	for range 1 + int(s.next()%7)/5 {
		switch s.next() % 6 {
		case 0:
			f.RequestHeaderModifier = fzObj(s, s.headerModifier)
		case 1:
			f.ResponseHeaderModifier = fzObj(s, s.headerModifier)
		case 2:
			f.RequestRedirect = fzObj(s, func() RequestRedirect {
				return RequestRedirect{Scheme: s.str([]string{"https", "http", "ftp"}), Hostname: s.str(fzHostnames),
					Path: fzObj(s, s.pathModifier), Port: s.int(fzInts), StatusCode: s.int(fzInts)}
			})
		case 3:
			f.URLRewrite = fzObj(s, func() URLRewrite { return URLRewrite{Hostname: s.str(fzHostnames), Path: fzObj(s, s.pathModifier)} })
		case 4:
			f.RequestMirror = fzObj(s, func() RequestMirror { return RequestMirror{BackendRef: fzObj(s, s.backendRef), Percent: s.int(fzInts)} })
		}
	}
	return f
}

func (s *byteSource) routeRule() HTTPRouteRule {
	vm := func() ValueMatch {
		return ValueMatch{Name: s.str(fzMatchNames), Value: s.str(fzMatchVals), Type: s.str(fzMatchTypes)}
	}
	match := func() HTTPRouteMatch {
		return HTTPRouteMatch{
			Path:   fzObj(s, func() PathMatch { return PathMatch{Type: s.str(fzPathTypes), Value: s.str(fzPaths)} }),
			Method: s.str(fzMethods), Headers: fzList(s, 2, vm), QueryParams: fzList(s, 2, vm),
		}
	}
	return HTTPRouteRule{
		Matches: fzList(s, 3, match), Filters: fzList(s, 3, s.filter), BackendRefs: fzList(s, 3, s.backendRef),
		Timeouts: fzObj(s, func() HTTPRouteTimeouts {
			return HTTPRouteTimeouts{Request: s.str(fzDurations), BackendRequest: s.str(fzDurations)}
		}),
	}
}

func (s *byteSource) route(i int) HTTPRoute {
	o, key := s.origin("route", i)
	parent := func() ParentRef {
		p := ParentRef{Name: s.str(fzParentNames), Namespace: s.str(fzRouteNS)}
		if s.next()%2 == 0 { // most refs name the whole Gateway
			p.SectionName, p.Port = s.str(fzSections), s.int(fzPorts)
		}
		return p
	}
	return HTTPRoute{Key: key, Origin: o, Name: s.str(fzNames), Namespace: s.str(fzRouteNS),
		ParentRefs: fzList(s, 3, parent), Hostnames: s.strings(fzRouteHosts, 3), Rules: fzList(s, 3, s.routeRule)}
}

// backends returns nil (not read) or Services and ReferenceGrants among
// the fuzz namespaces.
func (s *byteSource) backends() *Backends {
	if s.next()%3 == 0 {
		return nil
	}
	b := &Backends{}
	for range s.count(3) {
		b.Services = append(b.Services, s.pick(fzNamespaces)+"/"+s.pick([]string{"app", "db", "shadow"}))
	}
	for range s.count(2) {
		b.ReferenceGrants = append(b.ReferenceGrants, ReferenceGrant{
			Namespace: s.pick(fzNamespaces),
			From:      []GrantFrom{{Group: s.pick([]string{"gateway.networking.k8s.io", ""}), Kind: s.pick([]string{"HTTPRoute", "GRPCRoute"}), Namespace: s.pick(fzNamespaces)}},
			To:        []GrantTo{{Group: s.pick(fzGroups), Kind: s.pick(fzKinds), Name: s.pick([]string{"", "app", "db"})}},
		})
	}
	return b
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"regexp"
	"strings"
	"testing"
)

// The hand-written matchers must accept exactly what the CRD patterns
// accept, as the API server evaluates them (Go regexp, unanchored search).

var matchers = []struct {
	name    string
	pattern string
	match   func(string) bool
}{
	{"subdomain", patternSubdomain, matchSubdomain},
	{"label", patternLabel, matchLabel},
	{"hostname", patternHostname, matchHostname},
	{"protocol", patternProtocol, matchProtocol},
	{"controller", patternController, matchControllerName},
	{"group", patternGroup, matchGroup},
	{"kind", patternKind, matchKindPattern},
}

// every string up to length n over a small alphabet covering each
// character class the patterns distinguish.
func allStrings(alphabet string, n int) []string {
	out := []string{""}
	prev := []string{""}
	for i := 0; i < n; i++ {
		var next []string
		for _, p := range prev {
			for _, c := range alphabet {
				next = append(next, p+string(c))
			}
		}
		out = append(out, next...)
		prev = next
	}
	return out
}

func TestMatchersAgreeWithCRDPatterns(t *testing.T) {
	inputs := allStrings("aZ0-.*/_ ~", 5)
	inputs = append(inputs,
		"www.example.com", "*.example.com", "example.com.", ".example.com", "a..b", "-a", "a-",
		"HTTP", "HTTPS", "http-2", "example.com/custom", "not a protocol a/b", "x/", "/x", "A/b", "a/b/c",
		"gateway.envoyproxy.io/gatewayclass-controller", "gateway.envoyproxy.io/a/b%20c",
		"gateway.envoyproxy.io", "/path", "Example.com/x", "gateway.envoyproxy.io/é",
		"EnvoyProxy", "Envoy-Proxy", "1Kind", "Kind-", "ünicode", strings.Repeat("a", 300),
	)
	for _, m := range matchers {
		re := regexp.MustCompile(m.pattern)
		for _, s := range inputs {
			if got, want := m.match(s), re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, pattern %s says %v", m.name, s, got, m.pattern, want)
			}
		}
	}
}

func FuzzPatterns(f *testing.F) {
	for _, s := range []string{"www.example.com", "*.a.b", "HTTP", "a b/c", "x.io/p", "Kind"} {
		f.Add(s)
	}
	res := make([]*regexp.Regexp, len(matchers))
	for i, m := range matchers {
		res[i] = regexp.MustCompile(m.pattern)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, m := range matchers {
			if got, want := m.match(s), res[i].MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, pattern says %v", m.name, s, got, want)
			}
		}
	})
}

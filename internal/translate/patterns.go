// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "strings"

// The OpenAPI patterns of the Gateway API v1.6 CRDs, verbatim. Summaries
// quote them; the matchers below implement them by hand because regexp is
// too slow for 60,000 listeners in the merged benchmark. patterns_test.go
// checks every matcher against its compiled pattern, and the fuzz target
// FuzzPatterns keeps checking it.
const (
	patternSubdomain = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	patternLabel     = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	patternHostname  = `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// The second alternative of the protocol pattern has no leading ^, so
	// the API server accepts any value that ends in "<x>/<word>" where x is
	// a lower-case letter or digit, e.g. "not a protocol a/b". We mirror it.
	patternProtocol   = `^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$`
	patternController = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$`
	patternGroup      = `^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	patternKind       = `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`
)

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

func isAlnum(c byte) bool { return isLowerAlnum(c) || c >= 'A' && c <= 'Z' }

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// matchLabel implements patternLabel: lower-case letters, digits and '-',
// starting and ending with a letter or digit. No length limit.
func matchLabel(s string) bool {
	if s == "" || !isLowerAlnum(s[0]) || !isLowerAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; !isLowerAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}

// matchSubdomain implements patternSubdomain: labels joined by '.'.
func matchSubdomain(s string) bool {
	if s == "" {
		return false
	}
	for {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return matchLabel(s)
		}
		if !matchLabel(s[:i]) {
			return false
		}
		s = s[i+1:]
	}
}

// matchHostname implements patternHostname: a subdomain, optionally
// prefixed by "*.".
func matchHostname(s string) bool {
	return matchSubdomain(strings.TrimPrefix(s, "*."))
}

// matchKindPattern implements patternKind.
func matchKindPattern(s string) bool {
	if s == "" || !isAlpha(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; !isAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}

// matchGroup implements patternGroup: empty or a subdomain.
func matchGroup(s string) bool { return s == "" || matchSubdomain(s) }

// matchProtocol implements patternProtocol, including its unanchored
// second alternative (see the pattern's comment).
func matchProtocol(s string) bool {
	if s == "" {
		return false
	}
	// ^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$
	simple := isAlnum(s[0]) && isAlnum(s[len(s)-1])
	for i := 1; simple && i < len(s)-1; i++ {
		if c := s[i]; !isAlnum(c) && c != '-' {
			simple = false
		}
	}
	if simple {
		return true
	}
	// <anything><[a-z0-9]>/[A-Za-z0-9]+$: the shortest subdomain suffix
	// before the last '/' is one letter or digit.
	slash := strings.LastIndexByte(s, '/')
	if slash < 1 || slash == len(s)-1 || !isLowerAlnum(s[slash-1]) {
		return false
	}
	for i := slash + 1; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// matchControllerName implements patternController: a subdomain, '/', and
// a non-empty path of URL-safe characters.
func matchControllerName(s string) bool {
	slash := strings.IndexByte(s, '/')
	if slash < 0 || slash == len(s)-1 || !matchSubdomain(s[:slash]) {
		return false
	}
	for i := slash + 1; i < len(s); i++ {
		if !isControllerPathChar(s[i]) {
			return false
		}
	}
	return true
}

func isControllerPathChar(c byte) bool {
	if isAlnum(c) {
		return true
	}
	return strings.IndexByte(`/-._~%!$&'()*+,;=:`, c) >= 0
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Summaries of schema problems are the API server's own error text (the
// body of a field.Error, without the field path, which Problem.Path carries
// in HCL terms). Kubernetes paths inside a message (spec.listeners[0].port)
// are kept as the API server writes them.

func sumRequired() string { return field.Required(nil, "").ErrorBody() }

func sumPattern(kpath, v, pattern string) string {
	return field.Invalid(nil, v, fmt.Sprintf("%s in body should match '%s'", kpath, pattern)).ErrorBody()
}

func sumMinLength(kpath, v string, n int) string {
	return field.Invalid(nil, v, fmt.Sprintf("%s in body should be at least %d chars long", kpath, n)).ErrorBody()
}

func sumMaxLength(n int) string { return field.TooLong(nil, "", n).ErrorBody() }

func sumMinimum(kpath string, v int64, n int) string {
	return field.Invalid(nil, v, fmt.Sprintf("%s in body should be greater than or equal to %d", kpath, n)).ErrorBody()
}

func sumMaximum(kpath string, v int64, n int) string {
	return field.Invalid(nil, v, fmt.Sprintf("%s in body should be less than or equal to %d", kpath, n)).ErrorBody()
}

func sumEnum(v string, allowed ...string) string {
	return field.NotSupported(nil, v, allowed).ErrorBody()
}

func sumTooMany(n, limit int) string { return field.TooMany(nil, n, limit).ErrorBody() }

func sumMinItems(kpath string, n, least int) string {
	return field.Invalid(nil, n, fmt.Sprintf("%s in body should have at least %d items", kpath, least)).ErrorBody()
}

// stringSpec is the OpenAPI schema of one string field.
type stringSpec struct {
	required bool
	min, max int // in characters; 0 means no limit
	match    func(string) bool
	pattern  string
	// hint completes the detail: what a valid value looks like.
	hint string
}

// ok reports whether a value passes the spec without building anything:
// the allocation-free fast path of checkString for per-listener checks.
// Unknown values and null optional values pass.
func (spec stringSpec) ok(v Value[string]) bool {
	s, known := v.Get()
	if !known {
		return v.IsUnknown() || !spec.required
	}
	if spec.min > 0 && utf8.RuneCountInString(s) < spec.min {
		return false
	}
	if spec.max > 0 && len(s) > spec.max && utf8.RuneCountInString(s) > spec.max {
		return false
	}
	return spec.match == nil || spec.match(s)
}

// metaNameOK and metaNamespaceOK are the fast paths of checkMetaName and
// checkMetaNamespace.
func metaNameOK(v Value[string]) bool {
	s, ok := v.Get()
	return v.IsUnknown() || ok && len(s) <= 253 && matchSubdomain(s)
}

func metaNamespaceOK(v Value[string]) bool {
	s, ok := v.Get()
	return v.IsUnknown() || ok && len(s) <= 63 && matchLabel(s)
}

// checkString applies a stringSpec to a value and reports the first
// violation, in the order the API server checks them. Unknown values and
// null optional values pass. It returns false when it reported a problem.
func (t *translator) checkString(origin Origin, ref Ref, rule Rule, path Path, kpath string, v Value[string], spec stringSpec) bool {
	if v.IsUnknown() {
		return true
	}
	s, ok := v.Get()
	if !ok {
		if spec.required {
			t.errorf(origin, ref, rule, path, sumRequired(), fmt.Sprintf("Set %s. %s", path, spec.hint))
			return false
		}
		return true
	}
	n := utf8.RuneCountInString(s)
	switch {
	case spec.min > 0 && n < spec.min:
		t.errorf(origin, ref, rule, path, sumMinLength(kpath, s, spec.min),
			fmt.Sprintf("%s may not be empty. %s", path, spec.hint))
	case spec.max > 0 && n > spec.max:
		t.errorf(origin, ref, rule, path, sumMaxLength(spec.max),
			fmt.Sprintf("%s is %d characters long; shorten it to at most %d.", path, n, spec.max))
	case spec.match != nil && !spec.match(s):
		t.errorf(origin, ref, rule, path, sumPattern(kpath, s, spec.pattern),
			fmt.Sprintf("%q is not a valid %s. %s", s, path.lastName(), spec.hint))
	default:
		return true
	}
	return false
}

// lastName is the last attribute name of a path, for messages.
func (p Path) lastName() string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i].Kind == StepAttribute {
			return p[i].Name
		}
	}
	return "value"
}

// checkMetaName applies the API server's object name rule (a DNS-1123
// subdomain), in its wording.
func (t *translator) checkMetaName(origin Origin, ref Ref, rule Rule, path Path, v Value[string]) {
	if v.IsUnknown() {
		return
	}
	s, ok := v.Get()
	switch {
	case !ok || s == "":
		t.errorf(origin, ref, rule, path, field.Required(nil, "name or generateName is required").ErrorBody(),
			"Set name: "+hintObjectName)
	case len(s) > 253 || !matchSubdomain(s):
		t.errorf(origin, ref, rule, path, field.Invalid(nil, s, strings.Join(validation.IsDNS1123Subdomain(s), "; ")).ErrorBody(),
			fmt.Sprintf("%q is not a valid object name. %s", s, hintObjectName))
	}
}

// checkMetaNamespace applies the API server's namespace name rule (a
// DNS-1123 label), in its wording.
func (t *translator) checkMetaNamespace(origin Origin, ref Ref, rule Rule, path Path, v Value[string]) bool {
	if v.IsUnknown() {
		return true
	}
	s, ok := v.Get()
	switch {
	case !ok || s == "":
		t.errorf(origin, ref, rule, path, sumRequired(), "Set namespace: "+hintNamespace)
	case len(s) <= 63 && matchLabel(s):
		return true
	default:
		t.errorf(origin, ref, rule, path, field.Invalid(nil, s, strings.Join(validation.IsDNS1123Label(s), "; ")).ErrorBody(),
			fmt.Sprintf("%q is not a valid namespace name. %s", s, hintNamespace))
	}
	return false
}

const (
	hintObjectName = `use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. "eg-web".`
	hintNamespace  = `a namespace name has at most 63 lower-case letters, digits and '-', and starts and ends with a letter or digit, e.g. "marketing".`
)

// Field specs shared by several kinds.
var (
	specControllerName = stringSpec{required: true, min: 1, max: 253, match: matchControllerName, pattern: patternController,
		hint: `A controller name is a domain, '/', and a path, e.g. "gateway.envoyproxy.io/gatewayclass-controller".`}
)

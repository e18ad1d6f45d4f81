// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The CRD's rules on a rule's filters: one kind per filter (the input
// names the kind by the one field it sets), each kind's fields, and the
// CEL rules across the filters of one rule.

const (
	celRedirectAndRewrite = "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"
	celRedirectBackends   = "RequestRedirect filter must not be used together with backendRefs"
	celFullPathNeeded     = "replaceFullPath must be specified when type is set to 'ReplaceFullPath'"
	celFullPathType       = "type must be 'ReplaceFullPath' when replaceFullPath is set"
	celPrefixNeeded       = "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"
	celPrefixType         = "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"
	celServicePort        = "Must have port for Service reference"

	replaceFullPath    = "ReplaceFullPath"
	replacePrefixMatch = "ReplacePrefixMatch"
)

// filterFields names a filter's fields as the HCL and the API call them.
var filterFields = []struct{ attr, api string }{
	{"request_header_modifier", "RequestHeaderModifier"},
	{"response_header_modifier", "ResponseHeaderModifier"},
	{"request_redirect", "RequestRedirect"},
	{"url_rewrite", "URLRewrite"},
	{"request_mirror", "RequestMirror"},
}

var (
	specHeaderValue = stringSpec{required: true, min: 1, max: 4096, hint: "Set the header's value."}
	specFilterHost  = stringSpec{min: 1, max: 253, match: matchSubdomain, pattern: patternSubdomain,
		hint: `Use a host name of lower-case letters, digits, '-' and '.', without a wildcard, e.g. "www.example.com".`}
	specReplacePath = stringSpec{max: 1024, hint: "Shorten the path."}
	redirectCodes   = []string{"301", "302", "303", "307", "308"}
)

// filterState says which fields of a filter are set: its kind is the one
// set field; kind is "" when none or several are, or an unknown could be.
func filterState(f HTTPRouteFilter) (set []string, unknown bool) {
	for i, v := range []interface{ IsKnown() bool }{f.RequestHeaderModifier, f.ResponseHeaderModifier, f.RequestRedirect, f.URLRewrite, f.RequestMirror} {
		if v.IsKnown() {
			set = append(set, filterFields[i].api)
		}
	}
	unknown = f.RequestHeaderModifier.IsUnknown() || f.ResponseHeaderModifier.IsUnknown() ||
		f.RequestRedirect.IsUnknown() || f.URLRewrite.IsUnknown() || f.RequestMirror.IsUnknown()
	return set, unknown
}

// filterKind is the API type of a filter, "" when it is not decided.
func filterKind(f HTTPRouteFilter) string {
	set, unknown := filterState(f)
	if len(set) == 1 && !unknown {
		return set[0]
	}
	return ""
}

func (t *translator) ruleFilters(rc *routeCtx, rule HTTPRouteRule, rp Path, kp string) {
	fs, ok := rule.Filters.Get()
	if !ok {
		return
	}
	fp := rp.Attr("filters")
	t.checkCount(rc, RuleRouteFilterType, fp, len(fs), maxRouteListLen, "filters per rule")
	for i, f := range fs {
		t.filterType(rc, f, fp.Index(i))
		ik := kp + ".filters[" + strconv.Itoa(i) + "]"
		t.headerModifier(rc, f.RequestHeaderModifier, fp.Index(i).Attr("request_header_modifier"), ik+".requestHeaderModifier")
		t.headerModifier(rc, f.ResponseHeaderModifier, fp.Index(i).Attr("response_header_modifier"), ik+".responseHeaderModifier")
		t.redirectFilter(rc, f.RequestRedirect, fp.Index(i).Attr("request_redirect"), ik+".requestRedirect")
		t.rewriteFilter(rc, f.URLRewrite, fp.Index(i).Attr("url_rewrite"), ik+".urlRewrite")
		t.mirrorFilter(rc, f.RequestMirror, fp.Index(i).Attr("request_mirror"), ik+".requestMirror")
	}
	t.filterCombinations(rc, rule, fs, rp)
}

func (t *translator) filterType(rc *routeCtx, f HTTPRouteFilter, p Path) {
	set, unknown := filterState(f)
	var attrs []string
	for _, api := range set {
		for _, ff := range filterFields {
			if ff.api == api {
				attrs = append(attrs, ff.attr)
			}
		}
	}
	switch {
	case len(set) == 0 && !unknown:
		t.errorf(rc.in.Origin, rc.ref, RuleRouteFilterType, p, sumEnum("", "RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror", "RequestRedirect", "URLRewrite", "ExtensionRef", "CORS"),
			"A filter sets exactly one of request_header_modifier, response_header_modifier, request_redirect, url_rewrite or request_mirror, which is its type; this one sets none.")
	case len(set) > 1:
		t.errorf(rc.in.Origin, rc.ref, RuleRouteFilterType, p, fmt.Sprintf("filter.%s must be nil if the filter.type is not %s", camelName(attrs[1]), set[0]),
			fmt.Sprintf("A filter sets exactly one of its fields, which is its type; this one sets %s. Make each its own filter.", strings.Join(attrs, " and ")))
	}
}

func (t *translator) headerModifier(rc *routeCtx, v Value[HeaderModifier], p Path, kp string) {
	hm, ok := v.Get()
	if !ok {
		return
	}
	o, ref := rc.in.Origin, rc.ref
	for _, list := range []struct {
		attr string
		v    Value[[]HeaderValue]
	}{{"set", hm.Set}, {"add", hm.Add}} {
		hs, _ := list.v.Get()
		lp, lk := p.Attr(list.attr), kp+"."+list.attr
		t.checkCount(rc, RuleRouteHeaderModifier, lp, len(hs), maxRouteListLen, list.attr+" headers")
		seen := map[string]int{}
		for i, h := range hs {
			ik := lk + "[" + strconv.Itoa(i) + "]"
			t.checkString(o, ref, RuleRouteHeaderModifier, lp.Index(i).Attr("name"), ik+".name", h.Name, specHeaderName)
			t.checkString(o, ref, RuleRouteHeaderModifier, lp.Index(i).Attr("value"), ik+".value", h.Value, specHeaderValue)
			if name, ok := h.Name.Get(); ok {
				if first, dup := seen[name]; dup {
					t.errorf(o, ref, RuleRouteHeaderModifier, lp.Index(i).Attr("name"), field.Duplicate(nil, map[string]any{"name": name}).ErrorBody(),
						fmt.Sprintf("%s[%d] and %s[%d] both name header %q. Keep one.", list.attr, first, list.attr, i, name))
				} else {
					seen[name] = i
				}
			}
		}
	}
	rm, _ := hm.Remove.Get()
	t.checkCount(rc, RuleRouteHeaderModifier, p.Attr("remove"), len(rm), maxRouteListLen, "removed headers")
	seen := map[string]int{}
	for i, name := range rm {
		if first, dup := seen[name]; dup {
			t.errorf(o, ref, RuleRouteHeaderModifier, p.Attr("remove").Index(i), field.Duplicate(nil, name).ErrorBody(),
				fmt.Sprintf("remove[%d] and remove[%d] both name header %q; remove is a set. Keep one.", first, i, name))
			continue
		}
		seen[name] = i
	}
}

func (t *translator) redirectFilter(rc *routeCtx, v Value[RequestRedirect], p Path, kp string) {
	rd, ok := v.Get()
	if !ok {
		return
	}
	o, ref := rc.in.Origin, rc.ref
	if s, ok := rd.Scheme.Get(); ok && s != "http" && s != "https" {
		t.errorf(o, ref, RuleRouteRedirect, p.Attr("scheme"), sumEnum(s, "http", "https"),
			fmt.Sprintf("%q is not a redirect scheme. Use http or https, in lower case, or leave it out to keep the request's.", s))
	}
	t.checkString(o, ref, RuleRouteRedirect, p.Attr("hostname"), kp+".hostname", rd.Hostname, specFilterHost)
	t.checkInt(rc, RuleRouteRedirect, p.Attr("port"), kp+".port", rd.Port, 1, 65535, "Use a port from 1 to 65535, or leave it out.")
	if code, ok := rd.StatusCode.Get(); ok && !isRedirectCode(code) {
		t.errorf(o, ref, RuleRouteRedirect, p.Attr("status_code"), field.NotSupported(nil, code, redirectCodes).ErrorBody(),
			fmt.Sprintf("%d is not a redirect status code. Use 301, 302 (the default), 303, 307 or 308.", code))
	}
	t.pathModifier(rc, rd.Path, p.Attr("path"), kp+".path")
}

func isRedirectCode(c int64) bool {
	return c == 301 || c == 302 || c == 303 || c == 307 || c == 308
}

func (t *translator) rewriteFilter(rc *routeCtx, v Value[URLRewrite], p Path, kp string) {
	rw, ok := v.Get()
	if !ok {
		return
	}
	t.checkString(rc.in.Origin, rc.ref, RuleRouteURLRewrite, p.Attr("hostname"), kp+".hostname", rw.Hostname, specFilterHost)
	t.pathModifier(rc, rw.Path, p.Attr("path"), kp+".path")
}

// pathModifier applies the type enum, the lengths and the four CEL rules
// tying the type to the field it uses.
func (t *translator) pathModifier(rc *routeCtx, v Value[PathModifier], p Path, kp string) {
	pm, ok := v.Get()
	if !ok {
		return
	}
	o, ref := rc.in.Origin, rc.ref
	typ, tok := pm.Type.Get()
	switch {
	case pm.Type.IsNull():
		t.errorf(o, ref, RuleRoutePathModifier, p.Attr("type"), sumRequired(),
			"Set path.type to ReplaceFullPath (with replace_full_path) or ReplacePrefixMatch (with replace_prefix_match).")
		return
	case tok && typ != replaceFullPath && typ != replacePrefixMatch:
		t.errorf(o, ref, RuleRoutePathModifier, p.Attr("type"), sumEnum(typ, replaceFullPath, replacePrefixMatch),
			fmt.Sprintf("%q is not a path modifier type. Use ReplaceFullPath or ReplacePrefixMatch.", typ))
		return
	}
	t.checkString(o, ref, RuleRoutePathModifier, p.Attr("replace_full_path"), kp+".replaceFullPath", pm.ReplaceFullPath, specReplacePath)
	t.checkString(o, ref, RuleRoutePathModifier, p.Attr("replace_prefix_match"), kp+".replacePrefixMatch", pm.ReplacePrefixMatch, specReplacePath)
	if !tok {
		return
	}
	for _, c := range []struct {
		fails      bool
		attr, msg  string
		detailWhat string
	}{
		{typ == replaceFullPath && pm.ReplaceFullPath.IsNull(), "replace_full_path", celFullPathNeeded, "type ReplaceFullPath takes the new path in replace_full_path"},
		{typ != replaceFullPath && pm.ReplaceFullPath.IsKnown(), "replace_full_path", celFullPathType, "replace_full_path belongs to type ReplaceFullPath"},
		{typ == replacePrefixMatch && pm.ReplacePrefixMatch.IsNull(), "replace_prefix_match", celPrefixNeeded, "type ReplacePrefixMatch takes the new prefix in replace_prefix_match"},
		{typ != replacePrefixMatch && pm.ReplacePrefixMatch.IsKnown(), "replace_prefix_match", celPrefixType, "replace_prefix_match belongs to type ReplacePrefixMatch"},
	} {
		if c.fails {
			t.errorf(o, ref, RuleRoutePathModifier, p.Attr(c.attr), c.msg,
				fmt.Sprintf("The path modifier's type is %s, and %s. Set the field of the type, and only that one.", typ, c.detailWhat))
		}
	}
}

func (t *translator) mirrorFilter(rc *routeCtx, v Value[RequestMirror], p Path, kp string) {
	m, ok := v.Get()
	if !ok {
		return
	}
	if m.BackendRef.IsNull() {
		t.errorf(rc.in.Origin, rc.ref, RuleRouteMirror, p.Attr("backend_ref"), sumRequired(),
			"Set backend_ref to the Service that receives the copies.")
	}
	if b, ok := m.BackendRef.Get(); ok {
		t.backendRef(rc, RuleRouteMirror, b, p.Attr("backend_ref"), kp+".backendRef")
	}
	t.checkInt(rc, RuleRouteMirror, p.Attr("percent"), kp+".percent", m.Percent, 0, 100,
		"Use a percentage of requests from 0 to 100, or leave it out for all of them.")
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"maps"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// selectorIssue is one thing wrong with a label selector, before it is
// attached to a resource and rule.
type selectorIssue struct {
	path    Path
	summary string
	detail  string
}

// toLabelSelector converts a selector whose every part is known. It returns
// false when any part is unknown; null parts are left out.
func toLabelSelector(s LabelSelector) (*metav1.LabelSelector, bool) {
	if s.MatchLabels.IsUnknown() || s.MatchExpressions.IsUnknown() {
		return nil, false
	}
	out := &metav1.LabelSelector{}
	if m, ok := s.MatchLabels.Get(); ok {
		out.MatchLabels = maps.Clone(m)
	}
	exprs, _ := s.MatchExpressions.Get()
	for _, e := range exprs {
		if e.Key.IsUnknown() || e.Operator.IsUnknown() || e.Values.IsUnknown() {
			return nil, false
		}
		out.MatchExpressions = append(out.MatchExpressions, metav1.LabelSelectorRequirement{
			Key:      e.Key.Or(""),
			Operator: metav1.LabelSelectorOperator(e.Operator.Or("")),
			Values:   slices.Clone(e.Values.Or(nil)),
		})
	}
	return out, true
}

// fromLabelSelector is toLabelSelector's inverse: every part known, absent
// parts null.
func fromLabelSelector(ls *metav1.LabelSelector) LabelSelector {
	out := LabelSelector{}
	if ls.MatchLabels != nil {
		out.MatchLabels = Known(maps.Clone(ls.MatchLabels))
	}
	if ls.MatchExpressions != nil {
		reqs := make([]LabelSelectorRequirement, 0, len(ls.MatchExpressions))
		for _, r := range ls.MatchExpressions {
			req := LabelSelectorRequirement{Key: Known(r.Key), Operator: Known(string(r.Operator))}
			if r.Values != nil {
				req.Values = Known(slices.Clone(r.Values))
			}
			reqs = append(reqs, req)
		}
		out.MatchExpressions = Known(reqs)
	}
	return out
}

// selectorWithoutEmpties reads empty match_labels, match_expressions and
// values as not set, as the API server stores them.
func selectorWithoutEmpties(s LabelSelector) LabelSelector {
	if m, ok := s.MatchLabels.Get(); ok && len(m) == 0 {
		s.MatchLabels = Null[map[string]string]()
	}
	exprs, ok := s.MatchExpressions.Get()
	if ok && len(exprs) == 0 {
		s.MatchExpressions = Null[[]LabelSelectorRequirement]()
	}
	if len(exprs) > 0 {
		norm := slices.Clone(exprs)
		for i := range norm {
			if vs, ok := norm[i].Values.Get(); ok && len(vs) == 0 {
				norm[i].Values = Null[[]string]()
			}
		}
		s.MatchExpressions = Known(norm)
	}
	return s
}

// selectorIssues checks what Kubernetes checks when it turns a selector into
// a label query (metav1.LabelSelectorAsSelector): label keys and values are
// valid, operators are known, In/NotIn carry values and Exists/DoesNotExist
// carry none. Each part is checked alone so that the path points at it;
// unknown parts are skipped, and a null key or operator is checked as the
// empty string the rendered object carries.
func selectorIssues(s LabelSelector, path Path) []selectorIssue {
	var out []selectorIssue
	if m, ok := s.MatchLabels.Get(); ok {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			one := &metav1.LabelSelector{MatchLabels: map[string]string{k: m[k]}}
			if _, err := metav1.LabelSelectorAsSelector(one); err != nil {
				out = append(out, selectorIssue{path.Attr("match_labels").Key(k),
					"invalid label selector: " + err.Error(),
					"Use a valid label key (an optional DNS prefix, '/', and a name of at most 63 characters) and a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)."})
			}
		}
	}
	exprs, _ := s.MatchExpressions.Get()
	for i, e := range exprs {
		if e.Key.IsUnknown() || e.Operator.IsUnknown() || e.Values.IsUnknown() {
			continue
		}
		key, op := e.Key.Or(""), e.Operator.Or("")
		one := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
			Key: key, Operator: metav1.LabelSelectorOperator(op), Values: e.Values.Or(nil),
		}}}
		if _, err := metav1.LabelSelectorAsSelector(one); err != nil {
			out = append(out, selectorIssue{path.Attr("match_expressions").Index(i),
				"invalid label selector: " + err.Error(),
				"Use operator In or NotIn with at least one value, or Exists or DoesNotExist with no values, on a valid label key."})
		}
	}
	return out
}

// selectorMatches reports whether the selector selects a namespace with
// these labels. ok is false when the selector is unknown or invalid.
func selectorMatches(s LabelSelector, nsLabels map[string]string) (matches, ok bool) {
	ls, known := toLabelSelector(s)
	if !known {
		return false, false
	}
	sel, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil {
		return false, false
	}
	return sel.Matches(labels.Set(nsLabels)), true
}

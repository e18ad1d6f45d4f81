// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Kind names the resource a problem is about, as the Terraform resource type.
type Kind string

// Resource kinds.
const (
	KindTenant       Kind = "eg_tenant"
	KindGatewayClass Kind = "eg_gatewayclass"
	KindMergedProxy  Kind = "eg_merged_proxy"
	KindEnvoyProxy   Kind = "eg_envoy_proxy"
	KindGateway      Kind = "eg_gateway"
	KindHTTPRoute    Kind = "eg_http_route"
)

// Ref identifies the resource a problem is about. Namespace is empty for
// cluster-scoped objects; Name and Namespace are empty when unknown.
type Ref struct {
	Kind      Kind   `json:"kind"`
	Key       string `json:"key,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name,omitempty"`
}

// String returns kind namespace/name, e.g. "eg_gateway marketing/eg".
func (r Ref) String() string {
	name := r.Name
	if name == "" {
		name = "(unknown name)"
	}
	if r.Namespace != "" {
		name = r.Namespace + "/" + name
	}
	return string(r.Kind) + " " + name
}

// Severity of a problem. Errors stop the plan; warnings are shown.
type Severity uint8

const (
	SeverityError Severity = iota
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// MarshalText writes the severity as text.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// StepKind says what a path step selects.
type StepKind uint8

const (
	// StepAttribute selects an attribute by name.
	StepAttribute StepKind = iota
	// StepIndex selects a list element by index.
	StepIndex
	// StepKey selects a map element by key.
	StepKey
)

// Step is one step of a Path.
type Step struct {
	Kind  StepKind
	Name  string // attribute name or map key
	Index int    // list index
}

// Path is an attribute path in HCL names, e.g. listeners[2].hostname. The
// provider turns it into a Terraform path step by step:
// StepAttribute → AtName, StepIndex → AtListIndex, StepKey → AtMapKey.
type Path []Step

// Attr starts a path at an attribute.
func Attr(name string) Path { return Path{{Kind: StepAttribute, Name: name}} }

// Attr returns a copy of p extended by an attribute.
func (p Path) Attr(name string) Path { return p.with(Step{Kind: StepAttribute, Name: name}) }

// Index returns a copy of p extended by a list index.
func (p Path) Index(i int) Path { return p.with(Step{Kind: StepIndex, Index: i}) }

// Key returns a copy of p extended by a map key.
func (p Path) Key(k string) Path { return p.with(Step{Kind: StepKey, Name: k}) }

// with never aliases p's backing array, so paths built from a common prefix
// stay independent.
func (p Path) with(s Step) Path {
	out := make(Path, len(p), len(p)+1)
	copy(out, p)
	return append(out, s)
}

// String renders the path as listeners[2].tls.certificate_refs[0].name or
// watch.namespace_selector.match_labels["team"].
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		switch s.Kind {
		case StepAttribute:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Name)
		case StepIndex:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteByte(']')
		case StepKey:
			b.WriteByte('[')
			b.WriteString(strconv.Quote(s.Name))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// MarshalText writes the path in its String form.
func (p Path) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// Problem is one rule violation, on one attribute of one planned resource.
type Problem struct {
	Severity Severity `json:"severity"`
	Rule     Rule     `json:"rule"`
	Phase    Phase    `json:"phase"`
	Resource Ref      `json:"resource"`
	Path     Path     `json:"path"`
	// Summary is one line; for CRD rules it is the CRD's own message.
	Summary string `json:"summary"`
	// Detail says what is wrong here and what to change.
	Detail string `json:"detail"`
}

// String is "eg_gateway ns/name: listeners[0].port: summary".
func (p Problem) String() string {
	return p.Resource.String() + ": " + p.Path.String() + ": " + p.Summary
}

// sortProblems orders problems by resource, path, rule and text so that the
// output does not depend on map iteration or input order of unrelated
// objects.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, compareProblems)
}

func compareProblems(a, b Problem) int {
	if c := cmp.Compare(kindOrder(a.Resource.Kind), kindOrder(b.Resource.Kind)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Resource.Namespace, b.Resource.Namespace); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Resource.Name, b.Resource.Name); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Resource.Key, b.Resource.Key); c != 0 {
		return c
	}
	if c := comparePaths(a.Path, b.Path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Summary, b.Summary); c != 0 {
		return c
	}
	return cmp.Compare(a.Detail, b.Detail)
}

// comparePaths orders list indexes numerically, so listeners[2] sorts
// before listeners[10].
func comparePaths(a, b Path) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := cmp.Compare(a[i].Kind, b[i].Kind); c != 0 {
			return c
		}
		if c := cmp.Compare(a[i].Name, b[i].Name); c != 0 {
			return c
		}
		if c := cmp.Compare(a[i].Index, b[i].Index); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func kindOrder(k Kind) int {
	switch k {
	case KindTenant:
		return 0
	case KindGatewayClass:
		return 1
	case KindMergedProxy, KindEnvoyProxy:
		return 2
	case KindGateway:
		return 3
	case KindHTTPRoute:
		return 4
	}
	return 5
}

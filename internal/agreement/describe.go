// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// The table's cells: what a scenario creates, and what each side says.

func describeScenario(s Scenario) string {
	var lines []string
	switch p := classProxyOf(s); {
	case p == nil:
		lines = append(lines, "class: no parametersRef")
	case s.ClassProxy != nil:
		lines = append(lines, "class: "+describeProxy(p))
	}
	for _, g := range s.Gateways {
		var ls []string
		for _, l := range g.Listeners {
			ls = append(ls, describeListener(l))
		}
		name := g.Name
		if g.Other {
			name += " (2nd namespace)"
		}
		var extra []string
		if g.Proxy != nil {
			extra = append(extra, "own EnvoyProxy: "+describeProxy(g.Proxy))
		}
		if g.Metadata {
			extra = append(extra, "labels, annotations, infrastructure labels and annotations")
		}
		if len(extra) > 0 {
			name += " [" + strings.Join(extra, "; ") + "]"
		}
		lines = append(lines, name+": "+strings.Join(ls, ", "))
	}
	lines = append(lines, describeRoutes(s)...)
	return strings.Join(lines, "<br>")
}

func describeProxy(p *Proxy) string {
	s := p.About
	if p.Other {
		s += " (2nd namespace)"
	}
	return s
}

func describeListener(l translate.Listener) string {
	name, _ := l.Name.Get()
	proto, _ := l.Protocol.Get()
	port, _ := l.Port.Get()
	s := fmt.Sprintf("%s %s %d", name, proto, port)
	if tls, ok := l.TLS.Get(); ok {
		if mode, ok := tls.Mode.Get(); ok && mode == translate.TLSModePassthrough {
			s += " passthrough"
		}
	} else if proto == translate.ProtocolHTTPS {
		s += " (no tls)"
	}
	if h, ok := l.Hostname.Get(); ok && h != "" {
		s += " " + h
	}
	if tls, ok := l.TLS.Get(); ok {
		refs, _ := tls.CertificateRefs.Get()
		for _, r := range refs {
			if name, _ := r.Name.Get(); name != CertSecret {
				s += " (certificate Secret " + name + " missing)"
			}
		}
	}
	if ks, ok := l.AllowedRoutes.Or(translate.AllowedRoutes{}).Kinds.Get(); ok {
		var names []string
		for _, k := range ks {
			n, _ := k.Kind.Get()
			if g, ok := k.Group.Get(); ok {
				n = g + "/" + n
			}
			names = append(names, n)
		}
		s += " kinds " + strings.Join(names, ", ")
	}
	return s
}

func describeController(r Row) string {
	var refused, notes []string
	for _, k := range slices.Sorted(maps.Keys(r.Observed.Refused)) {
		refused = append(refused, fmt.Sprintf("API server refused the %s EnvoyProxy: %s", k, strings.Join(r.Observed.Refused[k], "; ")))
	}
	for _, k := range r.Keys {
		v := r.Controller[k]
		if v.refused {
			refused = append(refused, fmt.Sprintf("%s: %s", k, v.summary()))
		}
		if len(v.unresolved) > 0 {
			refused = append(refused, fmt.Sprintf("%s: ResolvedRefs False (%s)", k, strings.Join(v.unresolved, ", ")))
		}
		for _, n := range v.notes {
			notes = append(notes, fmt.Sprintf("%s: %s (note)", k, n))
		}
	}
	if len(refused) == 0 {
		refused = []string{"all accepted"}
	}
	return strings.Join(append(refused, notes...), "<br>")
}

func describeTranslator(r Row) string {
	var refused []string
	for _, k := range r.Keys {
		v := r.Translator[k]
		if v.refused {
			refused = append(refused, fmt.Sprintf("%s: %s", k, v.summary()))
		}
		if len(v.unresolved) > 0 {
			refused = append(refused, fmt.Sprintf("%s: warning %s", k, strings.Join(v.unresolved, ", ")))
		}
	}
	if len(refused) == 0 {
		return "no problems"
	}
	return strings.Join(refused, "<br>")
}

func describeOutcome(r Row) string {
	switch {
	case len(r.Problems) > 0:
		return "**broken**: " + strings.Join(r.Problems, "; ")
	case r.Got == Agree && r.Scenario.Fixed != "":
		return "agree (fixed: " + r.Scenario.Fixed + ")"
	case r.Got == Disagree && r.Scenario.Expect == Disagree:
		return "**open disagreement** (see below)"
	case r.Got == Disagree:
		return "**disagree**"
	case r.Scenario.Note != "":
		return string(r.Got) + " (see notes)"
	}
	return string(r.Got)
}

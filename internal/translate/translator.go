// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "slices"

// Validate runs every rule over a whole Set and returns all problems found,
// sorted by resource and path. It never stops at the first problem and
// never fails on an unknown value.
func Validate(set Set) []Problem { return ValidatePhases(set, Phases...) }

// ValidatePhases is Validate restricted to the problems of some phases, for
// callers that see only part of the picture: the provider's per-resource
// ValidateConfig asks for PhaseSchema and PhaseController, the API server
// agreement test for PhaseSchema alone. Earlier phases still run when a
// later one needs their facts; only reporting is restricted.
func ValidatePhases(set Set, phases ...Phase) []Problem {
	t := newTranslator(set, phases)
	for _, ph := range []struct {
		phase Phase
		run   func()
	}{
		{PhaseSchema, t.schemaPhase},
		{PhaseController, t.controllerPhase},
		{PhaseTenant, t.tenantPhase},
		{PhaseBinding, t.bindingPhase},
		{PhaseMerged, t.mergedPhase},
	} {
		if !t.needs(ph.phase) {
			break
		}
		ph.run()
	}
	sortProblems(t.problems)
	return t.problems
}

// translator holds one run: the contexts built from the input (the
// translator never writes to the caller's Set), the phases asked for, and
// the problems collected.
type translator struct {
	set      *Set
	report   map[Phase]bool
	last     int // index in Phases of the last phase asked for
	problems []Problem

	tenants  []*tenantCtx
	classes  []*classCtx
	proxies  []*proxyCtx
	gateways []*gatewayCtx
	routes   []*routeCtx

	// Indexes built once by build.
	classByName      map[string][]*classCtx
	proxyByKey       map[string]*proxyCtx // namespace/name
	tenantsByCtrl    map[string][]*tenantCtx
	ctrlUnknown      bool // some tenant's controller name is unknown
	namespaceLabels  map[string]Value[map[string]string]
	createdNamespace map[string]bool // namespaces planned tenants create
	// Built by buildRoutes, only when there are routes.
	gatewaysByName     map[objectKey][]*gatewayCtx
	gatewayNameUnknown bool // some Gateway's name or namespace is unknown
}

func newTranslator(set Set, phases []Phase) *translator {
	t := &translator{set: &set, report: map[Phase]bool{}, last: -1}
	for _, p := range phases {
		t.report[p] = true
		if i := slices.Index(Phases, p); i > t.last {
			t.last = i
		}
	}
	t.build()
	return t
}

// needs reports whether a phase has to run: it was asked for, or a later
// phase that was asked for depends on its facts.
func (t *translator) needs(p Phase) bool { return slices.Index(Phases, p) <= t.last }

// add records a problem about a planned object. Live and refreshed objects
// are context, never the subject of a problem; phases not asked for are
// dropped here so that every phase can run unconditionally.
func (t *translator) add(origin Origin, p Problem) {
	if origin != Planned {
		return
	}
	p.Phase = p.Rule.Phase()
	if !t.report[p.Phase] {
		return
	}
	t.problems = append(t.problems, p)
}

func (t *translator) errorf(origin Origin, ref Ref, rule Rule, path Path, summary, detail string) {
	t.add(origin, Problem{Severity: SeverityError, Rule: rule, Resource: ref, Path: path, Summary: summary, Detail: detail})
}

func (t *translator) warnf(origin Origin, ref Ref, rule Rule, path Path, summary, detail string) {
	t.add(origin, Problem{Severity: SeverityWarning, Rule: rule, Resource: ref, Path: path, Summary: summary, Detail: detail})
}

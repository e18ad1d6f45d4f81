// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"slices"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// Each parent ref of a route is a subject of its scenario's Row: attached
// when the controller's Accepted condition for that parent is True, and by
// the plan when no attachment rule refuses it. The plan refuses a parent
// with an error when the route attaches nowhere, with a warning when it
// attaches to another parent: both count as refusing that parent, and the
// severity is shown. Backends are compared apart: the controller's
// ResolvedRefs=False reasons against the plan's backend warnings; neither
// refuses the parent.

// reasonNoRouteStatus stands for the controller writing no status for a
// route's parent: it never considered the route for that Gateway (the
// Gateway does not exist, or the controller does not watch the route).
const reasonNoRouteStatus = "no route status"

// routeProblem files one translator problem about a route under the
// subjects it concerns, and returns it when it concerns none.
func routeProblem(s Scenario, p translate.Problem, out map[string]verdict) []string {
	i := slices.IndexFunc(s.Routes, func(r Route) bool { return r.Name == p.Resource.Key })
	if i < 0 || len(p.Path) < 2 || p.Path[1].Kind != translate.StepIndex {
		return []string{p.String()}
	}
	r := s.Routes[i]
	switch p.Path[0].Name {
	case "parent_refs":
		if p.Path[1].Index >= len(r.Parents) {
			return []string{p.String()}
		}
		key := routeKey(r, r.Parents[p.Path[1].Index])
		v := out[key]
		v.refuse(string(p.Rule))
		v.warned = v.warned || p.Severity == translate.SeverityWarning
		out[key] = v
		return nil
	case "rules":
		if p.Severity == translate.SeverityError {
			return []string{p.String()}
		}
		for _, parent := range r.Parents {
			key := routeKey(r, parent)
			v := out[key]
			if !slices.Contains(v.unresolved, string(p.Rule)) {
				v.unresolved = append(v.unresolved, string(p.Rule))
			}
			out[key] = v
		}
		return nil
	}
	return []string{p.String()}
}

// controllerRouteVerdict reads the conditions of one parent's status.
func controllerRouteVerdict(conds []Condition) verdict {
	var v verdict
	if len(conds) == 0 {
		v.refuse(reasonNoRouteStatus)
		return v
	}
	for _, c := range conds {
		switch {
		case c.Type == "Accepted" && c.Status != "True":
			v.refuse(c.Reason)
		case c.Type == "ResolvedRefs" && c.Status != "True":
			v.unresolved = append(v.unresolved, c.Reason)
		case (c.Type == "PartiallyInvalid" || c.Type == "RouteRulesOverlap") && c.Status == "True":
			v.notes = append(v.notes, c.Type+" ("+c.Reason+")")
		}
	}
	if !slices.ContainsFunc(conds, func(c Condition) bool { return c.Type == "Accepted" }) {
		v.refuse("no Accepted condition")
	}
	return v
}

// compareRoutes adds the route subjects to a Row: each parent as the
// scenario finally names it, then any parent the route no longer names
// that still carries status (a note: the plan does not judge it).
func (r *Row) compareRoutes(s Scenario, obs Observed) {
	for _, rt := range s.Routes {
		for _, p := range rt.Parents {
			key := routeKey(rt, p)
			r.Keys = append(r.Keys, key)
			conds, ok := obs.Routes[key]
			if !ok {
				r.Problems = append(r.Problems, "no recorded route status for "+key)
			}
			r.Controller[key] = controllerRouteVerdict(conds)
			r.PerKey[key] = r.routeOutcome(key)
		}
		for _, p := range rt.MovedFrom {
			if conds := obs.Routes[staleKey(rt, p)]; len(conds) > 0 {
				key := staleKey(rt, p)
				r.Keys = append(r.Keys, key)
				v := controllerRouteVerdict(conds)
				v.notes = append(v.notes, "status kept for a parent the route no longer names")
				r.Controller[key] = v
			}
		}
	}
}

// routeOutcome: both attach the parent, or both refuse it for a matching
// reason; when both attach, both report the same unresolved backends.
func (r *Row) routeOutcome(key string) string {
	c, t := r.Controller[key], r.Translator[key]
	switch {
	case c.refused != t.refused:
		return string(Disagree)
	case c.refused:
		if reasonsMatch(t, c) {
			return outcomeAgree
		}
		return string(Disagree)
	}
	for _, reason := range c.unresolved {
		if !reasonsMatch(verdict{reasons: t.unresolved}, verdict{reasons: []string{reason}}) {
			return string(Disagree)
		}
	}
	for _, rule := range t.unresolved {
		if !reasonsMatch(verdict{reasons: []string{rule}}, verdict{reasons: c.unresolved}) {
			return string(Disagree)
		}
	}
	return outcomeAgree
}

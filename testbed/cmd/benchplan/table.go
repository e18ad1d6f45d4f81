// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"math"
	"strings"
)

type results struct {
	Machine      machine         `json:"machine"`
	Started      string          `json:"started"`
	Repeat       int             `json:"repeat"`
	TotalSeconds float64         `json:"total_seconds"`
	First        *configResult   `json:"first,omitempty"`
	Merged       []*configResult `json:"merged,omitempty"`
}

// configResult is one configuration: its eg and floor measurements by
// command name (plan, apply, noop; destroy for eg only).
type configResult struct {
	Name     string                  `json:"name"`
	Gateways int                     `json:"gateways"`
	EG       map[string]*measurement `json:"eg"`
	Floor    map[string]*measurement `json:"floor"`
	// Echo is the plugin floor: the same eg configuration planned and
	// applied by the echo provider (echo.go).
	Echo map[string]*measurement `json:"plugin_floor,omitempty"`
	// FirstRunApply is the apply of the first repetition: for the run's
	// first configuration on a fresh test bed, the one that installs the
	// CRDs (later ones find them).
	FirstRunApply   *measurement `json:"first_run_apply,omitempty"`
	StateBytes      int64        `json:"state_bytes"`
	FloorStateBytes int64        `json:"floor_state_bytes"`
	Failure         string       `json:"failure,omitempty"`
}

var commandTitles = []struct{ name, title string }{
	{planFromEmpty.Name, "plan from empty"},
	{applyAll.Name, "apply"},
	{noChangePlan.Name, "no-change plan"},
}

func (r results) markdown() string {
	var b strings.Builder
	if len(r.Merged) > 0 {
		r.mergedTables(&b)
	}
	if r.First != nil {
		r.firstTable(&b)
	}
	r.requestLists(&b)
	r.failures(&b)
	m := r.Machine
	fmt.Fprintf(&b, "\nMachine: %d CPUs (%s), %.1f GiB memory, Linux %s; %s. 1-minute load average during the run: "+
		"min %.2f, mean %.2f, max %.2f (%d samples). Started %s, took %.1f min; each time is the fastest of %d run(s).\n",
		m.CPUs, m.CPUModel, m.MemGiB, m.Kernel, m.CLI, m.Load.Min, m.Load.Mean, m.Load.Max, m.Load.Samples,
		r.Started, r.TotalSeconds/60, r.Repeat)
	return b.String()
}

func (r results) mergedTables(b *strings.Builder) {
	b.WriteString("### N merged Gateways: eg against N terraform_data (the CLI's floor)\n\n")
	b.WriteString("| command | N | eg (s) | floor (s) | eg / floor | eg growth per 4× N | floor growth per 4× N | eg requests | provider peak RSS (MiB) | of it anonymous (MiB) | provider CPU (s) |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, c := range commandTitles {
		for i, res := range r.Merged {
			eg, floor := res.EG[c.name], res.Floor[c.name]
			egGrowth, floorGrowth := "—", "—"
			if i > 0 {
				prev := r.Merged[i-1]
				egGrowth = growth(prev.EG[c.name], eg, prev.Gateways, res.Gateways)
				floorGrowth = growth(prev.Floor[c.name], floor, prev.Gateways, res.Gateways)
			}
			fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.title, res.Gateways,
				seconds(eg), seconds(floor), ratio(eg, floor), egGrowth, floorGrowth,
				requests(eg), peak(eg), anon(eg), cpu(eg))
		}
	}
	r.pluginFloorTable(b)
	b.WriteString("\n| N | eg state (bytes) | per Gateway | floor state per resource | eg destroy (s) | destroy requests |\n")
	b.WriteString("|--:|--:|--:|--:|--:|--:|\n")
	for _, res := range r.Merged {
		floorResources := res.Gateways + 3 // tenant, proxy, class
		fmt.Fprintf(b, "| %d | %d | %s | %s | %s | %s |\n", res.Gateways, res.StateBytes,
			perItem(res.StateBytes, res.Gateways), perItem(res.FloorStateBytes, floorResources),
			seconds(res.EG[destroyAll.Name]), requests(res.EG[destroyAll.Name]))
	}
}

// pluginFloorTable sets eg against the plugin floor: the same configuration
// served by a provider process that does nothing (echo.go).
func (r results) pluginFloorTable(b *strings.Builder) {
	b.WriteString("\n### The same N against the plugin floor: a provider of this schema that does nothing\n\n")
	b.WriteString("| command | N | eg (s) | plugin floor (s) | eg / plugin floor | plugin floor / CLI floor | plugin floor peak RSS (MiB) | of it anonymous (MiB) | plugin floor CPU (s) |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, c := range commandTitles {
		for _, res := range r.Merged {
			eg, echo, floor := res.EG[c.name], res.Echo[c.name], res.Floor[c.name]
			fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", c.title, res.Gateways,
				seconds(eg), seconds(echo), ratio(eg, echo), ratio(echo, floor), peak(echo), anon(echo), cpu(echo))
		}
	}
}

func (r results) firstTable(b *strings.Builder) {
	res := r.First
	b.WriteString("\n### First configuration: 2 tenants, 3 classes, 5 Gateways, 1 merged proxy\n\n")
	b.WriteString("| command | eg (s) | floor (s) | eg / floor | eg requests | provider peak RSS (MiB) | of it anonymous (MiB) | provider CPU (s) |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|\n")
	rows := append(commandTitles, struct{ name, title string }{destroyAll.Name, "destroy"})
	for _, c := range rows {
		eg, floor := res.EG[c.name], res.Floor[c.name]
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c.title, seconds(eg), seconds(floor),
			ratio(eg, floor), requests(eg), peak(eg), anon(eg), cpu(eg))
	}
	if eg := res.FirstRunApply; eg != nil && r.Repeat > 1 {
		fmt.Fprintf(b, "| apply, first run (on a fresh test bed: installs the CRDs) | %s | — | — | %s | %s | %s | %s |\n",
			seconds(eg), requests(eg), peak(eg), anon(eg), cpu(eg))
	}
	fmt.Fprintf(b, "\nState: %d bytes (%s per Gateway).\n", res.StateBytes, perItem(res.StateBytes, res.Gateways))
}

// requestLists breaks the no-change plans' requests down by verb and
// resource.
func (r results) requestLists(b *strings.Builder) {
	all := r.Merged
	if r.First != nil {
		all = append([]*configResult{r.First}, all...)
	}
	b.WriteString("\nRequests of each no-change plan, as the provider sent them:\n\n```\n")
	for _, res := range all {
		if m := res.EG[noChangePlan.Name]; m != nil {
			fmt.Fprintf(b, "%s (%d in all)\n%s", res.Name, totalRequests(m.Requests), formatRequests(m.Requests))
		}
	}
	b.WriteString("```\n\nRequests of each apply to Gateway API and Envoy Gateway objects (the rest is the tenants' Helm installs):\n\n```\n")
	for _, res := range all {
		if m := res.EG[applyAll.Name]; m != nil {
			gw, rest := splitRequests(m.Requests, "gateway.")
			fmt.Fprintf(b, "%s (%d in all)\n%s    %-58s %d\n", res.Name, totalRequests(m.Requests), formatRequests(gw),
				"the rest", totalRequests(rest))
		}
	}
	b.WriteString("```\n")
}

// splitRequests separates the kinds whose group/resource part starts with
// one of the prefixes (after the verb) from the rest.
func splitRequests(counts map[string]int, prefixes ...string) (match, rest map[string]int) {
	match, rest = map[string]int{}, map[string]int{}
	for k, v := range counts {
		_, gr, _ := strings.Cut(k, " ")
		hit := false
		for _, p := range prefixes {
			hit = hit || strings.HasPrefix(gr, p)
		}
		if hit {
			match[k] = v
		} else {
			rest[k] = v
		}
	}
	return match, rest
}

func (r results) failures(b *strings.Builder) {
	all := append([]*configResult{}, r.Merged...)
	if r.First != nil {
		all = append(all, r.First)
	}
	var lines []string
	for _, res := range all {
		if res.Failure != "" {
			lines = append(lines, fmt.Sprintf("- %s: %s", res.Name, res.Failure))
		}
		for side, ms := range map[string]map[string]*measurement{"eg": res.EG, "floor": res.Floor, "plugin floor": res.Echo} {
			for name, m := range ms {
				if m.Failure != "" {
					lines = append(lines, fmt.Sprintf("- %s, %s %s: %s", res.Name, side, name, m.Failure))
				}
			}
		}
	}
	if len(lines) > 0 {
		b.WriteString("\nNot as expected (the figures of these rows are not comparable):\n\n" + strings.Join(sortStrings(lines), "\n") + "\n")
	}
}

// growth is the time's growth from n1 to n2 Gateways, scaled to a 4×
// step: (t2/t1)^(ln 4 / ln(n2/n1)). Linear work grows 4×.
func growth(a, b *measurement, n1, n2 int) string {
	if !usable(a) || !usable(b) || n2 == n1 || a.Seconds == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", math.Pow(b.Seconds/a.Seconds, math.Log(4)/math.Log(float64(n2)/float64(n1))))
}

func usable(m *measurement) bool { return m != nil && m.Failure == "" }

func seconds(m *measurement) string {
	switch {
	case m == nil:
		return "—"
	case m.Failure != "":
		return fmt.Sprintf("%.2f !", m.Seconds)
	}
	return fmt.Sprintf("%.2f", m.Seconds)
}

func ratio(a, b *measurement) string {
	if !usable(a) || !usable(b) || b.Seconds == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a.Seconds/b.Seconds)
}

func requests(m *measurement) string {
	if m == nil {
		return "—"
	}
	return fmt.Sprint(totalRequests(m.Requests))
}

func peak(m *measurement) string {
	if m == nil || m.Processes == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", m.PeakMiB)
}

func anon(m *measurement) string {
	if m == nil || m.Processes == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", m.PeakAnonMiB)
}

func cpu(m *measurement) string {
	if m == nil || m.Processes == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", m.CPUSeconds)
}

func perItem(bytes int64, n int) string {
	if n == 0 || bytes == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f B", float64(bytes)/float64(n))
}

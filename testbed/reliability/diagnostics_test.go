// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"bufio"
	"encoding/json"
	"regexp"
	"strings"
)

// cliDiagnostic is a diagnostic as the CLI's -json output gives it.
type cliDiagnostic struct {
	Severity string    `json:"severity"`
	Summary  string    `json:"summary"`
	Detail   string    `json:"detail"`
	Address  string    `json:"address"`
	Range    *cliRange `json:"range"`
}

type cliRange struct {
	Filename string `json:"filename"`
	Start    cliPos `json:"start"`
	End      cliPos `json:"end"`
}

type cliPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// validateDiagnostics reads `validate -json`.
func validateDiagnostics(stdout string) ([]cliDiagnostic, error) {
	var out struct {
		Diagnostics []cliDiagnostic `json:"diagnostics"`
	}
	err := json.Unmarshal([]byte(stdout), &out)
	return out.Diagnostics, err
}

// streamDiagnostics reads the diagnostics of a `plan -json` or `apply -json`
// stream, one JSON message a line.
func streamDiagnostics(stdout string) []cliDiagnostic {
	var out []cliDiagnostic
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var msg struct {
			Type       string        `json:"type"`
			Diagnostic cliDiagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) == nil && msg.Type == "diagnostic" {
			out = append(out, msg.Diagnostic)
		}
	}
	return out
}

// providerDiagnostic is a diagnostic the provider returned, as
// terraform-plugin-go logs it (TF_LOG_PROVIDER=WARN): with the attribute
// path the CLI's own output does not show for nested attributes.
type providerDiagnostic struct {
	RPC, ResourceType         string
	Severity, Summary, Detail string
	Attribute                 string // tftypes form: AttributeName("a").ElementKeyInt(0)
}

var logEntryStart = regexp.MustCompile(`^\d{4}-\d\d-\d\dT[\d:.]+Z \[(\w+)\] `)

// providerDiagnostics reads the diagnostics out of the CLI's log. The CLI
// writes each provider line as hclog text: key=value pairs whose value is
// bare, Go-quoted, or (with newlines) on the following lines after "| ".
func providerDiagnostics(log string) []providerDiagnostic {
	var out []providerDiagnostic
	for _, entry := range logEntries(log) {
		i := strings.Index(entry, "Response contains ")
		if i < 0 || !strings.Contains(entry[:i], "provider.terraform-provider-eg") {
			continue
		}
		_, rest, _ := strings.Cut(entry[i:], ":") // then " key=..." or, for a multi-line first value, "\n  key=\n  | ..."
		f := logFields(rest)
		out = append(out, providerDiagnostic{
			RPC: f["tf_rpc"], ResourceType: f["tf_resource_type"], Severity: f["diagnostic_severity"],
			Summary: f["diagnostic_summary"], Detail: f["diagnostic_detail"], Attribute: f["diagnostic_attribute"],
		})
	}
	return out
}

// logEntries splits a log into entries: a line with a timestamp and the
// lines that continue it.
func logEntries(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if logEntryStart.MatchString(line) || len(out) == 0 {
			out = append(out, line)
			continue
		}
		out[len(out)-1] += "\n" + line
	}
	return out
}

func logFields(s string) map[string]string {
	f := map[string]string{}
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \n")
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		key := s[:eq]
		s = s[eq+1:]
		switch {
		case strings.HasPrefix(s, `"`):
			f[key], s = hclogQuoted(s[1:])
		case strings.HasPrefix(s, "\n"):
			var lines []string
			rest := s[1:]
			for {
				line, after, found := strings.Cut(rest, "\n")
				trimmed := strings.TrimLeft(line, " ")
				if !strings.HasPrefix(trimmed, "|") {
					break
				}
				lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(trimmed, "|"), " "))
				rest = after
				if !found {
					break
				}
			}
			f[key] = strings.Join(lines, "\n")
			s = rest
		default:
			end := strings.IndexAny(s, " \n")
			if end < 0 {
				end = len(s)
			}
			f[key] = s[:end]
			s = s[end:]
		}
	}
	return f
}

// hclogQuoted reads a value hclog quoted, up to its closing quote, and
// returns it and the rest. hclog escapes only the quote itself (and
// non-printable runes, which diagnostics do not hold): a backslash before
// anything else is a backslash.
func hclogQuoted(s string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		case s[i] == '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

// tfPath turns an HCL-like attribute path ("listeners[1].tls.mode",
// `match_labels["k"]`) into the tftypes form the provider log uses.
func tfPath(p string) string {
	var b strings.Builder
	for _, step := range splitPath(p) {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		switch {
		case strings.HasPrefix(step, `["`):
			b.WriteString("ElementKeyString(" + strings.TrimSuffix(strings.TrimPrefix(step, "["), "]") + ")")
		case strings.HasPrefix(step, "["):
			b.WriteString("ElementKeyInt(" + strings.Trim(step, "[]") + ")")
		default:
			b.WriteString(`AttributeName("` + step + `")`)
		}
	}
	return b.String()
}

// splitPath splits "a[0].b" into "a", "[0]", "b".
func splitPath(p string) []string {
	var out []string
	for p != "" {
		switch p[0] {
		case '.':
			p = p[1:]
		case '[':
			end := strings.Index(p, "]")
			if strings.HasPrefix(p, `["`) {
				end = strings.Index(p, `"]`) + 1
			}
			out = append(out, p[:end+1])
			p = p[end+1:]
		default:
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			out = append(out, p[:end])
			p = p[end:]
		}
	}
	return out
}

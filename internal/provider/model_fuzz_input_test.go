// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The attributes whose null/unknown/known state the mask picks, two bits each.
const (
	bitKubernetes = iota
	bitConfigPath
	bitConfigContext
	bitHost
	bitToken
	bitCA
	bitCert
	bitKey
	bitInsecure
	bitExec
	bitAPIVersion
	bitCommand
	bitArgs
	bitEnv
	bitChart
	bitRepository
	bitVersion
)

// Single bits beyond the pairs: an unknown first element of args or env.
const (
	bitArgUnknown = 60
	bitEnvUnknown = 61
)

type state int

const (
	null state = iota
	unknown
	known
)

func (in providerInput) pick(attr int) state {
	if s := state(in.mask >> (2 * attr) & 3); s < known {
		return s
	}
	return known
}

func (in providerInput) str(attr int, s string) tftypes.Value {
	switch in.pick(attr) {
	case null:
		return tftypes.NewValue(tftypes.String, nil)
	case unknown:
		return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	return tftypes.NewValue(tftypes.String, s)
}

func (in providerInput) obj(attr int, typ tftypes.Object, attrs map[string]tftypes.Value) tftypes.Value {
	switch in.pick(attr) {
	case null:
		return tftypes.NewValue(typ, nil)
	case unknown:
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	return tftypes.NewValue(typ, attrs)
}

// value is the provider block as the CLI would send it.
func (in providerInput) value(t testing.TB, typ tftypes.Object) tftypes.Value {
	t.Helper()
	kubeType := mustBe[tftypes.Object](t, typ.AttributeTypes["kubernetes"])
	execType := mustBe[tftypes.Object](t, kubeType.AttributeTypes["exec"])
	chartType := mustBe[tftypes.Object](t, typ.AttributeTypes["chart"])
	insecure := tftypes.NewValue(tftypes.Bool, in.insecure)
	switch in.pick(bitInsecure) {
	case null:
		insecure = tftypes.NewValue(tftypes.Bool, nil)
	case unknown:
		insecure = tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
	}
	exec := in.obj(bitExec, execType, map[string]tftypes.Value{
		"api_version": in.str(bitAPIVersion, in.apiVersion),
		"command":     in.str(bitCommand, in.command),
		"args":        in.list(mustBe[tftypes.List](t, execType.AttributeTypes["args"])),
		"env":         in.envMap(mustBe[tftypes.Map](t, execType.AttributeTypes["env"])),
	})
	kubeAttrs := map[string]tftypes.Value{
		"config_path":            in.str(bitConfigPath, in.configPath),
		"config_context":         in.str(bitConfigContext, in.configContext),
		"host":                   in.str(bitHost, in.host),
		"token":                  in.str(bitToken, in.token),
		"cluster_ca_certificate": in.str(bitCA, in.ca),
		"client_certificate":     in.str(bitCert, in.cert),
		"client_key":             in.str(bitKey, in.key),
		"insecure":               insecure,
		"exec":                   exec,
	}
	// Settings the fuzzer does not vary are null.
	for name, t := range kubeType.AttributeTypes {
		if _, ok := kubeAttrs[name]; !ok {
			kubeAttrs[name] = tftypes.NewValue(t, nil)
		}
	}
	kube := in.obj(bitKubernetes, kubeType, kubeAttrs)
	chart := in.obj(bitChart, chartType, map[string]tftypes.Value{
		"repository": in.str(bitRepository, in.repository),
		"version":    in.str(bitVersion, in.chartVersion),
	})
	top := map[string]tftypes.Value{"kubernetes": kube, "chart": chart}
	for name, t := range typ.AttributeTypes {
		if _, ok := top[name]; !ok {
			top[name] = tftypes.NewValue(t, nil)
		}
	}
	return tftypes.NewValue(typ, top)
}

func (in providerInput) list(typ tftypes.List) tftypes.Value {
	switch in.pick(bitArgs) {
	case null:
		return tftypes.NewValue(typ, nil)
	case unknown:
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	var elems []tftypes.Value
	for i, a := range strings.Split(in.args, "\n") {
		if i == 0 && in.mask&(1<<bitArgUnknown) != 0 {
			elems = append(elems, tftypes.NewValue(tftypes.String, tftypes.UnknownValue))
			continue
		}
		elems = append(elems, tftypes.NewValue(tftypes.String, a))
	}
	return tftypes.NewValue(typ, elems)
}

func (in providerInput) envMap(typ tftypes.Map) tftypes.Value {
	switch in.pick(bitEnv) {
	case null:
		return tftypes.NewValue(typ, nil)
	case unknown:
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	elems := map[string]tftypes.Value{}
	for i, line := range strings.Split(in.env, "\n") {
		k, v, _ := strings.Cut(line, "=")
		if i == 0 && in.mask&(1<<bitEnvUnknown) != 0 {
			elems[k] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
			continue
		}
		elems[k] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(typ, elems)
}

// anyUnknown reports whether a connection setting is unknown, as the model
// reads them (the chart block does not count).
func (in providerInput) anyUnknown() bool {
	switch in.pick(bitKubernetes) {
	case null:
		return false
	case unknown:
		return true
	}
	for _, a := range []int{bitConfigPath, bitConfigContext, bitHost, bitToken, bitCA, bitCert, bitKey, bitInsecure, bitExec} {
		if in.pick(a) == unknown {
			return true
		}
	}
	if in.pick(bitExec) != known {
		return false
	}
	for _, a := range []int{bitAPIVersion, bitCommand, bitArgs, bitEnv} {
		if in.pick(a) == unknown {
			return true
		}
	}
	return in.pick(bitArgs) == known && in.mask&(1<<bitArgUnknown) != 0 ||
		in.pick(bitEnv) == known && in.mask&(1<<bitEnvUnknown) != 0
}

// inlineOnly reports whether the block names a host and no kubeconfig file,
// so that no kubeconfig may be read.
func (in providerInput) inlineOnly() bool {
	return in.pick(bitKubernetes) == known && in.pick(bitHost) == known && in.host != "" &&
		(in.pick(bitConfigPath) == null || in.configPath == "")
}

// secrets are the known token and client key, when they are distinctive
// enough (10 characters or more, a digit among them, found in no other
// input) that finding one in a message means it was copied there.
func (in providerInput) secrets() []string {
	if in.pick(bitKubernetes) != known {
		return nil
	}
	others := strings.Join([]string{in.configPath, in.configContext, in.host, in.ca, in.cert,
		in.apiVersion, in.command, in.args, in.env, in.repository, in.chartVersion, string(in.kubeconfig), decoyKubeconfig}, "\x00")
	var out []string
	for _, c := range []struct {
		attr  int
		value string
	}{{bitToken, in.token}, {bitKey, in.key}} {
		if in.pick(c.attr) == known && len(c.value) >= 10 && strings.IndexFunc(c.value, unicode.IsDigit) >= 0 &&
			!strings.Contains(others, c.value) {
			out = append(out, c.value)
		}
	}
	return out
}

// maskOf sets the given attributes known (or as the map says); the rest
// stay null.
func maskOf(states map[int]state) uint64 {
	var m uint64
	for attr, s := range states {
		m |= uint64(s) << (2 * attr)
	}
	return m
}

func fuzzSeeds() []providerInput {
	inline := map[int]state{bitKubernetes: known, bitHost: known, bitToken: known, bitInsecure: known}
	withFile := map[int]state{bitKubernetes: known, bitConfigPath: known, bitConfigContext: known}
	withExec := map[int]state{bitKubernetes: known, bitHost: known, bitExec: known, bitAPIVersion: known,
		bitCommand: known, bitArgs: known, bitEnv: known}
	certs := map[int]state{bitKubernetes: known, bitHost: known, bitCA: known, bitCert: known, bitKey: known}
	return []providerInput{
		{}, // no block: KUBECONFIG's file
		{mask: maskOf(inline), host: "https://127.0.0.1:6443", token: "s3cr3t-token-0123456789", insecure: true},
		{mask: maskOf(inline), host: "127.0.0.1:6443", token: "tok3n-without-scheme-host"},
		{mask: maskOf(inline), host: "http://[::1", token: "broken-url-token-42"},
		{mask: maskOf(inline), host: "https://user:pa55word@host:6443/prefix?q=1#frag", token: "x"},
		{mask: maskOf(certs), host: "https://127.0.0.1:6443", ca: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
			cert: "not a pem", key: "-----BEGIN EC PRIVATE KEY-----\nk3y-material-0001\n-----END EC PRIVATE KEY-----\n"},
		{mask: maskOf(withFile) | 1<<62, configContext: "decoy", kubeconfig: []byte(decoyKubeconfig)},
		{mask: maskOf(withFile) | 1<<62, configContext: "missing-context", kubeconfig: []byte("apiVersion: v1\nkind: Config\nclusters: [\n")},
		{mask: maskOf(withFile), configPath: "~/does/not/exist", configContext: ""},
		{mask: maskOf(withFile) | 1<<62, kubeconfig: []byte("clusters:\n- name: a\n  cluster: {server: 'https://a', certificate-authority-data: '!!!'}\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: a}\n")},
		{mask: maskOf(withExec), host: "https://127.0.0.1:6443", apiVersion: "client.authentication.k8s.io/v1",
			command: "aws", args: "eks\nget-token\n--cluster-name\nx", env: "AWS_PROFILE=prod\nEMPTY="},
		{mask: maskOf(withExec) | 1<<bitArgUnknown, host: "https://h", apiVersion: "v1", command: "c", args: "a\nb", env: "K=V"},
		{mask: maskOf(map[int]state{bitKubernetes: known, bitHost: unknown}), host: "https://later"},
		{mask: maskOf(map[int]state{bitKubernetes: unknown})},
		{mask: maskOf(map[int]state{bitChart: known, bitRepository: known, bitVersion: known}),
			repository: "oci://registry.invalid/gateway-helm", chartVersion: "v0.0.0-\x00\xff"},
	}
}

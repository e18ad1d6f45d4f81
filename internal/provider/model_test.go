// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// kubernetesBlock is a kubernetes object with the given attributes set and
// every other one null.
func kubernetesBlock(t *testing.T, set map[string]attr.Value) types.Object {
	t.Helper()
	objType, ok := providerSchema().Attributes["kubernetes"].GetType().(types.ObjectType)
	if !ok {
		t.Fatal("kubernetes is not an object")
	}
	values := map[string]attr.Value{}
	for name, typ := range objType.AttrTypes {
		values[name] = set[name]
		if values[name] != nil {
			continue
		}
		switch typ := typ.(type) {
		case types.ListType:
			values[name] = types.ListNull(typ.ElemType)
		case types.ObjectType:
			values[name] = types.ObjectNull(typ.AttrTypes)
		default:
			if typ == types.BoolType {
				values[name] = types.BoolNull()
			} else {
				values[name] = types.StringNull()
			}
		}
	}
	obj, diags := types.ObjectValue(objType.AttrTypes, values)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return obj
}

func configure(t *testing.T, k types.Object) (*clients.Clients, diag.Diagnostics) {
	t.Helper()
	chart := mustBe[types.ObjectType](t, providerSchema().Attributes["chart"].GetType())
	return providerModel{Kubernetes: k, Chart: types.ObjectNull(chart.AttrTypes)}.clients(context.Background(), "test")
}

// Configure reports the environment's mistakes at once, and nothing about a
// missing connection (validate and plans that need no cluster must work).
func TestConfigureChecksTheEnvironment(t *testing.T) {
	for _, k := range []string{clients.EnvConfigPath, clients.EnvConfigPaths, clients.EnvHost, clients.EnvInsecure,
		clients.EnvProxyURL, clients.EnvKubeconfig, "KUBERNETES_SERVICE_HOST"} {
		t.Setenv(k, "")
	}
	paths := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("/a")})
	cases := []struct {
		name     string
		env      map[string]string
		block    map[string]attr.Value
		summary  string
		path     path.Path
		noLeak   string
		wantKnow bool
	}{
		{name: "nothing configured", wantKnow: true},
		{name: "KUBE_INSECURE", env: map[string]string{clients.EnvHost: "https://h", clients.EnvInsecure: "maybe"},
			summary: "Invalid Kubernetes connection settings in the environment", wantKnow: true},
		{name: "KUBE_PROXY_URL", env: map[string]string{clients.EnvHost: "https://h", clients.EnvProxyURL: "ftp://u:s3cret@p"},
			summary: "Invalid Kubernetes connection settings in the environment", noLeak: "s3cret", wantKnow: true},
		{name: "config_paths with KUBE_CONFIG_PATH", env: map[string]string{clients.EnvConfigPath: "/b"},
			block: map[string]attr.Value{"config_paths": paths}, summary: "Conflicting kubeconfig settings",
			path: path.Root("kubernetes").AtName("config_paths"), wantKnow: true},
		{name: "unknown settings are not checked", env: map[string]string{clients.EnvInsecure: "maybe"},
			block: map[string]attr.Value{"host": types.StringUnknown()}},
		{name: "an unknown path in config_paths", block: map[string]attr.Value{
			"config_paths": types.ListValueMust(types.StringType, []attr.Value{types.StringUnknown()})}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			c, diags := configure(t, kubernetesBlock(t, tc.block))
			if c.Known() != tc.wantKnow {
				t.Errorf("Known() = %v, want %v", c.Known(), tc.wantKnow)
			}
			if tc.summary == "" {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Summary() != tc.summary {
				t.Fatalf("diagnostics = %v, want one %q", diags, tc.summary)
			}
			if withPath, ok := diags[0].(diag.DiagnosticWithPath); ok != (len(tc.path.Steps()) > 0) ||
				(ok && !withPath.Path().Equal(tc.path)) {
				t.Errorf("diagnostic path: %v, want %v", diags[0], tc.path)
			}
			if tc.noLeak != "" && strings.Contains(diags[0].Detail(), tc.noLeak) {
				t.Errorf("detail repeats %q: %s", tc.noLeak, diags[0].Detail())
			}
		})
	}
}

func TestProxyURLValidator(t *testing.T) {
	at := path.Root("kubernetes").AtName("proxy_url")
	for value, ok := range map[string]bool{"http://p:3128": true, "socks5://p:1080": true, "": true,
		"p:3128": false, "ftp://user:s3cret@p": false} {
		resp := &validator.StringResponse{}
		proxyURLValidator{}.ValidateString(context.Background(),
			validator.StringRequest{Path: at, ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("%q: diagnostics %v, want ok=%v", value, resp.Diagnostics, ok)
			continue
		}
		if !ok {
			d := mustBe[diag.DiagnosticWithPath](t, resp.Diagnostics[0])
			if !d.Path().Equal(at) || strings.Contains(d.Detail(), "s3cret") {
				t.Errorf("%q: diagnostic %v at %v", value, d.Detail(), d.Path())
			}
		}
	}
}

// mustBe is v as a T; a v of another type fails the test.
func mustBe[T any](t testing.TB, v any) T {
	t.Helper()
	out, ok := v.(T)
	if !ok {
		t.Fatalf("%T is not a %T", v, out)
	}
	return out
}

// qps and burst_limit reach the client; without qps there is no
// client-side limit (client-go's rest.Config: a negative QPS).
func TestRateLimitSettings(t *testing.T) {
	t.Setenv(clients.EnvKubeconfig, "")
	host := kubernetesBlock(t, map[string]attr.Value{"host": types.StringValue("https://h")})
	chart := mustBe[types.ObjectType](t, providerSchema().Attributes["chart"].GetType())
	cases := []struct {
		name      string
		qps       types.Float64
		burst     types.Int64
		wantQPS   float32
		wantBurst int
	}{
		{name: "unset", qps: types.Float64Null(), burst: types.Int64Null(), wantQPS: -1},
		{name: "unknown until apply", qps: types.Float64Unknown(), burst: types.Int64Null(), wantQPS: -1},
		{name: "qps", qps: types.Float64Value(20), burst: types.Int64Null(), wantQPS: 20, wantBurst: clients.DefaultBurst},
		{name: "qps and burst_limit", qps: types.Float64Value(20), burst: types.Int64Value(5), wantQPS: 20, wantBurst: 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := providerModel{Kubernetes: host, QPS: tc.qps, BurstLimit: tc.burst, Chart: types.ObjectNull(chart.AttrTypes)}
			c, diags := m.clients(context.Background(), "test")
			if diags.HasError() {
				t.Fatal(diags)
			}
			cfg, err := c.Kube.RESTConfig()
			if err != nil {
				t.Fatal(err)
			}
			if cfg.QPS != tc.wantQPS || cfg.Burst != tc.wantBurst {
				t.Errorf("QPS, Burst = %v, %v; want %v, %v", cfg.QPS, cfg.Burst, tc.wantQPS, tc.wantBurst)
			}
		})
	}
}

// qps and burst_limit refuse values below 1, and burst_limit needs qps:
// at validate, on their attribute paths.
func TestRateLimitValidation(t *testing.T) {
	typ := mustBe[tftypes.Object](t, providerSchema().Type().TerraformType(context.Background()))
	server := providerserver.NewProtocol6(New("test")())()
	cases := []struct {
		name      string
		qps       any
		burst     any
		wantPaths []string
	}{
		{name: "neither"},
		{name: "qps and burst_limit", qps: 20, burst: 40},
		{name: "qps below 1", qps: 0.5, wantPaths: []string{"qps"}},
		{name: "burst_limit 0", qps: 20, burst: 0, wantPaths: []string{"burst_limit"}},
		{name: "burst_limit without qps", burst: 40, wantPaths: []string{"burst_limit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			values := map[string]tftypes.Value{}
			for name, at := range typ.AttributeTypes {
				values[name] = tftypes.NewValue(at, nil)
			}
			if tc.qps != nil {
				values["qps"] = tftypes.NewValue(tftypes.Number, tc.qps)
			}
			if tc.burst != nil {
				values["burst_limit"] = tftypes.NewValue(tftypes.Number, tc.burst)
			}
			dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := server.ValidateProviderConfig(context.Background(), &tfprotov6.ValidateProviderConfigRequest{Config: &dv})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					paths = append(paths, d.Attribute.String())
				}
			}
			var want []string
			for _, name := range tc.wantPaths {
				want = append(want, tftypes.NewAttributePath().WithAttributeName(name).String())
			}
			if strings.Join(paths, ",") != strings.Join(want, ",") {
				t.Errorf("errors on %v, want %v: %v", paths, tc.wantPaths, resp.Diagnostics)
			}
		})
	}
}

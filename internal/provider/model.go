// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// providerModel keeps the nested blocks as objects: during plan any of them,
// or any attribute inside, may be unknown, and that must not be an error.
type providerModel struct {
	Kubernetes types.Object  `tfsdk:"kubernetes"`
	QPS        types.Float64 `tfsdk:"qps"`
	BurstLimit types.Int64   `tfsdk:"burst_limit"`
	Chart      types.Object  `tfsdk:"chart"`
}

type kubernetesModel struct {
	ConfigPath            types.String `tfsdk:"config_path"`
	ConfigPaths           types.List   `tfsdk:"config_paths"`
	ConfigContext         types.String `tfsdk:"config_context"`
	ConfigContextAuthInfo types.String `tfsdk:"config_context_auth_info"`
	ConfigContextCluster  types.String `tfsdk:"config_context_cluster"`
	Host                  types.String `tfsdk:"host"`
	Username              types.String `tfsdk:"username"`
	Password              types.String `tfsdk:"password"`
	Token                 types.String `tfsdk:"token"`
	ClusterCACertificate  types.String `tfsdk:"cluster_ca_certificate"`
	ClientCertificate     types.String `tfsdk:"client_certificate"`
	ClientKey             types.String `tfsdk:"client_key"`
	Insecure              types.Bool   `tfsdk:"insecure"`
	TLSServerName         types.String `tfsdk:"tls_server_name"`
	ProxyURL              types.String `tfsdk:"proxy_url"`
	Exec                  types.Object `tfsdk:"exec"`
}

type execModel struct {
	APIVersion types.String `tfsdk:"api_version"`
	Command    types.String `tfsdk:"command"`
	Args       types.List   `tfsdk:"args"`
	Env        types.Map    `tfsdk:"env"`
}

type chartModel struct {
	Repository types.String `tfsdk:"repository"`
	Version    types.String `tfsdk:"version"`
}

// clients turns the configuration into lazy clients. Any unknown connection
// value makes the whole connection unknown: half-known settings would dial
// the wrong cluster.
func (m providerModel) clients(ctx context.Context, userAgent string) (*clients.Clients, diag.Diagnostics) {
	var diags diag.Diagnostics
	s, unknown := clients.KubeSettings{}, m.Kubernetes.IsUnknown()
	if !m.Kubernetes.IsNull() && !m.Kubernetes.IsUnknown() {
		var k kubernetesModel
		diags.Append(m.Kubernetes.As(ctx, &k, basetypes.ObjectAsOptions{})...)
		var d diag.Diagnostics
		s, unknown, d = k.settings(ctx)
		diags.Append(d...)
	}
	s.QPS, s.Burst = m.rateLimit()
	if !unknown && !diags.HasError() {
		// The environment is the provider process's: bad KUBE_* values are
		// worth an error now, not at the first read.
		// No connection at all is an error only for what needs the cluster.
		err := s.Validate(os.Getenv)
		switch {
		case errors.Is(err, clients.ErrConfigPathsConflict):
			diags.AddAttributeError(path.Root("kubernetes").AtName("config_paths"), "Conflicting kubeconfig settings", err.Error())
		case err != nil && !errors.Is(err, clients.ErrNoConnection):
			diags.AddError("Invalid Kubernetes connection settings in the environment", err.Error())
		}
		tflog.Debug(ctx, "kubernetes connection", map[string]any{"source": s.Describe(os.Getenv)})
	}
	chart := clients.ChartSettings{Repository: DefaultChartRepository, Version: DefaultChartVersion}
	if !m.Chart.IsNull() && !m.Chart.IsUnknown() {
		var c chartModel
		diags.Append(m.Chart.As(ctx, &c, basetypes.ObjectAsOptions{})...)
		if v := c.Repository.ValueString(); v != "" {
			chart.Repository = v
		}
		if v := c.Version.ValueString(); v != "" {
			chart.Version = v
		}
	}
	if !unknown {
		diags.Append(connectionDiagnostics(s)...)
	}
	return clients.New(s, unknown, chart, userAgent), diags
}

// rateLimit is the client-side limit qps and burst_limit ask for: none
// when qps is unset (or unknown until apply).
func (m providerModel) rateLimit() (qps float32, burst int) {
	if m.QPS.IsNull() || m.QPS.IsUnknown() {
		return 0, 0
	}
	burst = clients.DefaultBurst
	if !m.BurstLimit.IsNull() && !m.BurstLimit.IsUnknown() {
		burst = int(m.BurstLimit.ValueInt64())
	}
	return float32(m.QPS.ValueFloat64()), burst
}

// settings converts the block; unknown is true when any value in it is.
func (k kubernetesModel) settings(ctx context.Context) (clients.KubeSettings, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	unknown := k.Insecure.IsUnknown() || k.Exec.IsUnknown() || k.ConfigPaths.IsUnknown()
	for _, v := range []types.String{k.ConfigPath, k.ConfigContext, k.ConfigContextAuthInfo, k.ConfigContextCluster,
		k.Host, k.Username, k.Password, k.Token, k.ClusterCACertificate, k.ClientCertificate, k.ClientKey,
		k.TLSServerName, k.ProxyURL} {
		unknown = unknown || v.IsUnknown()
	}
	s := clients.KubeSettings{
		ConfigPath:            k.ConfigPath.ValueString(),
		ConfigContext:         k.ConfigContext.ValueString(),
		ConfigContextAuthInfo: k.ConfigContextAuthInfo.ValueString(),
		ConfigContextCluster:  k.ConfigContextCluster.ValueString(),
		Host:                  k.Host.ValueString(),
		Username:              k.Username.ValueString(),
		Password:              k.Password.ValueString(),
		Token:                 k.Token.ValueString(),
		ClusterCACertificate:  k.ClusterCACertificate.ValueString(),
		ClientCertificate:     k.ClientCertificate.ValueString(),
		ClientKey:             k.ClientKey.ValueString(),
		Insecure:              k.Insecure.ValueBoolPointer(),
		TLSServerName:         k.TLSServerName.ValueString(),
		ProxyURL:              k.ProxyURL.ValueString(),
	}
	paths, pathsUnknown, d := stringList(ctx, k.ConfigPaths)
	diags.Append(d...)
	s.ConfigPaths, unknown = paths, unknown || pathsUnknown
	if !k.Exec.IsNull() && !k.Exec.IsUnknown() {
		exec, execUnknown, d := execSettings(ctx, k.Exec)
		diags.Append(d...)
		s.Exec, unknown = exec, unknown || execUnknown
	}
	return s, unknown, diags
}

func execSettings(ctx context.Context, obj types.Object) (*clients.ExecSettings, bool, diag.Diagnostics) {
	var (
		e     execModel
		diags diag.Diagnostics
	)
	diags.Append(obj.As(ctx, &e, basetypes.ObjectAsOptions{})...)
	unknown := e.APIVersion.IsUnknown() || e.Command.IsUnknown() || e.Env.IsUnknown()
	exec := &clients.ExecSettings{APIVersion: e.APIVersion.ValueString(), Command: e.Command.ValueString()}
	args, argsUnknown, d := stringList(ctx, e.Args)
	diags.Append(d...)
	exec.Args, unknown = args, unknown || argsUnknown
	env := map[string]types.String{}
	diags.Append(e.Env.ElementsAs(ctx, &env, false)...)
	exec.Env = map[string]string{}
	for k, v := range env {
		unknown = unknown || v.IsUnknown()
		exec.Env[k] = v.ValueString()
	}
	return exec, unknown, diags
}

// stringList reads a list of strings that may be null, unknown or hold
// unknown elements.
func stringList(ctx context.Context, l types.List) ([]string, bool, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, l.IsUnknown(), nil
	}
	var elems []types.String
	diags := l.ElementsAs(ctx, &elems, false)
	var out []string
	unknown := false
	for _, e := range elems {
		unknown = unknown || e.IsUnknown()
		out = append(out, e.ValueString())
	}
	return out, unknown, diags
}

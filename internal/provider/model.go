package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// providerModel keeps the nested blocks as objects: during plan any of them,
// or any attribute inside, may be unknown, and that must not be an error.
type providerModel struct {
	Kubernetes types.Object `tfsdk:"kubernetes"`
	Chart      types.Object `tfsdk:"chart"`
}

type kubernetesModel struct {
	ConfigPath           types.String `tfsdk:"config_path"`
	ConfigContext        types.String `tfsdk:"config_context"`
	Host                 types.String `tfsdk:"host"`
	Token                types.String `tfsdk:"token"`
	ClusterCACertificate types.String `tfsdk:"cluster_ca_certificate"`
	ClientCertificate    types.String `tfsdk:"client_certificate"`
	ClientKey            types.String `tfsdk:"client_key"`
	Insecure             types.Bool   `tfsdk:"insecure"`
	Exec                 types.Object `tfsdk:"exec"`
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
	var (
		diags   diag.Diagnostics
		opts    = basetypes.ObjectAsOptions{}
		s       clients.KubeSettings
		unknown = m.Kubernetes.IsUnknown()
	)
	if !m.Kubernetes.IsNull() && !m.Kubernetes.IsUnknown() {
		var k kubernetesModel
		diags.Append(m.Kubernetes.As(ctx, &k, opts)...)
		for _, v := range []types.String{k.ConfigPath, k.ConfigContext, k.Host, k.Token,
			k.ClusterCACertificate, k.ClientCertificate, k.ClientKey} {
			unknown = unknown || v.IsUnknown()
		}
		unknown = unknown || k.Insecure.IsUnknown() || k.Exec.IsUnknown()
		s = clients.KubeSettings{
			ConfigPath:           k.ConfigPath.ValueString(),
			ConfigContext:        k.ConfigContext.ValueString(),
			Host:                 k.Host.ValueString(),
			Token:                k.Token.ValueString(),
			ClusterCACertificate: k.ClusterCACertificate.ValueString(),
			ClientCertificate:    k.ClientCertificate.ValueString(),
			ClientKey:            k.ClientKey.ValueString(),
			Insecure:             k.Insecure.ValueBool(),
		}
		if !k.Exec.IsNull() && !k.Exec.IsUnknown() {
			var e execModel
			diags.Append(k.Exec.As(ctx, &e, opts)...)
			unknown = unknown || e.APIVersion.IsUnknown() || e.Command.IsUnknown() || e.Args.IsUnknown() || e.Env.IsUnknown()
			s.Exec = &clients.ExecSettings{APIVersion: e.APIVersion.ValueString(), Command: e.Command.ValueString()}
			var args []types.String
			diags.Append(e.Args.ElementsAs(ctx, &args, false)...)
			for _, a := range args {
				unknown = unknown || a.IsUnknown()
				s.Exec.Args = append(s.Exec.Args, a.ValueString())
			}
			env := map[string]types.String{}
			diags.Append(e.Env.ElementsAs(ctx, &env, false)...)
			s.Exec.Env = map[string]string{}
			for k, v := range env {
				unknown = unknown || v.IsUnknown()
				s.Exec.Env[k] = v.ValueString()
			}
		}
	}
	chart := clients.ChartSettings{Repository: DefaultChartRepository, Version: DefaultChartVersion}
	if !m.Chart.IsNull() && !m.Chart.IsUnknown() {
		var c chartModel
		diags.Append(m.Chart.As(ctx, &c, opts)...)
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

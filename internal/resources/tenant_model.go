// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

type tenantModel struct {
	ID              types.String   `tfsdk:"id"`
	Name            types.String   `tfsdk:"name"`
	Namespace       types.String   `tfsdk:"namespace"`
	CreateNamespace types.Bool     `tfsdk:"create_namespace"`
	ControllerName  types.String   `tfsdk:"controller_name"`
	Watch           types.Object   `tfsdk:"watch"`
	DeployType      types.String   `tfsdk:"deploy_type"`
	Chart           types.Object   `tfsdk:"chart"`
	Values          types.String   `tfsdk:"values"`
	SensitiveValues types.String   `tfsdk:"sensitive_values"`
	Wait            types.Bool     `tfsdk:"wait"`
	DisableHooks    types.Bool     `tfsdk:"disable_hooks"`
	MaxHistory      types.Int64    `tfsdk:"max_history"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	ReleaseName     types.String   `tfsdk:"release_name"`
	Revision        types.Int64    `tfsdk:"revision"`
	Status          types.String   `tfsdk:"status"`
	ChartVersion    types.String   `tfsdk:"chart_version"`
	AppVersion      types.String   `tfsdk:"app_version"`
	ValuesSHA256    types.String   `tfsdk:"values_sha256"`
}

type tenantChartModel struct {
	Repository            types.String `tfsdk:"repository"`
	Version               types.String `tfsdk:"version"`
	Username              types.String `tfsdk:"username"`
	PasswordWO            types.String `tfsdk:"password_wo"`
	CACertificate         types.String `tfsdk:"ca_certificate"`
	InsecureSkipTLSVerify types.Bool   `tfsdk:"insecure_skip_tls_verify"`
	PlainHTTP             types.Bool   `tfsdk:"plain_http"`
}

var asObject = basetypes.ObjectAsOptions{}

var tenantTypes = typesOf(tenantSchema)

// tenantWatchType is the type of eg_tenant's watch attribute.
func tenantWatchType(ctx context.Context) attr.Type { return tenantTypes(ctx)["watch"] }

// toTenant is the model as the translator's input, unknown values kept
// unknown; values and sensitive_values are merged into one YAML text.
func (m *tenantModel) toTenant() (translate.Tenant, diag.Diagnostics) {
	var diags diag.Diagnostics
	watch, d := toTranslate[translate.Watch](m.Watch)
	diags.Append(d...)
	return translate.Tenant{
		Name:            str(m.Name),
		Namespace:       str(m.Namespace),
		ReleaseName:     str(m.ReleaseName),
		CreateNamespace: boolean(m.CreateNamespace),
		ControllerName:  str(m.ControllerName),
		DeployType:      str(m.DeployType),
		Watch:           watch,
		Values:          mergedValuesText(m.Values, m.SensitiveValues, &diags),
	}, diags
}

// setTenant is toTenant's inverse for what a release records (see
// translate.ParseTenantRelease): controller_name, deploy_type and watch.
func (m *tenantModel) setTenant(ctx context.Context, t translate.Tenant) diag.Diagnostics {
	if t.ControllerName.IsKnown() {
		m.ControllerName = stringOf(t.ControllerName)
	}
	if t.DeployType.IsKnown() {
		m.DeployType = stringOf(t.DeployType)
	}
	var diags diag.Diagnostics
	m.Watch, diags = fromTranslateAs[types.Object](ctx, t.Watch, tenantWatchType(ctx))
	return diags
}

// chartSource resolves the tenant's chart over the provider's default. The
// password comes from the configuration only (it is write-only).
func (m tenantModel) chartSource(ctx context.Context, def clients.ChartSettings, password types.String) (clients.ChartSource, diag.Diagnostics) {
	var diags diag.Diagnostics
	src := clients.ChartSource{Repository: def.Repository, Version: def.Version}
	if m.Chart.IsNull() || m.Chart.IsUnknown() {
		return src, diags
	}
	var c tenantChartModel
	diags.Append(m.Chart.As(ctx, &c, asObject)...)
	if v := c.Repository.ValueString(); v != "" {
		src.Repository = v
	}
	if v := c.Version.ValueString(); v != "" {
		src.Version = v
	}
	src.Username = c.Username.ValueString()
	src.Password = password.ValueString()
	src.CACertificate = c.CACertificate.ValueString()
	src.InsecureSkipTLSVerify = c.InsecureSkipTLSVerify.ValueBool()
	src.PlainHTTP = c.PlainHTTP.ValueBool()
	return src, diags
}

// desiredChartVersion is the chart version the plan installs, unknown when
// the chart block is not known yet.
func (m tenantModel) desiredChartVersion(ctx context.Context, def clients.ChartSettings) types.String {
	if m.Chart.IsUnknown() {
		return types.StringUnknown()
	}
	if m.Chart.IsNull() {
		return types.StringValue(def.Version)
	}
	var c tenantChartModel
	if diags := m.Chart.As(ctx, &c, asObject); diags.HasError() || c.Version.IsUnknown() {
		return types.StringUnknown()
	}
	if v := c.Version.ValueString(); v != "" {
		return types.StringValue(v)
	}
	return types.StringValue(def.Version)
}

// release is the tenant's Helm release name: release_name, or eg-<name>.
func (m *tenantModel) release() string {
	if rn := m.ReleaseName.ValueString(); rn != "" && !m.ReleaseName.IsUnknown() {
		return rn
	}
	return translate.ReleaseName(m.Name.ValueString())
}

// importID is the ID that imports the tenant: <namespace>/<name>, and
// /<release> when the release is not eg-<name>.
func (m *tenantModel) importID() string {
	id := m.Namespace.ValueString() + "/" + m.Name.ValueString()
	if rel := m.release(); rel != translate.ReleaseName(m.Name.ValueString()) {
		id += "/" + rel
	}
	return id
}

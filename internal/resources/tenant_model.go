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

type watchModel struct {
	Namespaces        types.List   `tfsdk:"namespaces"`
	NamespaceSelector types.Object `tfsdk:"namespace_selector"`
}

type selectorModel struct {
	MatchLabels      types.Map  `tfsdk:"match_labels"`
	MatchExpressions types.List `tfsdk:"match_expressions"`
}

type requirementModel struct {
	Key      types.String `tfsdk:"key"`
	Operator types.String `tfsdk:"operator"`
	Values   types.List   `tfsdk:"values"`
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

var (
	requirementAttrTypes = map[string]attr.Type{
		"key": types.StringType, "operator": types.StringType, "values": types.ListType{ElemType: types.StringType},
	}
	selectorAttrTypes = map[string]attr.Type{
		"match_labels":      types.MapType{ElemType: types.StringType},
		"match_expressions": types.ListType{ElemType: types.ObjectType{AttrTypes: requirementAttrTypes}},
	}
	watchAttrTypes = map[string]attr.Type{
		"namespaces":         types.ListType{ElemType: types.StringType},
		"namespace_selector": types.ObjectType{AttrTypes: selectorAttrTypes},
	}
)

var asObject = basetypes.ObjectAsOptions{}

// translateTenant converts the plan (or state) into the translator's input,
// keeping unknown values unknown.
func (m tenantModel) translateTenant(ctx context.Context) (translate.Tenant, diag.Diagnostics) {
	var diags diag.Diagnostics
	t := translate.Tenant{
		Name:            str(m.Name),
		Namespace:       str(m.Namespace),
		CreateNamespace: boolean(m.CreateNamespace),
		ControllerName:  str(m.ControllerName),
		DeployType:      str(m.DeployType),
	}
	t.Values = mergedValuesText(m.Values, m.SensitiveValues, &diags)
	switch {
	case m.Watch.IsUnknown():
		t.Watch = translate.Unknown[translate.Watch]()
	case !m.Watch.IsNull():
		var w watchModel
		diags.Append(m.Watch.As(ctx, &w, asObject)...)
		tw := translate.Watch{Namespaces: stringList(ctx, w.Namespaces, &diags)}
		if w.NamespaceSelector.IsUnknown() {
			tw.NamespaceSelector = translate.Unknown[translate.LabelSelector]()
		} else if !w.NamespaceSelector.IsNull() {
			tw.NamespaceSelector = translate.Known(labelSelector(ctx, w.NamespaceSelector, &diags))
		}
		t.Watch = translate.Known(tw)
	}
	return t, diags
}

// labelSelector converts a known selector object.
func labelSelector(ctx context.Context, obj types.Object, diags *diag.Diagnostics) translate.LabelSelector {
	var sel selectorModel
	diags.Append(obj.As(ctx, &sel, asObject)...)
	out := translate.LabelSelector{MatchLabels: stringMap(ctx, sel.MatchLabels, diags)}
	switch {
	case sel.MatchExpressions.IsUnknown():
		out.MatchExpressions = translate.Unknown[[]translate.LabelSelectorRequirement]()
	case !sel.MatchExpressions.IsNull():
		var reqs []requirementModel
		diags.Append(sel.MatchExpressions.ElementsAs(ctx, &reqs, false)...)
		list := make([]translate.LabelSelectorRequirement, 0, len(reqs))
		for _, r := range reqs {
			list = append(list, translate.LabelSelectorRequirement{
				Key: str(r.Key), Operator: str(r.Operator), Values: stringList(ctx, r.Values, diags),
			})
		}
		out.MatchExpressions = translate.Known(list)
	}
	return out
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

func str(v types.String) translate.Value[string] {
	switch {
	case v.IsUnknown():
		return translate.Unknown[string]()
	case v.IsNull():
		return translate.Null[string]()
	}
	return translate.Known(v.ValueString())
}

func boolean(v types.Bool) translate.Value[bool] {
	switch {
	case v.IsUnknown():
		return translate.Unknown[bool]()
	case v.IsNull():
		return translate.Null[bool]()
	}
	return translate.Known(v.ValueBool())
}

// stringList is unknown when the list or any element is unknown.
func stringList(ctx context.Context, l types.List, diags *diag.Diagnostics) translate.Value[[]string] {
	switch {
	case l.IsUnknown():
		return translate.Unknown[[]string]()
	case l.IsNull():
		return translate.Null[[]string]()
	}
	var elems []types.String
	diags.Append(l.ElementsAs(ctx, &elems, false)...)
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		if e.IsUnknown() {
			return translate.Unknown[[]string]()
		}
		out = append(out, e.ValueString())
	}
	return translate.Known(out)
}

// stringMap is unknown when the map or any element is unknown.
func stringMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) translate.Value[map[string]string] {
	switch {
	case m.IsUnknown():
		return translate.Unknown[map[string]string]()
	case m.IsNull():
		return translate.Null[map[string]string]()
	}
	elems := map[string]types.String{}
	diags.Append(m.ElementsAs(ctx, &elems, false)...)
	out := make(map[string]string, len(elems))
	for k, e := range elems {
		if e.IsUnknown() {
			return translate.Unknown[map[string]string]()
		}
		out[k] = e.ValueString()
	}
	return translate.Known(out)
}

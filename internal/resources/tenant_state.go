package resources

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"helm.sh/helm/v3/pkg/release"
)

// fromRelease sets the computed attributes from a release.
func (m *tenantModel) fromRelease(rel *release.Release) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(m.Namespace.ValueString() + "/" + m.Name.ValueString())
	m.ReleaseName = types.StringValue(rel.Name)
	m.Revision = types.Int64Value(int64(rel.Version))
	if rel.Info == nil || rel.Chart == nil || rel.Chart.Metadata == nil {
		diags.AddError("Corrupt Helm release record",
			fmt.Sprintf("Helm release %s/%s (revision %d) has no status or chart metadata; its record is damaged. "+
				"Inspect the release's Secrets (label owner=helm, name=%s) and repair or delete the newest one.",
				rel.Namespace, rel.Name, rel.Version, rel.Name))
		return diags
	}
	m.Status = types.StringValue(string(rel.Info.Status))
	m.ChartVersion = types.StringValue(rel.Chart.Metadata.Version)
	m.AppVersion = types.StringValue(rel.Chart.Metadata.AppVersion)
	sum, err := valuesSHA256(rel.Config)
	if err != nil {
		diags.AddError("Cannot hash the release's values", err.Error())
	}
	m.ValuesSHA256 = types.StringValue(sum)
	return diags
}

// typedFromRelease reads the typed attributes back from the release's
// values, so changes made outside Terraform show in the plan. On import it
// also restores the settings kept in the release's labels. It never
// restores values or sensitive_values: the release keeps them merged, and
// nothing tells a secret from a plain value, so whatever the typed
// attributes do not own stays out of the state (values_sha256 still sees
// it) rather than be written there in clear.
func (m *tenantModel) typedFromRelease(ctx context.Context, rel *release.Release, importing bool) diag.Diagnostics {
	var diags diag.Diagnostics
	cfg := rel.Config
	if ctrl, ok := dig(cfg, "config", "envoyGateway", "gateway", "controllerName").(string); ok {
		m.ControllerName = types.StringValue(ctrl)
	}
	kube, _ := dig(cfg, "config", "envoyGateway", "provider", "kubernetes").(map[string]any)
	if dt, ok := dig(kube, "deploy", "type").(string); ok {
		m.DeployType = types.StringValue(dt)
	}
	m.Watch = watchFromValues(ctx, kube["watch"], &diags)

	if importing {
		labels := rel.Labels
		m.CreateNamespace = boolLabel(labels, labelCreateNamespace, false)
		m.DisableHooks = boolLabel(labels, labelDisableHooks, false)
		m.Wait = boolLabel(labels, labelWait, true)
		m.MaxHistory = types.Int64Value(defaultMaxHistory)
		if n, err := strconv.ParseInt(labels[labelMaxHistory], 10, 64); err == nil {
			m.MaxHistory = types.Int64Value(n)
		}
		m.Values, m.SensitiveValues = types.StringNull(), types.StringNull()
	}
	return diags
}

// watchFromValues turns the chart's watch values into the watch attribute.
func watchFromValues(ctx context.Context, w any, diags *diag.Diagnostics) types.Object {
	wm, ok := w.(map[string]any)
	if !ok {
		return types.ObjectNull(watchAttrTypes)
	}
	attrs := map[string]attr.Value{
		"namespaces":         types.ListNull(types.StringType),
		"namespace_selector": types.ObjectNull(selectorAttrTypes),
	}
	switch wm["type"] {
	case "Namespaces":
		var names []string
		list, _ := wm["namespaces"].([]any)
		for _, n := range list {
			if s, ok := n.(string); ok {
				names = append(names, s)
			}
		}
		l, d := types.ListValueFrom(ctx, types.StringType, names)
		diags.Append(d...)
		attrs["namespaces"] = l
	case "NamespaceSelector":
		sel, _ := wm["namespaceSelector"].(map[string]any)
		attrs["namespace_selector"] = selectorFromValues(ctx, sel, diags)
	default:
		return types.ObjectNull(watchAttrTypes)
	}
	obj, d := types.ObjectValue(watchAttrTypes, attrs)
	diags.Append(d...)
	return obj
}

func selectorFromValues(ctx context.Context, sel map[string]any, diags *diag.Diagnostics) types.Object {
	labels := types.MapNull(types.StringType)
	if ml, ok := sel["matchLabels"].(map[string]any); ok {
		m := map[string]string{}
		for k, v := range ml {
			m[k], _ = v.(string)
		}
		var d diag.Diagnostics
		labels, d = types.MapValueFrom(ctx, types.StringType, m)
		diags.Append(d...)
	}
	exprs := types.ListNull(types.ObjectType{AttrTypes: requirementAttrTypes})
	if me, ok := sel["matchExpressions"].([]any); ok {
		var reqs []requirementModel
		for _, e := range me {
			em, _ := e.(map[string]any)
			key, _ := em["key"].(string)
			op, _ := em["operator"].(string)
			vals := types.ListNull(types.StringType)
			if vs, ok := em["values"].([]any); ok {
				var ss []string
				for _, v := range vs {
					s, _ := v.(string)
					ss = append(ss, s)
				}
				var d diag.Diagnostics
				vals, d = types.ListValueFrom(ctx, types.StringType, ss)
				diags.Append(d...)
			}
			reqs = append(reqs, requirementModel{Key: types.StringValue(key), Operator: types.StringValue(op), Values: vals})
		}
		var d diag.Diagnostics
		exprs, d = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: requirementAttrTypes}, reqs)
		diags.Append(d...)
	}
	obj, d := types.ObjectValue(selectorAttrTypes, map[string]attr.Value{"match_labels": labels, "match_expressions": exprs})
	diags.Append(d...)
	return obj
}

func dig(m map[string]any, keys ...string) any {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

func boolLabel(labels map[string]string, key string, def bool) types.Bool {
	if v, err := strconv.ParseBool(labels[key]); err == nil {
		return types.BoolValue(v)
	}
	return types.BoolValue(def)
}

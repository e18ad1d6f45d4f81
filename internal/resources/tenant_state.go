// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"helm.sh/helm/v3/pkg/release"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
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
	sum, err := releaseValuesSHA256(rel)
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
	t, err := translate.ParseTenantRelease(m.Name.ValueString(), rel.Namespace, effectiveValues(rel.Config, chartValues(rel)))
	if err != nil {
		diags.AddWarning("Cannot read the tenant's settings from its release",
			fmt.Sprintf("Helm release %s/%s: %v. Envoy Gateway refuses such a configuration; the next apply writes the configured one.",
				rel.Namespace, rel.Name, err))
	} else {
		diags.Append(m.setTenant(ctx, t)...)
	}
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

func boolLabel(labels map[string]string, key string, def bool) types.Bool {
	if v, err := strconv.ParseBool(labels[key]); err == nil {
		return types.BoolValue(v)
	}
	return types.BoolValue(def)
}

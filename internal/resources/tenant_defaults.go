// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/release"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// values_sha256 hashes a release's effective values: its values over its
// chart's defaults. So a value set to what the chart would use anyway is
// no change, and a release installed by hand with the chart's defaults
// imports into a configuration that spells them out with an empty plan.
// The plan needs the chart's defaults to compute it; the resource keeps
// them in its private state (chartDefaultsKey), with their chart version.

const chartDefaultsKey = "chart_defaults"

type chartDefaults struct {
	Version string         `json:"version"`
	Values  map[string]any `json:"values"`
}

// effectiveValues is values coalesced over the chart's defaults, as Helm
// renders them.
func effectiveValues(values, defaults map[string]any) map[string]any {
	v, _ := deepCopyJSON(values).(map[string]any)
	d, _ := deepCopyJSON(defaults).(map[string]any)
	if v == nil {
		v = map[string]any{}
	}
	return chartutil.CoalesceTables(v, d)
}

func deepCopyJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// releaseValuesSHA256 is the values_sha256 of a release.
func releaseValuesSHA256(rel *release.Release) (string, error) {
	return valuesSHA256(effectiveValues(rel.Config, chartValues(rel)))
}

// chartValues is the default values of a release's chart.
func chartValues(rel *release.Release) map[string]any {
	if rel.Chart == nil {
		return nil
	}
	return rel.Chart.Values
}

// keepChartDefaults records a release's chart defaults in the private
// state, for the next plan.
func keepChartDefaults(ctx context.Context, p privateState, rel *release.Release) diag.Diagnostics {
	if rel.Chart == nil || rel.Chart.Metadata == nil {
		return nil
	}
	raw, err := json.Marshal(chartDefaults{Version: rel.Chart.Metadata.Version, Values: rel.Chart.Values})
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot keep the chart's defaults", err.Error())
		return diags
	}
	return p.SetKey(ctx, chartDefaultsKey, raw)
}

// plannedValuesSHA256 is the values_sha256 the plan promises: the rendered
// values over the chart defaults kept for the chart version planned, or
// unknown (a create, or another chart version: Helm knows after apply).
func plannedValuesSHA256(ctx context.Context, step *planStep[tenantModel], plan *tenantModel) types.String {
	unknown := types.StringUnknown()
	if step.prior == nil || !plan.ChartVersion.Equal(step.prior.ChartVersion) {
		return unknown
	}
	raw, _ := step.req.Private.GetKey(ctx, chartDefaultsKey)
	var kept chartDefaults
	if len(raw) == 0 || json.Unmarshal(raw, &kept) != nil || kept.Version != plan.ChartVersion.ValueString() {
		return unknown
	}
	in, d := plan.toTenant()
	if d.HasError() {
		return unknown
	}
	rendered, err := translate.RenderTenant(in)
	if err != nil {
		return unknown
	}
	sum, err := valuesSHA256(effectiveValues(rendered.Values, kept.Values))
	if err != nil {
		return unknown
	}
	return types.StringValue(sum)
}

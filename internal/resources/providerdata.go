// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/release"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// ProviderData is what the provider hands every resource and data source:
// the lazy clients of one cluster connection, the default chart, and what
// this provider process has seen planned so far.
type ProviderData struct {
	Kube  *clients.Kube
	Helm  releases
	Chart clients.ChartSettings
	Plan  *PlanSet
}

// releases is what tenants need of Helm: release records, installs,
// upgrades, uninstalls, the recovery of interrupted operations, and
// charts. clients.Helm is the real one; tests of error paths use others.
type releases interface {
	ListTenants() ([]clients.TenantRelease, error)
	Latest(name, namespace string) (*release.Release, error)
	Install(ctx context.Context, s clients.ReleaseSpec) (*release.Release, error)
	Upgrade(ctx context.Context, s clients.ReleaseSpec) (*release.Release, error)
	Uninstall(ctx context.Context, name, namespace string, disableHooks bool, timeout time.Duration) error
	RecoverPending(ctx context.Context, name, namespace string, staleAfter time.Duration) (done string, exists bool, err error)
	LoadChart(src clients.ChartSource) (*chart.Chart, error)
}

// NewProviderData wraps the clients of one provider configuration. The Helm
// SDK's log lines go to the provider's log.
func NewProviderData(c *clients.Clients) *ProviderData {
	c.Helm.Log = logHelm
	return &ProviderData{Kube: c.Kube, Helm: c.Helm, Chart: c.Chart, Plan: &PlanSet{}}
}

// dataFrom is the one checked cast of the provider's data. A nil value means
// the provider is not configured yet (validate), which is not an error.
func dataFrom(data any) (*ProviderData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	d, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *resources.ProviderData, got %T. This is a bug in the provider; please report it.", data))
	}
	return d, diags
}

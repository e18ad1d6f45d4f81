// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package provider holds the eg provider: its schema, configuration and the
// resources and data sources it serves.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/egplatform/terraform-provider-eg/internal/resources"
)

var _ provider.Provider = (*egProvider)(nil)

type egProvider struct {
	version string
}

// New returns the provider factory providerserver.Serve and the tests use.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &egProvider{version: version} }
}

func (p *egProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "eg"
	resp.Version = p.version
}

func (p *egProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

// Configure only records the settings: clients are built when a resource or
// data source first needs one, so validate and plans that need no cluster
// work with no cluster reachable, or with settings unknown until apply.
func (p *egProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := cfg.clients(ctx, "terraform-provider-eg/"+p.version)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := resources.NewProviderData(c)
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *egProvider) Resources(context.Context) []func() resource.Resource {
	return resources.Resources()
}

func (p *egProvider) DataSources(context.Context) []func() datasource.DataSource {
	return resources.DataSources()
}

func (p *egProvider) Functions(context.Context) []func() function.Function { return nil }

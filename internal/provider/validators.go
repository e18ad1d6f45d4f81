// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// proxyURLValidator refuses, on the attribute, a proxy_url client-go could
// not use, without quoting it (it may carry a password).
type proxyURLValidator struct{}

var _ validator.String = proxyURLValidator{}

func (proxyURLValidator) Description(context.Context) string {
	return "must be an http, https or socks5 URL with a host"
}

func (v proxyURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (proxyURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	if err := clients.CheckProxyURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid proxy URL", "kubernetes.proxy_url: "+err.Error()+".")
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package resources holds the provider's resources and data sources, one
// group of small files each: <name>.go (CRUD or Read), <name>_schema.go and
// <name>_model.go.
package resources

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Resources lists the resources the provider serves.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewTenantResource,
		NewGatewayClassResource,
		NewMergedProxyResource,
		NewEnvoyProxyResource,
		NewGatewayResource,
		NewHTTPRouteResource,
	}
}

// DataSources lists the data sources the provider serves.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterDataSource,
	}
}

// clientError is the diagnostic for a failed cluster request: which kind of
// failure, and what to check.
func clientError(err error, doing string) diag.Diagnostic {
	summary, detail := explain(err, doing)
	return diag.NewErrorDiagnostic(summary, detail)
}

// isGone reports that an object (or its whole resource type, when the CRD
// was removed) no longer exists.
func isGone(err error) bool { return apierrors.IsNotFound(err) }

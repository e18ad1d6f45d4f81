// Package resources holds the provider's resources and data sources, one
// group of small files each: <name>.go (CRUD or Read), <name>_schema.go and
// <name>_model.go.
package resources

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// Resources lists the resources the provider serves.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewTenantResource,
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
	summary, detail := clients.Explain(err, doing)
	return diag.NewErrorDiagnostic(summary, detail)
}

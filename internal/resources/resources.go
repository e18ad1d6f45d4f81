// Package resources holds the provider's resources and data sources, one
// group of small files each: <name>.go (CRUD or Read), <name>_schema.go and
// <name>_model.go.
package resources

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// Resources lists the resources the provider serves.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{}
}

// DataSources lists the data sources the provider serves.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterDataSource,
	}
}

// clientsFrom is the one checked cast of the provider's data. A nil value
// means the provider is not configured yet (validate), which is not an error.
func clientsFrom(data any) (*clients.Clients, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	c, ok := data.(*clients.Clients)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *clients.Clients, got %T. This is a bug in the provider; please report it.", data))
	}
	return c, diags
}

// clientError is the diagnostic for a failed cluster request: which kind of
// failure, and what to check.
func clientError(err error, doing string) diag.Diagnostic {
	summary, detail := clients.Explain(err, doing)
	return diag.NewErrorDiagnostic(summary, detail)
}

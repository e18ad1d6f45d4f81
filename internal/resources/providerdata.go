package resources

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// ProviderData is what the provider hands every resource and data source:
// the lazy clients, and what this provider process has seen planned so far.
type ProviderData struct {
	Clients *clients.Clients
	Plan    *PlanSet
}

// NewProviderData wraps the clients of one provider configuration.
func NewProviderData(c *clients.Clients) *ProviderData {
	c.Log = logHelm
	return &ProviderData{Clients: c, Plan: &PlanSet{}}
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

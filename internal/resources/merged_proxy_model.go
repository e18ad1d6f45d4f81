package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

type mergedProxyModel struct {
	ID            types.String   `tfsdk:"id"`
	Name          types.String   `tfsdk:"name"`
	Namespace     types.String   `tfsdk:"namespace"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
	ParametersRef types.Object   `tfsdk:"parameters_ref"`
	MergeGateways types.Bool     `tfsdk:"merge_gateways"`
}

var proxyTypes = typesOf(mergedProxySchema)

// toProxy is the model as the translator's input.
func (m *mergedProxyModel) toProxy() translate.EnvoyProxy {
	return translate.EnvoyProxy{Kind: translate.KindMergedProxy, Name: str(m.Name), Namespace: str(m.Namespace), MergeGateways: translate.Known(true)}
}

// derive sets what follows from name and namespace: the id and the
// parameters_ref, unknown while either is.
func (m *mergedProxyModel) derive(ctx context.Context) diag.Diagnostics {
	id, ok := namespacedID(translate.KindEnvoyProxy, m.Namespace, m.Name)
	ref := translate.Unknown[translate.ParametersRef]()
	m.ID = types.StringUnknown()
	if ok {
		m.ID = types.StringValue(id.namespace + "/" + id.name)
		ref = translate.Known(translate.ProxyParametersRef(id.name, id.namespace))
	}
	obj, diags := fromTranslate(ctx, ref, proxyTypes(ctx)["parameters_ref"])
	m.ParametersRef = obj.(types.Object)
	return diags
}

package resources

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

func (m mergedProxyModel) translateProxy() translate.MergedProxy {
	return translate.MergedProxy{Name: str(m.Name), Namespace: str(m.Namespace)}
}

// derive sets what follows from name and namespace: the id and the
// parameters_ref, unknown while either is.
func (m *mergedProxyModel) derive() diag.Diagnostics {
	name, nok := known(m.Name)
	ns, sok := known(m.Namespace)
	if !nok || !sok {
		m.ID = types.StringUnknown()
		m.ParametersRef = types.ObjectUnknown(parametersRefAttrTypes)
		return nil
	}
	m.ID = types.StringValue(ns + "/" + name)
	ref := translate.MergedProxyParametersRef(name, ns)
	obj, diags := types.ObjectValue(parametersRefAttrTypes, map[string]attr.Value{
		"group":     types.StringValue(ref.Group.Or("")),
		"kind":      types.StringValue(ref.Kind.Or("")),
		"name":      types.StringValue(ref.Name.Or("")),
		"namespace": types.StringValue(ref.Namespace.Or("")),
	})
	m.ParametersRef = obj
	return diags
}

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

type gatewayClassModel struct {
	ID              types.String   `tfsdk:"id"`
	Name            types.String   `tfsdk:"name"`
	ControllerName  types.String   `tfsdk:"controller_name"`
	Description     types.String   `tfsdk:"description"`
	ParametersRef   types.Object   `tfsdk:"parameters_ref"`
	WaitForAccepted types.Bool     `tfsdk:"wait_for_accepted"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	Accepted        types.Bool     `tfsdk:"accepted"`
	AcceptedReason  types.String   `tfsdk:"accepted_reason"`
}

type parametersRefModel struct {
	Group     types.String `tfsdk:"group"`
	Kind      types.String `tfsdk:"kind"`
	Name      types.String `tfsdk:"name"`
	Namespace types.String `tfsdk:"namespace"`
}

var parametersRefAttrTypes = map[string]attr.Type{
	"group": types.StringType, "kind": types.StringType, "name": types.StringType, "namespace": types.StringType,
}

// translateClass converts the plan (or state) into the translator's input,
// keeping unknown values unknown.
func (m gatewayClassModel) translateClass(ctx context.Context) (translate.GatewayClass, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := translate.GatewayClass{
		Name:           str(m.Name),
		ControllerName: str(m.ControllerName),
		Description:    str(m.Description),
	}
	switch {
	case m.ParametersRef.IsUnknown():
		out.ParametersRef = translate.Unknown[translate.ParametersRef]()
	case !m.ParametersRef.IsNull():
		var ref parametersRefModel
		diags.Append(m.ParametersRef.As(ctx, &ref, asObject)...)
		out.ParametersRef = translate.Known(translate.ParametersRef{
			Group: str(ref.Group), Kind: str(ref.Kind), Name: str(ref.Name), Namespace: str(ref.Namespace),
		})
	}
	return out, diags
}

// fromLive sets the configurable attributes from the class in the cluster,
// so that changes made outside Terraform show in the plan. Optional strings
// the API server leaves out when empty keep an empty prior value, so that
// description = "" does not plan a change forever.
func (m *gatewayClassModel) fromLive(gc *gwapiv1.GatewayClass) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(gc.Name)
	m.Name = types.StringValue(gc.Name)
	m.ControllerName = types.StringValue(string(gc.Spec.ControllerName))
	m.Description = optionalString(gc.Spec.Description, m.Description)
	if r := gc.Spec.ParametersRef; r != nil {
		var prior parametersRefModel
		if !m.ParametersRef.IsNull() && !m.ParametersRef.IsUnknown() {
			diags.Append(m.ParametersRef.As(context.Background(), &prior, asObject)...)
		}
		var ns *string
		if r.Namespace != nil {
			s := string(*r.Namespace)
			ns = &s
		}
		obj, d := types.ObjectValue(parametersRefAttrTypes, map[string]attr.Value{
			"group":     types.StringValue(string(r.Group)),
			"kind":      types.StringValue(string(r.Kind)),
			"name":      types.StringValue(r.Name),
			"namespace": optionalString(ns, prior.Namespace),
		})
		diags.Append(d...)
		m.ParametersRef = obj
	} else {
		m.ParametersRef = types.ObjectNull(parametersRefAttrTypes)
	}
	m.statusFrom(gc)
	return diags
}

// statusFrom sets the computed status attributes.
func (m *gatewayClassModel) statusFrom(gc *gwapiv1.GatewayClass) {
	m.Accepted, m.AcceptedReason = conditionState(gc.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted), gc.Generation)
}

// optionalString is a Kubernetes optional string as an attribute: null when
// the field is absent, unless the prior value is "" (which the API server
// stores as absent).
func optionalString(live *string, prior types.String) types.String {
	if live != nil {
		return types.StringValue(*live)
	}
	if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() == "" {
		return prior
	}
	return types.StringNull()
}

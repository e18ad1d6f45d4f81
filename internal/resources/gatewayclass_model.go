// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

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

// classAttrType is the type of one of eg_gatewayclass's attributes.
func classAttrType(ctx context.Context, name string) attr.Type { return classTypes(ctx)[name] }

var classTypes = typesOf(gatewayClassSchema)

// toClass is the model as the translator's input.
func (m *gatewayClassModel) toClass() (translate.GatewayClass, diag.Diagnostics) {
	ref, diags := toTranslate[translate.ParametersRef](m.ParametersRef)
	return translate.GatewayClass{
		Name:           str(m.Name),
		ControllerName: str(m.ControllerName),
		Description:    str(m.Description),
		ParametersRef:  ref,
	}, diags
}

// setClass is toClass's inverse for a class read from the cluster, so that
// changes made outside Terraform show in the plan. Optional strings the API
// server leaves out when empty keep an empty prior value, so that
// description = "" does not plan a change forever.
func (m *gatewayClassModel) setClass(ctx context.Context, c translate.GatewayClass) diag.Diagnostics {
	m.Name, m.ControllerName = stringOf(c.Name), stringOf(c.ControllerName)
	m.ID = m.Name
	m.Description = stringOf(translate.KeepEmpty(c.Description, str(m.Description)))
	prior, diags := toTranslate[translate.ParametersRef](m.ParametersRef)
	if ref, ok := c.ParametersRef.Get(); ok {
		ref.Namespace = translate.KeepEmpty(ref.Namespace, prior.Or(translate.ParametersRef{}).Namespace)
		c.ParametersRef = translate.Known(ref)
	}
	var d diag.Diagnostics
	m.ParametersRef, d = fromTranslateAs[types.Object](ctx, c.ParametersRef, classAttrType(ctx, "parameters_ref"))
	diags.Append(d...)
	return diags
}

// fromLive sets the attributes from the class in the cluster.
func (m *gatewayClassModel) fromLive(ctx context.Context, gc *gwapiv1.GatewayClass) diag.Diagnostics {
	diags := m.setClass(ctx, translate.ParseGatewayClass(gc))
	m.statusFrom(gc)
	return diags
}

// statusFrom sets the computed status attributes.
func (m *gatewayClassModel) statusFrom(gc *gwapiv1.GatewayClass) {
	m.Accepted, m.AcceptedReason = conditionState(gc.Status.Conditions, string(gwapiv1.GatewayClassConditionStatusAccepted), gc.Generation)
}

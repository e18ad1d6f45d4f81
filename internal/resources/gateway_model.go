package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

type gatewayModel struct {
	ID               types.String   `tfsdk:"id"`
	Name             types.String   `tfsdk:"name"`
	Namespace        types.String   `tfsdk:"namespace"`
	GatewayClassName types.String   `tfsdk:"gateway_class_name"`
	Listeners        types.List     `tfsdk:"listeners"`
	WaitForAccepted  types.Bool     `tfsdk:"wait_for_accepted"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
	Accepted         types.Bool     `tfsdk:"accepted"`
	AcceptedReason   types.String   `tfsdk:"accepted_reason"`
	Programmed       types.Bool     `tfsdk:"programmed"`
	ProgrammedReason types.String   `tfsdk:"programmed_reason"`
	Addresses        types.List     `tfsdk:"addresses"`
	ListenerStatus   types.List     `tfsdk:"listener_status"`
}

// gatewayAttrType is the type of one of eg_gateway's attributes, read from
// its schema.
func gatewayAttrType(ctx context.Context, name string) attr.Type { return gatewayTypes(ctx)[name] }

var gatewayTypes = typesOf(gatewaySchema)

// toGateway is the model as the translator's input. Unknown values stay
// unknown attribute by attribute, so one unknown hostname does not hide the
// rest of the Gateway from the checks.
func (m *gatewayModel) toGateway() (translate.Gateway, diag.Diagnostics) {
	ls, diags := toTranslate[[]translate.Listener](m.Listeners)
	return translate.Gateway{
		Name:             str(m.Name),
		Namespace:        str(m.Namespace),
		GatewayClassName: str(m.GatewayClassName),
		Listeners:        ls,
	}, diags
}

// setGateway is toGateway's inverse for a Gateway read from the cluster, so
// that changes made outside Terraform show in the plan. A listener that
// means what the prior listener of its name means (the API server filled in
// CRD defaults and left out empty strings) keeps the prior value; one that
// changed, or is new (import), is read in its shortest form.
func (m *gatewayModel) setGateway(ctx context.Context, g translate.Gateway) diag.Diagnostics {
	m.Name, m.Namespace, m.GatewayClassName = stringOf(g.Name), stringOf(g.Namespace), stringOf(g.GatewayClassName)
	m.ID = types.StringValue(m.Namespace.ValueString() + "/" + m.Name.ValueString())
	prior := map[string]translate.Listener{}
	priorList, diags := toTranslate[[]translate.Listener](m.Listeners)
	for _, l := range priorList.Or(nil) {
		prior[l.Name.Or("")] = l
	}
	live := g.Listeners.Or(nil)
	out := make([]translate.Listener, len(live))
	for i, l := range live {
		p, ok := prior[l.Name.Or("")]
		if ok && translate.EquivalentListener(p, l) {
			out[i] = p
			continue
		}
		out[i] = translate.Shorten(l, p)
	}
	list, d := fromTranslate(ctx, translate.Known(out), gatewayAttrType(ctx, "listeners"))
	diags.Append(d...)
	m.Listeners = list.(types.List)
	return diags
}

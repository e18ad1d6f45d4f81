// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// fromLive sets the attributes from the Gateway in the cluster: the
// configurable ones (see setGateway) and the status.
func (m *gatewayModel) fromLive(ctx context.Context, gw *gwapiv1.Gateway) diag.Diagnostics {
	diags := m.setGateway(ctx, translate.ParseGateway(gw))
	diags.Append(m.statusFrom(ctx, gw)...)
	return diags
}

type listenerStatusModel struct {
	Name           types.String `tfsdk:"name"`
	AttachedRoutes types.Int64  `tfsdk:"attached_routes"`
	Conflicted     types.Bool   `tfsdk:"conflicted"`
	Reason         types.String `tfsdk:"reason"`
}

// statusFrom sets the computed status attributes. Nothing reports on the
// Gateway until a controller serves its class: the CRD's default conditions
// say Unknown / Pending, which reads as null with reason Pending.
func (m *gatewayModel) statusFrom(ctx context.Context, gw *gwapiv1.Gateway) diag.Diagnostics {
	var diags diag.Diagnostics
	gen := gw.Generation
	m.Accepted, m.AcceptedReason = conditionState(gw.Status.Conditions, string(gwapiv1.GatewayConditionAccepted), gen)
	m.Programmed, m.ProgrammedReason = conditionState(gw.Status.Conditions, string(gwapiv1.GatewayConditionProgrammed), gen)

	addrs := make([]attr.Value, 0, len(gw.Status.Addresses))
	for _, a := range gw.Status.Addresses {
		addrs = append(addrs, types.StringValue(a.Value))
	}
	var d diag.Diagnostics
	m.Addresses, d = types.ListValue(types.StringType, addrs)
	diags.Append(d...)

	byName := map[string]*gwapiv1.ListenerStatus{}
	for i := range gw.Status.Listeners {
		byName[string(gw.Status.Listeners[i].Name)] = &gw.Status.Listeners[i]
	}
	statusType, d := listElemType(gatewayAttrType(ctx, "listener_status"))
	diags.Append(d...)
	if d.HasError() {
		return diags
	}
	statuses := make([]listenerStatusModel, 0, len(gw.Spec.Listeners))
	for _, l := range gw.Spec.Listeners {
		statuses = append(statuses, listenerStatusOf(string(l.Name), byName[string(l.Name)], gen))
	}
	m.ListenerStatus, d = types.ListValueFrom(ctx, statusType, statuses)
	diags.Append(d...)
	return diags
}

// listenerStatusOf summarises one listener's status. The reason is that of
// the first condition in a failing state, else of Programmed.
func listenerStatusOf(name string, s *gwapiv1.ListenerStatus, gen int64) listenerStatusModel {
	out := listenerStatusModel{Name: types.StringValue(name), AttachedRoutes: types.Int64Null(),
		Conflicted: types.BoolNull(), Reason: types.StringValue(reasonPending)}
	if s == nil {
		return out
	}
	current := func(c *metav1.Condition) bool {
		return c != nil && (c.ObservedGeneration == 0 || c.ObservedGeneration >= gen) && c.Status != metav1.ConditionUnknown
	}
	conflicted := findCondition(s.Conditions, string(gwapiv1.ListenerConditionConflicted))
	accepted := findCondition(s.Conditions, string(gwapiv1.ListenerConditionAccepted))
	resolved := findCondition(s.Conditions, string(gwapiv1.ListenerConditionResolvedRefs))
	programmed := findCondition(s.Conditions, string(gwapiv1.ListenerConditionProgrammed))
	if !current(accepted) && !current(programmed) {
		return out // nothing reported on this generation yet
	}
	out.AttachedRoutes = types.Int64Value(int64(s.AttachedRoutes))
	// A controller sets Conflicted when there is a conflict; its absence on a
	// reported listener means none.
	out.Conflicted = types.BoolValue(current(conflicted) && conflicted.Status == metav1.ConditionTrue)
	for _, c := range []struct {
		cond *metav1.Condition
		bad  metav1.ConditionStatus
	}{
		{conflicted, metav1.ConditionTrue},
		{accepted, metav1.ConditionFalse},
		{resolved, metav1.ConditionFalse},
		{programmed, metav1.ConditionFalse},
	} {
		if current(c.cond) && c.cond.Status == c.bad {
			out.Reason = types.StringValue(c.cond.Reason)
			return out
		}
	}
	switch {
	case current(programmed):
		out.Reason = types.StringValue(programmed.Reason)
	case current(accepted):
		out.Reason = types.StringValue(accepted.Reason)
	}
	return out
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// planner is what one kind of resource adds to the one shape of its
// ModifyPlan (planResource) and ValidateConfig (validateAlone).
type planner[M any] struct {
	kind translate.Kind
	// identity names the object a model manages, when its name is known.
	identity func(m *M) (objectID, bool)
	// complete fills in what is known at plan time (ids, derived names) and
	// plans drift back; step.prior is nil on create. It may be nil.
	complete func(ctx context.Context, step *planStep[M]) diag.Diagnostics
	// object is a model as the translator's input.
	object func(ctx context.Context, m *M) (translate.Object, diag.Diagnostics)
	// report turns the problems about one resource into diagnostics; nil
	// reports them on their attribute paths (problemDiagnostics).
	report func(m *M, c check, key string) diag.Diagnostics
}

// planStep is one resource's ModifyPlan in progress.
type planStep[M any] struct {
	data  *ProviderData
	req   resource.ModifyPlanRequest
	resp  *resource.ModifyPlanResponse
	prior *M // nil on create
	plan  M
	key   string
}

// planResource is the one shape of every ModifyPlan: read state and plan;
// on destroy, record the drop; otherwise complete the plan, record it under
// the resource instance's key (and the drop of the object it replaces, when
// it names another), run the rules over what concerns it, and set the plan.
// It never writes to the cluster.
func planResource[M any](ctx context.Context, d *ProviderData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, p planner[M]) {
	if d == nil {
		return // validate: the provider is not configured
	}
	step := &planStep[M]{data: d, req: req, resp: resp}
	if !req.State.Raw.IsNull() {
		step.prior = new(M)
		resp.Diagnostics.Append(req.State.Get(ctx, step.prior)...)
	}
	if req.Plan.Raw.IsNull() { // destroy
		if id, ok := identityOf(p, step.prior); ok {
			d.Plan.Drop(id)
		}
		return
	}
	resp.Diagnostics.Append(req.Plan.Get(ctx, &step.plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, diags := d.Plan.keys.planKey(ctx, p.kind, req.Private, resp.Private)
	resp.Diagnostics.Append(diags...)
	step.key = key
	done := logStep(ctx, "planning", map[string]any{"plan_key": key})
	defer func() { done(resp.Diagnostics) }()

	if p.complete != nil {
		resp.Diagnostics.Append(p.complete(ctx, step)...)
	}
	id, known := p.identity(&step.plan) // after complete: it derives names
	if old, ok := identityOf(p, step.prior); ok && (!known || old != id) {
		d.Plan.Drop(old) // replaced by an object of another name
	}
	obj, diags := p.object(ctx, &step.plan)
	resp.Diagnostics.Append(diags...)
	var named *objectID
	if known {
		named = &id
	}
	d.Plan.Put(key, named, obj, step.prior == nil)
	c, diags := d.Plan.check(ctx, d, key)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(p.reportOn(&step.plan, c, key)...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &step.plan)...)
}

func identityOf[M any](p planner[M], m *M) (objectID, bool) {
	if m == nil {
		return objectID{}, false
	}
	return p.identity(m)
}

func (p planner[M]) reportOn(m *M, c check, key string) diag.Diagnostics {
	if p.report != nil {
		return p.report(m, c, key)
	}
	return problemDiagnostics(c.problems, key)
}

// configKey is the key of the one object a ValidateConfig checks.
const configKey = "config"

// validateAlone is the one shape of every ValidateConfig: the rules that
// need the object alone (the API server's, the controller's and, for a
// tenant, Envoy Gateway's validation of its config), so that `terraform
// validate` reports them without a cluster and before any plan.
func validateAlone[M any](ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics, p planner[M]) {
	var m M
	diags.Append(config.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	obj, d := p.object(ctx, &m)
	diags.Append(d...)
	var x translate.Index
	x.Put(obj.WithKey(configKey, translate.Planned))
	set := x.Subset(configKey)
	set.ClusterUnknown = true // nothing of the cluster is known here
	problems := translate.ValidatePhases(set, translate.PhaseSchema, translate.PhaseController, translate.PhaseTenant)
	diags.Append(p.reportOn(&m, check{set: set, problems: problems}, configKey)...)
}

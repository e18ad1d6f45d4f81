// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var (
	_ resource.Resource                   = (*routeResource)(nil)
	_ resource.ResourceWithConfigure      = (*routeResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*routeResource)(nil)
	_ resource.ResourceWithImportState    = (*routeResource)(nil)
	_ resource.ResourceWithValidateConfig = (*routeResource)(nil)
)

// NewHTTPRouteResource returns the eg_http_route resource.
func NewHTTPRouteResource() resource.Resource { return &routeResource{} }

type routeResource struct {
	data *ProviderData
}

func (r *routeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_http_route"
}

func (r *routeResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = httpRouteSchema(ctx)
}

func (r *routeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := dataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *routeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *routeModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Create(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m routeModel) (*routeModel, diag.Diagnostics) { return r.apply(ctx, m, true) })
}

func (r *routeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	writePlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics,
		func(ctx context.Context, m *routeModel) (time.Duration, diag.Diagnostics) {
			return m.Timeouts.Update(ctx, 5*time.Minute)
		},
		func(ctx context.Context, m routeModel) (*routeModel, diag.Diagnostics) { return r.apply(ctx, m, false) })
}

// apply writes the HTTPRoute, waits for its parents when asked, and
// returns the new state, with an error when the route was written but
// still differs from the plan (another field manager keeps a value).
func (r *routeResource) apply(ctx context.Context, plan routeModel, creating bool) (*routeModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	in, d := plan.toRoute()
	if diags.Append(d...); diags.HasError() {
		return nil, diags
	}
	obj, err := translate.RenderHTTPRoute(in)
	if err != nil {
		diags.AddError("Cannot build the HTTPRoute", err.Error())
		return nil, diags
	}
	id := obj.Namespace + "/" + obj.Name
	var live *gwapiv1.HTTPRoute
	if creating {
		live, err = clients.HTTPRoutes.Create(ctx, r.data.Kube, obj)
	} else {
		live, err = clients.HTTPRoutes.Apply(ctx, r.data.Kube, obj)
	}
	if err != nil {
		diags.Append(clientError(err, "applying HTTPRoute "+id))
		return nil, diags
	}
	if plan.WaitForAccepted.ValueBool() {
		got, err := waitRouteAccepted(ctx, id, len(obj.Spec.ParentRefs), func(ctx context.Context) (*gwapiv1.HTTPRoute, error) {
			return clients.HTTPRoutes.Get(ctx, r.data.Kube, obj.Namespace, obj.Name)
		})
		if got != nil {
			live = got
		}
		if err != nil {
			diags.AddAttributeError(path.Root("wait_for_accepted"), "HTTPRoute not accepted", err.Error())
		}
	}
	state := plan
	diags.Append(state.statusFrom(ctx, live)...)
	if !translate.RouteSatisfied(in, live) {
		diags.AddError("HTTPRoute differs from the configuration after apply",
			fmt.Sprintf("HTTPRoute %s still has other values than configured after the apply: field manager(s) %v own them. "+
				"Remove their values with the tool that set them, or run terraform apply -replace=<address> to recreate the route.",
				id, clients.OtherManagers(live)))
	}
	return &state, diags
}

var errRouteRefused = errors.New("route refused")

// waitRouteAccepted polls a route until every one of its parents has
// reported it Accepted; a parent that refuses it ends the wait.
func waitRouteAccepted(ctx context.Context, id string, parents int, read func(context.Context) (*gwapiv1.HTTPRoute, error)) (*gwapiv1.HTTPRoute, error) {
	var last *gwapiv1.HTTPRoute
	err := wait.PollUntilContextCancel(ctx, 2*time.Second, true, func(ctx context.Context) (bool, error) {
		rt, err := read(ctx)
		if err == nil {
			last = rt
			return routeAcceptedByAll(rt, id, parents)
		}
		return false, nil // a failed read is transient: poll again until the deadline
	})
	if err == nil || errors.Is(err, errRouteRefused) {
		return last, err
	}
	return last, fmt.Errorf("HTTPRoute %s was not Accepted by all of its %d parents in time: check that the tenants serving them run, "+
		"and that they watch the route's namespace (a controller that does not watch it never reports on it)", id, parents)
}

// routeAcceptedByAll says whether at least `parents` of the route's parents
// report it Accepted for its current generation; a refusal is an
// errRouteRefused.
func routeAcceptedByAll(rt *gwapiv1.HTTPRoute, id string, parents int) (bool, error) {
	accepted := 0
	for _, p := range currentParents(rt) {
		c := findCondition(p.Conditions, string(gwapiv1.RouteConditionAccepted))
		switch {
		case c == nil || c.ObservedGeneration != 0 && c.ObservedGeneration < rt.Generation:
		case c.Status == metav1.ConditionFalse:
			return false, fmt.Errorf("%w: Gateway %s refused HTTPRoute %s: %s: %s", errRouteRefused, p.ParentRef.Name, id, c.Reason, c.Message)
		case c.Status == metav1.ConditionTrue:
			accepted++
		}
	}
	return accepted >= parents, nil
}

func (r *routeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state routeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, ns := state.Name.ValueString(), state.Namespace.ValueString()
	done := logStep(ctx, "reading HTTPRoute", map[string]any{"id": ns + "/" + name})
	defer func() { done(resp.Diagnostics) }()
	r.data.Plan.MarkManaged(objectID{translate.KindHTTPRoute, ns, name})
	live, err := clients.HTTPRoutes.Read(ctx, r.data.Kube, ns, name)
	if isGone(err) {
		resp.Diagnostics.AddWarning("HTTPRoute removed outside Terraform",
			fmt.Sprintf("HTTPRoute %s/%s no longer exists; it will be created again.", ns, name))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(clientError(err, "reading HTTPRoute "+ns+"/"+name))
		return
	}
	resp.Diagnostics.Append(state.fromLive(ctx, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *routeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteObject(ctx, req.State, &resp.Diagnostics, r.data.Kube, func(m *routeModel) deleteTarget {
		return deleteTarget{kind: "HTTPRoute", namespace: m.Namespace.ValueString(), name: m.Name.ValueString(), timeouts: m.Timeouts}
	}, clients.HTTPRoutes.Delete)
}

// ImportState takes "namespace/name".
func (r *routeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNamespaced{kind: "HTTPRoute", example: "marketing/app", waits: []string{"wait_for_accepted"}}.into(ctx, req, resp)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// PlanSet is what one provider process knows of the plan. Terraform plans
// every resource of one provider configuration in one process, in
// dependency order, so a resource's plan sees everything it references and
// everything planned before it. The set holds, in one translate.Index:
//
//   - every object planned in this process, under its resource instance's
//     plan key (planKey), so that two resources managing one object are
//     both seen;
//   - the cluster's objects, read once per process, each under "live:" and
//     its objectID: as another owner's (Live), or as this configuration's
//     own before its plan (Refreshed: refreshed here, or a Gateway carrying
//     this provider's label), and left out once this process plans it or
//     plans its destruction (its plan says what it becomes); a resource
//     created over it leaves it in as another owner's, unless it carries
//     this provider's label (the create adopts it only if this provider
//     wrote it moments ago: an apply whose answer was lost).
//
// Each resource's plan asks for its own problems, which the rules find in
// the small Subset of the Index that concerns it: the cost of a plan is
// linear in the number of objects.
type PlanSet struct {
	mu    sync.Mutex
	index translate.Index
	keys  planKeys
	// managed, planned and dropped hold the objects this configuration
	// refreshed or planned, planned, and planned for destruction (a
	// destroy, or the old side of a replacement).
	managed, planned, dropped map[objectID]bool
	live                      liveObjects
	replacements              classReplacements
}

// objectID names one Kubernetes object, or a tenant's Helm release, with an
// empty namespace for cluster-scoped objects.
type objectID struct {
	kind            translate.Kind
	namespace, name string
}

func (id objectID) String() string { return string(id.kind) + " " + id.namespace + "/" + id.name }

// MarkManaged records that this configuration manages an object (a Read).
func (s *PlanSet) MarkManaged(id objectID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.managed = addID(s.managed, id)
	s.placeLive(id)
}

// Put records (or replaces) the planned object of the resource instance
// under key; id names the object, when it is known. creating is true when
// the resource has no state: a live object of that name is then not its
// own but another owner's, which the plan refuses to take over.
func (s *PlanSet) Put(key string, id *objectID, obj translate.Object, creating bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.index.Put(obj.WithKey(key, translate.Planned))
	if id != nil {
		if !creating {
			s.managed = addID(s.managed, *id)
		}
		s.planned = addID(s.planned, *id)
		s.placeLive(*id)
	}
}

// Drop records that an object is planned for destruction: destroyed, or
// the old side of a replacement.
func (s *PlanSet) Drop(id objectID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropped = addID(s.dropped, id)
	s.placeLive(id)
}

func addID(m map[objectID]bool, id objectID) map[objectID]bool {
	if m == nil {
		m = map[objectID]bool{}
	}
	m[id] = true
	return m
}

// check is what the rules found about one planned resource.
type check struct {
	set      translate.Set // the Subset the rules read
	problems []translate.Problem
}

// check runs the rules about the object planned under key. When the
// cluster cannot be read, the rules that must prove an absence are
// skipped, and the resource says so: it lost a check.
func (s *PlanSet) check(ctx context.Context, d *ProviderData, key string) (check, diag.Diagnostics) {
	var diags diag.Diagnostics
	skipped := ""
	switch err := s.loadLive(ctx, d); {
	case !d.Kube.Known():
		skipped = "the connection is known only at apply"
	case err != nil:
		skipped = "the cluster could not be read"
		diags.Append(checksWithoutCluster(err))
	}
	s.mu.Lock()
	obj, _ := s.index.Get(key)
	s.mu.Unlock()
	if _, isRoute := obj.(translate.HTTPRoute); isRoute {
		s.loadBackends(ctx, d)
	}
	s.mu.Lock()
	set := s.index.Subset(key)
	s.mu.Unlock()
	set.ClusterUnknown = skipped != ""
	logCheckSet(ctx, set, skipped)
	return check{set: set, problems: translate.Validate(set)}, diags
}

// logCheckSet logs what the rules about one resource are about to see, and
// why the rules that need the cluster are skipped, if they are.
func logCheckSet(ctx context.Context, set translate.Set, skipped string) {
	fields := map[string]any{"tenants": len(set.Tenants), "gateway_classes": len(set.GatewayClasses),
		"merged_proxies": len(set.EnvoyProxies), "gateways": len(set.Gateways), "namespaces": len(set.Namespaces)}
	if skipped != "" {
		fields["cluster_rules_skipped"] = skipped
	}
	tflog.Debug(ctx, "plan-time checks", fields)
}

// checksWithoutCluster is the warning of every resource whose plan-time
// checks ran without the cluster's objects (it could not be read, even
// after retries).
func checksWithoutCluster(err error) diag.Diagnostic {
	summary, detail := explain(err, "reading the cluster's Envoy Gateway objects for the plan-time checks")
	return diag.NewWarningDiagnostic("Plan-time checks ran without the cluster: "+summary,
		detail+" Checks against objects of other owners, and those that prove something is missing, were skipped for this resource.")
}

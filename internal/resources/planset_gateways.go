package resources

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// This file records the gateway resources (classes, merged proxies,
// gateways) a provider process plans, the way PutTenant and DropTenant do
// for tenants.

// objectID names one Kubernetes object as MarkManaged does: "kind
// namespace/name", with an empty namespace for cluster-scoped objects.
func objectID(kind translate.Kind, namespace, name string) string {
	return string(kind) + " " + namespace + "/" + name
}

// planKeyPrivate is the private-state key under which a resource keeps its
// plan key between the two plans Terraform makes of a replacement.
const planKeyPrivate = "plan_key"

// privateState is what ModifyPlan's request and response offer of the
// resource's private state.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// planKey returns the key of the resource instance being planned. Terraform
// plans each instance once per provider process, except a replacement: it
// is planned again as a create, with the private state the first plan
// returned. The key is kept there, so that the second plan replaces the
// first instead of looking like a second resource managing the same object.
// Keys hold a nonce of this process: a key stored by an earlier process (in
// the state's private data) never matches.
func (s *PlanSet) planKey(ctx context.Context, kind translate.Kind, prior, next privateState) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	s.mu.Lock()
	if s.nonce == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		s.nonce = hex.EncodeToString(b)
	}
	prefix := fmt.Sprintf("%s#%s-", kind, s.nonce)
	s.mu.Unlock()

	if prior != nil {
		raw, d := prior.GetKey(ctx, planKeyPrivate)
		diags.Append(d...)
		var k string
		if len(raw) > 0 && json.Unmarshal(raw, &k) == nil && strings.HasPrefix(k, prefix) {
			return k, diags
		}
	}
	s.mu.Lock()
	s.seq++
	k := fmt.Sprintf("%s%d", prefix, s.seq)
	s.mu.Unlock()
	if next != nil {
		raw, _ := json.Marshal(k)
		diags.Append(next.SetKey(ctx, planKeyPrivate, raw)...)
	}
	return k, diags
}

// notePlanned records that an object is planned here and managed by this
// configuration. Called with s.mu held.
func (s *PlanSet) notePlanned(kind translate.Kind, namespace, name translate.Value[string]) {
	n, ok := name.Get()
	ns, nsOK := namespace.Get()
	if !ok || (!nsOK && kind != translate.KindGatewayClass) {
		return
	}
	if s.planned == nil {
		s.planned = map[string]bool{}
	}
	if s.managed == nil {
		s.managed = map[string]bool{}
	}
	id := objectID(kind, ns, n)
	s.planned[id] = true
	s.managed[id] = true
}

// PutGatewayClass records (or replaces) the planned class under key.
func (s *PlanSet) PutGatewayClass(key string, c translate.GatewayClass) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.classes == nil {
		s.classes = map[string]translate.GatewayClass{}
	}
	c.Key, c.Origin = key, translate.Planned
	s.classes[key] = c
	s.notePlanned(translate.KindGatewayClass, translate.Null[string](), c.Name)
}

// PutMergedProxy records (or replaces) the planned merged proxy under key.
func (s *PlanSet) PutMergedProxy(key string, p translate.MergedProxy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proxies == nil {
		s.proxies = map[string]translate.MergedProxy{}
	}
	p.Key, p.Origin = key, translate.Planned
	s.proxies[key] = p
	s.notePlanned(translate.KindMergedProxy, p.Namespace, p.Name)
}

// PutGateway records (or replaces) the planned gateway under key.
func (s *PlanSet) PutGateway(key string, g translate.Gateway) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gateways == nil {
		s.gateways = map[string]translate.Gateway{}
	}
	g.Key, g.Origin = key, translate.Planned
	s.gateways[key] = g
	s.notePlanned(translate.KindGateway, g.Namespace, g.Name)
}

// Drop records that an object is planned for destruction: destroyed, or
// the old side of a replacement.
func (s *PlanSet) Drop(kind translate.Kind, namespace, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dropped == nil {
		s.dropped = map[string]bool{}
	}
	s.dropped[objectID(kind, namespace, name)] = true
}

// plannedSet copies what this process planned into a translator Set.
func (s *PlanSet) plannedSet() translate.Set {
	set := translate.Set{Tenants: s.Tenants()}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.classes {
		set.GatewayClasses = append(set.GatewayClasses, c)
	}
	for _, p := range s.proxies {
		set.MergedProxies = append(set.MergedProxies, p)
	}
	for _, g := range s.gateways {
		set.Gateways = append(set.Gateways, g)
	}
	return set
}

// replacedOrDropped says whether the live copy of an object stands for
// nothing in this plan: it is planned (the plan says what it becomes) or
// planned for destruction.
func (s *PlanSet) replacedOrDropped(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.planned[id] || s.dropped[id]
}

// managedHere reports whether this configuration manages an object: seen
// in a refresh (Read) or a plan of this process.
func (s *PlanSet) managedHere(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.managed[id]
}

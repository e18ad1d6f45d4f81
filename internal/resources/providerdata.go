package resources

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// ProviderData is what the provider hands every resource and data source:
// the lazy clients, and what this provider process has seen planned so far.
type ProviderData struct {
	Clients *clients.Clients
	Plan    *PlanSet
}

// NewProviderData wraps the clients of one provider configuration.
func NewProviderData(c *clients.Clients) *ProviderData {
	c.Log = logHelm
	return &ProviderData{Clients: c, Plan: &PlanSet{}}
}

// PlanSet collects the objects this provider process planned. Terraform
// plans every resource of one provider configuration in one process, in
// dependency order, so a resource's plan sees everything it references and
// everything planned before it. Rules across resources run over this set
// plus the live objects of other owners.
type PlanSet struct {
	mu      sync.Mutex
	tenants map[string]translate.Tenant
	// managed holds "kind namespace/name" of every object this configuration
	// manages: seen in a refresh (Read) or a plan. Live objects of these are
	// represented by their plans, never as other owners' objects.
	managed map[string]bool

	liveOnce    sync.Once
	liveTenants []translate.Tenant
	liveErr     error

	// The gateway resources, by a key unique to each planned resource
	// instance (see planKey): two resources that manage one object must
	// both be in the set, or the duplicate is not seen.
	classes  map[string]translate.GatewayClass
	proxies  map[string]translate.MergedProxy
	gateways map[string]translate.Gateway
	seq      int
	nonce    string
	// planned and dropped hold "kind namespace/name" of objects planned in
	// this process, and of objects planned for destruction (a destroy, or
	// the old side of a replacement). The live copies of both are left out
	// of the checks: the plan says what they become.
	planned map[string]bool
	dropped map[string]bool
	// replacedClasses holds the names of classes planned for replacement,
	// replacedWithClass the keys of the gateways replaced with them.
	replacedClasses   map[string]bool
	replacedWithClass map[string]bool

	gw gatewayLive
}

// PutTenant records (or replaces) the planned tenant under key.
func (s *PlanSet) PutTenant(key string, t translate.Tenant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tenants == nil {
		s.tenants = map[string]translate.Tenant{}
	}
	t.Key, t.Origin = key, translate.Planned
	s.tenants[key] = t
}

// MarkManaged records that this configuration manages an object.
func (s *PlanSet) MarkManaged(kind translate.Kind, namespace, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.managed == nil {
		s.managed = map[string]bool{}
	}
	s.managed[objectID(kind, namespace, name)] = true
}

// Managed reports whether this configuration manages an object.
func (s *PlanSet) Managed(kind translate.Kind, namespace, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.managed[objectID(kind, namespace, name)]
}

// DropTenant forgets a tenant planned for destruction.
func (s *PlanSet) DropTenant(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tenants, key)
	if s.dropped == nil {
		s.dropped = map[string]bool{}
	}
	s.dropped[key] = true // the key is "eg_tenant namespace/release"
}

// droppedRelease reports whether a tenant planned for destruction in this
// process installs the release namespace/release.
func (s *PlanSet) droppedRelease(namespace, release string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped[string(translate.KindTenant)+" "+namespace+"/"+release]
}

// Tenants returns the planned tenants.
func (s *PlanSet) Tenants() []translate.Tenant {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]translate.Tenant, 0, len(s.tenants))
	for _, t := range s.tenants {
		out = append(out, t)
	}
	return out
}

// LiveTenants reads, once per provider process, the Envoy Gateway releases in
// the cluster (one list of Helm's release Secrets) and returns them as live
// tenants, leaving out the releases of the tenants named in managed (those
// this configuration manages are represented by their plans). ok is false
// when the cluster cannot be read while planning; callers then mark the set
// ClusterUnknown, so absence rules are skipped rather than guessed.
func (s *PlanSet) LiveTenants(c *clients.Clients, managed func(namespace, release string) bool) (live []translate.Tenant, ok bool) {
	if !c.Known() {
		return nil, false
	}
	s.liveOnce.Do(func() {
		var releases []clients.TenantRelease
		err := clients.RetryTransient(context.Background(), func() (err error) { releases, err = c.ListTenantReleases(); return err })
		if err != nil {
			s.liveErr = err
			return
		}
		for _, r := range releases {
			s.liveTenants = append(s.liveTenants, translate.Tenant{
				Key:            "live:" + r.Namespace + "/" + r.Name,
				Origin:         translate.Live,
				Name:           translate.Known(r.Name),
				Namespace:      translate.Known(r.Namespace),
				ControllerName: translate.Known(r.ControllerName),
			})
		}
	})
	if s.liveErr != nil {
		return nil, false
	}
	for _, t := range s.liveTenants {
		ns, _ := t.Namespace.Get()
		name, _ := t.Name.Get()
		if !managed(ns, name) {
			live = append(live, t)
		}
	}
	return live, true
}

// dataFrom is the one checked cast of the provider's data. A nil value means
// the provider is not configured yet (validate), which is not an error.
func dataFrom(data any) (*ProviderData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	d, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *resources.ProviderData, got %T. This is a bug in the provider; please report it.", data))
	}
	return d, diags
}

// PlannedRelease reports whether a tenant planned in this process installs
// the release namespace/release.
func (s *PlanSet) PlannedRelease(namespace, release string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.tenants[objectID(translate.KindTenant, namespace, release)]
	return ok
}

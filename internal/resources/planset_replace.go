// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// A GatewayClass is immutable in its controllerName, so a tenant's rename
// replaces its class. Kubernetes then holds the old class's delete (Envoy
// Gateway's gateway-exists finalizer) until no Gateway uses it, while
// Terraform deletes the old class before it creates the new one and only
// then updates the Gateways: the apply waits until its timeout. So a
// Gateway whose class is replaced is replaced with it, and deleted first;
// a Gateway that cannot be (another owner's, or planned before the class)
// makes the plan fail with what to do.

// classReplacements holds the names of classes planned for replacement,
// and the plan keys of the Gateways replaced with them.
type classReplacements struct {
	classes  map[string]bool
	gateways map[string]bool
}

// ReplaceClass records that the class named name is planned for
// replacement: its old copy is deleted in this apply.
func (s *PlanSet) ReplaceClass(name string) {
	s.Drop(objectID{translate.KindGatewayClass, "", name})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replacements.classes == nil {
		s.replacements.classes = map[string]bool{}
	}
	s.replacements.classes[name] = true
}

// ClassReplaced reports whether the class named name is planned for
// replacement in this process.
func (s *PlanSet) ClassReplaced(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replacements.classes[name]
}

// ReplaceWithClass records that the gateway planned under key is replaced
// because its class is.
func (s *PlanSet) ReplaceWithClass(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replacements.gateways == nil {
		s.replacements.gateways = map[string]bool{}
	}
	s.replacements.gateways[key] = true
}

// classHolders names the Gateways that would hold the old class named name
// after its replacement was planned: gateways planned here (before the
// class) that are not replaced with it, and live Gateways of other owners.
// A Gateway with this provider's label may be this configuration's,
// refreshed only after its class is planned; like the other live checks,
// only other owners' Gateways count.
func (s *PlanSet) classHolders(name string) (planned, others []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.index.All().Gateways {
		if c, ok := g.GatewayClassName.Get(); !ok || c != name {
			continue
		}
		switch {
		case g.Origin == translate.Planned && !s.replacements.gateways[g.Key]:
			planned = append(planned, gatewayName(g))
		case g.Origin == translate.Live:
			others = append(others, gatewayName(g))
		}
	}
	sort.Strings(planned)
	sort.Strings(others)
	return planned, others
}

func gatewayName(g translate.Gateway) string {
	ns, _ := g.Namespace.Get()
	n, _ := g.Name.Get()
	return ns + "/" + n
}

// classReplacementDiagnostics refuses a class replacement that Gateways
// would hold up.
func classReplacementDiagnostics(name string, planned, others []string) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(planned) > 0 {
		diags.AddAttributeError(path.Root("controller_name"), "GatewayClass replaced under its Gateways",
			fmt.Sprintf("GatewayClass %s is replaced (its controller_name or name changes), and the Gateways %s that use it were "+
				"planned before it, so they cannot be replaced with it; the old class's delete would wait on "+
				"gateway-exists-finalizer.gateway.networking.k8s.io until its timeout. Set their gateway_class_name to "+
				"this resource's name attribute (eg_gatewayclass.<label>.name) so that they are planned after it and replaced with it, "+
				"or plan with -replace for each of them.", name, strings.Join(planned, ", ")))
	}
	if len(others) > 0 {
		diags.AddAttributeError(path.Root("controller_name"), "GatewayClass replaced under Gateways of other owners",
			fmt.Sprintf("GatewayClass %s is replaced (its controller_name or name changes), but the Gateways %s, which this "+
				"configuration does not manage, use it; its delete would wait on gateway-exists-finalizer.gateway.networking.k8s.io "+
				"until they are gone. Move them to another class or delete them first, or keep this class and add a new one.",
				name, strings.Join(others, ", ")))
	}
	return diags
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"cmp"
	"slices"
)

// A provider plans its resources one at a time, and each plan needs the
// problems of that resource alone. Validating the whole Set each time costs
// N² over a plan of N Gateways. An Index holds the objects of one plan as
// they arrive and answers, for any one of them, the Subset its rules read:
// Validate(x.Subset(key)) reports about that object what Validate over the
// whole Set reports, up to which other listener a problem names, in time
// independent of the number of Gateways.
//
// The rules about a tenant, class or proxy read tenants, classes, proxies
// and namespaces, never a Gateway or a route. The rules about a route read
// those, the Gateways its parent_refs name and those whose name is unknown,
// and the backend facts (Services and ReferenceGrants); never another route.
// The rules about a Gateway read those, and of the other Gateways only:
//   - those with the same namespace/name (RuleDuplicateObject, which counts
//     them all);
//   - in a class of the same name, one listener of another Gateway per
//     merged rule that can fire: the same (protocol, hostname, port), the
//     other of HTTPS and TLS on one (hostname, port), and each other
//     protocol family on one port. Any one such listener yields the same
//     problem, only naming another listener.
//
// A Gateway's Subset is therefore every object that is not a Gateway, the
// Gateway, and its neighbours (see gatewayIndex).

// Index holds the objects of a Set by their keys. The zero value is empty
// and ready; it is not safe for concurrent use, but the Sets it returns
// may be read concurrently with later changes to the Index.
type Index struct {
	others     map[string]Object // every object that is neither a Gateway nor a route
	gateways   gatewayIndex
	routes     map[string]HTTPRoute
	namespaces []Namespace
	backends   *Backends
	base       *Set // others, namespaces and backends in a stable order; nil after a change
}

// Put adds o under its key, replacing an object already there.
func (x *Index) Put(o Object) {
	x.Delete(o.ObjectKey())
	switch o := o.(type) {
	case Gateway:
		x.gateways.put(o)
		return
	case HTTPRoute:
		if x.routes == nil {
			x.routes = map[string]HTTPRoute{}
		}
		x.routes[o.Key] = o
		return
	}
	if x.others == nil {
		x.others = map[string]Object{}
	}
	x.others[o.ObjectKey()] = o
	x.base = nil
}

// Delete removes the object under key, if any.
func (x *Index) Delete(key string) {
	if _, ok := x.others[key]; ok {
		delete(x.others, key)
		x.base = nil
	}
	x.gateways.delete(key)
	delete(x.routes, key)
}

// Get returns the object under key.
func (x *Index) Get(key string) (Object, bool) {
	if o, ok := x.others[key]; ok {
		return o, true
	}
	if g, ok := x.gateways.get(key); ok {
		return g, true
	}
	if r, ok := x.routes[key]; ok {
		return r, true
	}
	return nil, false
}

// SetNamespaces replaces the namespace facts.
func (x *Index) SetNamespaces(nss []Namespace) {
	x.namespaces = nss
	x.base = nil
}

// SetBackends replaces the facts about Services and ReferenceGrants.
func (x *Index) SetBackends(b *Backends) {
	x.backends = b
	x.base = nil
}

// Subset is the Set the rules about the object under key read (see the top
// of this file). Its ClusterUnknown is false; the caller sets it.
func (x *Index) Subset(key string) Set {
	out := x.baseSet()
	if g, ok := x.gateways.get(key); ok {
		out.Gateways = append([]Gateway{g}, x.gateways.neighbours(key)...)
	}
	if r, ok := x.routes[key]; ok {
		out.HTTPRoutes = []HTTPRoute{r}
		// A Gateway whose name is unknown may be any parent: the
		// attachment rules skip "no such Gateway" while one exists.
		out.Gateways = append(x.gateways.named(parentKeys(r)), x.gateways.unknownNames()...)
	}
	return out
}

// parentKeys names the Gateways a route's parent_refs point at.
func parentKeys(r HTTPRoute) []objectKey {
	ns, nsOK := r.Namespace.Get()
	refs, _ := r.ParentRefs.Get()
	var out []objectKey
	for _, p := range refs {
		name, ok := p.Name.Get()
		pns := p.Namespace.Or("")
		if pns == "" && !p.Namespace.IsUnknown() {
			pns, ok = ns, ok && nsOK
		}
		if ok && !p.Namespace.IsUnknown() {
			out = append(out, objectKey{KindGateway, pns, name})
		}
	}
	return out
}

// All returns every object held, as one Set.
func (x *Index) All() Set {
	out := x.baseSet()
	out.Gateways = x.gateways.all()
	for _, r := range x.routes {
		out.HTTPRoutes = append(out.HTTPRoutes, r)
	}
	return out
}

// Len is the number of objects held.
func (x *Index) Len() int { return len(x.others) + len(x.gateways.byKey) + len(x.routes) }

// baseSet returns the objects that are not Gateways, and the namespaces,
// ordered by what they name (then key) so that a Subset reads the same on
// every run whatever the keys are. It is rebuilt only after a change, and
// never written to once returned.
func (x *Index) baseSet() Set {
	if x.base != nil {
		return *x.base
	}
	objs := make([]Object, 0, len(x.others))
	for _, o := range x.others {
		objs = append(objs, o)
	}
	slices.SortFunc(objs, func(a, b Object) int { return compareRefs(a.ObjectRef(), b.ObjectRef()) })
	set := Set{Namespaces: slices.Clone(x.namespaces), Backends: x.backends}
	for _, o := range objs {
		o.appendTo(&set)
	}
	x.base = &set
	return set
}

// compareRefs orders objects by kind, namespace, name and key.
func compareRefs(a, b Ref) int {
	return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Name, b.Name), cmp.Compare(a.Key, b.Key))
}

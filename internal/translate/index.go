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
// and namespaces, never a Gateway. The rules about a Gateway read those, and
// of the other Gateways only:
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
	others     map[string]Object // every object that is not a Gateway
	gateways   gatewayIndex
	namespaces []Namespace
	base       *Set // others and namespaces in a stable order; nil after a change
}

// Put adds o under its key, replacing an object already there.
func (x *Index) Put(o Object) {
	x.Delete(o.ObjectKey())
	if g, ok := o.(Gateway); ok {
		x.gateways.put(g)
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
}

// Get returns the object under key.
func (x *Index) Get(key string) (Object, bool) {
	if o, ok := x.others[key]; ok {
		return o, true
	}
	if g, ok := x.gateways.get(key); ok {
		return g, true
	}
	return nil, false
}

// SetNamespaces replaces the namespace facts.
func (x *Index) SetNamespaces(nss []Namespace) {
	x.namespaces = nss
	x.base = nil
}

// Subset is the Set the rules about the object under key read (see the top
// of this file). Its ClusterUnknown is false; the caller sets it.
func (x *Index) Subset(key string) Set {
	out := x.baseSet()
	if g, ok := x.gateways.get(key); ok {
		out.Gateways = append([]Gateway{g}, x.gateways.neighbours(key)...)
	}
	return out
}

// All returns every object held, as one Set.
func (x *Index) All() Set {
	out := x.baseSet()
	out.Gateways = x.gateways.all()
	return out
}

// Len is the number of objects held.
func (x *Index) Len() int { return len(x.others) + len(x.gateways.byKey) }

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
	set := Set{Namespaces: slices.Clone(x.namespaces)}
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

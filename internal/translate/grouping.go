// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

// grouper numbers the distinct keys of a list of items (listeners) with one
// map operation per item. Rules keep a summary per group in a slice indexed
// by group id, built in the same pass, and read an item's group through of
// instead of hashing its key again. This keeps the uniqueness and conflict
// rules linear and cheap: they run over 600,000 listeners in the merged
// benchmark.
type grouper[K comparable] struct {
	ids map[K]int32
	of  []int32 // group id of each item, -1 when the item was not added
	n   int     // number of groups
}

func newGrouper[K comparable](hint int) *grouper[K] {
	return &grouper[K]{ids: make(map[K]int32, hint)}
}

// reset empties the grouper for a list of items, keeping its memory.
func (g *grouper[K]) reset(items int) {
	clear(g.ids)
	if cap(g.of) < items {
		g.of = make([]int32, items)
	}
	g.of = g.of[:items]
	for i := range g.of {
		g.of[i] = -1
	}
	g.n = 0
}

// add puts an item into the group of k and returns the group id.
func (g *grouper[K]) add(item int, k K) int32 {
	id, ok := g.ids[k]
	if !ok {
		id = int32(g.n)
		g.ids[k] = id
		g.n++
	}
	g.of[item] = id
	return id
}

// grow returns s with room for n groups, zeroing reused entries.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		s = append(s[:cap(s)], make([]T, n-cap(s))...)
	}
	s = s[:n]
	clear(s)
	return s
}

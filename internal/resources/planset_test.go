// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// fakePrivate is a resource's private state.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }
func (p fakePrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	p[k] = v
	return nil
}

func TestPlanKeySurvivesTheReplanOfAReplacement(t *testing.T) {
	ctx := context.Background()
	s := &PlanSet{}
	// First plan of a replacement: no key yet; one is stored.
	first := fakePrivate{}
	k1, _ := s.keys.planKey(ctx, translate.KindGateway, fakePrivate{}, first)
	s.Put(k1, nil, translate.Gateway{Name: translate.Known("a")}, true)
	// Terraform plans it again as a create, with the first plan's private state.
	k2, _ := s.keys.planKey(ctx, translate.KindGateway, first, fakePrivate{})
	if k1 != k2 {
		t.Fatalf("the re-plan of a replacement got key %q, the first plan %q", k2, k1)
	}
	s.Put(k2, nil, translate.Gateway{Name: translate.Known("a")}, true)
	if n := len(s.index.All().Gateways); n != 1 {
		t.Errorf("%d planned gateways after a replacement's two plans, want 1", n)
	}
	// Another resource gets another key, even with the same object.
	k3, _ := s.keys.planKey(ctx, translate.KindGateway, fakePrivate{}, fakePrivate{})
	if k3 == k1 {
		t.Fatal("two resources share a key")
	}
}

func TestPlanKeyOfAnEarlierProcessIsNotReused(t *testing.T) {
	ctx := context.Background()
	earlier := fakePrivate{}
	old, _ := (&PlanSet{}).keys.planKey(ctx, translate.KindGateway, fakePrivate{}, earlier)
	s := &PlanSet{}
	for range 3 { // this process's sequence passes the old key's number
		_, _ = s.keys.planKey(ctx, translate.KindGateway, fakePrivate{}, fakePrivate{})
	}
	k, _ := s.keys.planKey(ctx, translate.KindGateway, earlier, fakePrivate{})
	if k == old {
		t.Fatalf("a key stored by an earlier process (%q) was reused", old)
	}
	var stored string
	_ = json.Unmarshal(earlier[planKeyPrivate], &stored)
	if stored != old {
		t.Fatalf("private state holds %q, want %q", stored, old)
	}
}

// asRead puts objects into s as if read from the cluster.
func asRead(s *PlanSet, objs map[objectID]liveObject) {
	s.live.once.Do(func() {})
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live.byID = objs
	for id := range objs {
		s.placeLive(id)
	}
}

// liveGateway is a live Gateway of namespace team.
func liveGateway(name string, labelled bool) (objectID, liveObject) {
	const ns = "team"
	return objectID{translate.KindGateway, ns, name},
		liveObject{obj: translate.Gateway{Name: translate.Known(name), Namespace: translate.Known(ns)}, labelled: labelled}
}

func liveClass(name string, labelled bool) (objectID, liveObject) {
	return objectID{translate.KindGatewayClass, "", name}, liveObject{obj: translate.GatewayClass{Name: translate.Known(name)}, labelled: labelled}
}

// originsIn lists the live objects of a Set as name=origin.
func originsIn(set translate.Set) (gateways, classes []string) {
	for _, g := range set.Gateways {
		if g.Origin != translate.Planned {
			gateways = append(gateways, g.Name.Or("")+"="+g.Origin.String())
		}
	}
	for _, c := range set.GatewayClasses {
		if c.Origin != translate.Planned {
			classes = append(classes, c.Name.Or("")+"="+c.Origin.String())
		}
	}
	slices.Sort(gateways)
	slices.Sort(classes)
	return gateways, classes
}

// The live objects take part in the checks as what they stand for: another
// owner's, this configuration's before its plan, or not at all once
// planned or planned for destruction. Whatever the order of reads and plans.
func TestLiveObjectsInTheChecks(t *testing.T) {
	objs := map[objectID]liveObject{}
	for _, o := range []func() (objectID, liveObject){
		func() (objectID, liveObject) { return liveGateway("theirs", false) },    // another owner's: checked against
		func() (objectID, liveObject) { return liveGateway("ours-later", true) }, // this provider's, not planned yet: its plan decides
		func() (objectID, liveObject) { return liveGateway("imported", false) },  // refreshed by this configuration
		func() (objectID, liveObject) { return liveGateway("planned", true) },    // planned here
		func() (objectID, liveObject) { return liveGateway("destroyed", false) }, // planned for destruction here
		func() (objectID, liveObject) { return liveClass("other-owner", false) },
		func() (objectID, liveObject) { return liveClass("ours-not-planned-yet", true) }, // exists now: stands for itself
		func() (objectID, liveObject) { return liveClass("planned", true) },
		func() (objectID, liveObject) { return liveClass("destroyed", true) },
		func() (objectID, liveObject) { return liveGateway("created-over", true) }, // this provider's, created over: maybe a lost answer's
		func() (objectID, liveObject) { return liveClass("created-over", false) },  // someone else's, created over: checked against
	} {
		id, lo := o()
		objs[id] = lo
	}
	events := func(s *PlanSet) {
		s.MarkManaged(objectID{translate.KindGateway, "team", "imported"})
		s.Put("k1", &objectID{translate.KindGateway, "team", "planned"}, translate.Gateway{Name: translate.Known("planned"), Namespace: translate.Known("team")}, false)
		s.Drop(objectID{translate.KindGateway, "team", "destroyed"})
		s.Put("k2", &objectID{translate.KindGatewayClass, "", "planned"}, translate.GatewayClass{Name: translate.Known("planned")}, false)
		s.Drop(objectID{translate.KindGatewayClass, "", "destroyed"})
		s.Put("k3", &objectID{translate.KindGateway, "team", "created-over"}, translate.Gateway{Name: translate.Known("created-over"), Namespace: translate.Known("team")}, true)
		s.Put("k4", &objectID{translate.KindGatewayClass, "", "created-over"}, translate.GatewayClass{Name: translate.Known("created-over")}, true)
	}
	wantGateways := []string{"created-over=refreshed", "imported=refreshed", "ours-later=refreshed", "theirs=live"}
	wantClasses := []string{"created-over=live", "other-owner=live", "ours-not-planned-yet=live"}
	for _, readFirst := range []bool{true, false} {
		s := &PlanSet{}
		if readFirst {
			asRead(s, objs)
			events(s)
		} else {
			events(s)
			asRead(s, objs)
		}
		gws, classes := originsIn(s.index.All())
		if !slices.Equal(gws, wantGateways) {
			t.Errorf("read first %v: live gateways in the checks: %v, want %v", readFirst, gws, wantGateways)
		}
		if !slices.Equal(classes, wantClasses) {
			t.Errorf("read first %v: live classes in the checks: %v, want %v", readFirst, classes, wantClasses)
		}
	}
}

// A Gateway planned before its class cannot be replaced with it: the class's
// plan names it, unless it was replaced already.
func TestClassHoldersNamesGatewaysNotReplacedWithTheClass(t *testing.T) {
	s := &PlanSet{}
	gw := func(name, class string) translate.Gateway {
		return translate.Gateway{Name: translate.Known(name), Namespace: translate.Known("ns"), GatewayClassName: translate.Known(class)}
	}
	s.Put("k1", nil, gw("before", "c"), false)
	s.Put("k2", nil, gw("replaced", "c"), false)
	s.Put("k3", nil, gw("elsewhere", "d"), false)
	s.ReplaceWithClass("k2")
	s.ReplaceClass("c")
	planned, others := s.classHolders("c")
	if !slices.Equal(planned, []string{"ns/before"}) || len(others) != 0 {
		t.Fatalf("holders of c: planned %v, others %v", planned, others)
	}
	if !s.ClassReplaced("c") || s.ClassReplaced("d") {
		t.Fatal("ClassReplaced does not say which class is replaced")
	}
	if d := classReplacementDiagnostics("c", planned, others); !d.HasError() || len(d) != 1 {
		t.Fatalf("diagnostics: %v", d)
	}
}

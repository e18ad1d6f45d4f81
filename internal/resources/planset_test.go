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
	k1, _ := s.planKey(ctx, translate.KindGateway, fakePrivate{}, first)
	s.PutGateway(k1, translate.Gateway{Name: translate.Known("a")})
	// Terraform plans it again as a create, with the first plan's private state.
	k2, _ := s.planKey(ctx, translate.KindGateway, first, fakePrivate{})
	if k1 != k2 {
		t.Fatalf("the re-plan of a replacement got key %q, the first plan %q", k2, k1)
	}
	s.PutGateway(k2, translate.Gateway{Name: translate.Known("a")})
	if n := len(s.plannedSet().Gateways); n != 1 {
		t.Errorf("%d planned gateways after a replacement's two plans, want 1", n)
	}
	// Another resource gets another key, even with the same object.
	k3, _ := s.planKey(ctx, translate.KindGateway, fakePrivate{}, fakePrivate{})
	if k3 == k1 {
		t.Fatal("two resources share a key")
	}
}

func TestPlanKeyOfAnEarlierProcessIsNotReused(t *testing.T) {
	ctx := context.Background()
	earlier := fakePrivate{}
	old, _ := (&PlanSet{}).planKey(ctx, translate.KindGateway, fakePrivate{}, earlier)
	s := &PlanSet{}
	for range 3 { // this process's sequence passes the old key's number
		_, _ = s.planKey(ctx, translate.KindGateway, fakePrivate{}, fakePrivate{})
	}
	k, _ := s.planKey(ctx, translate.KindGateway, earlier, fakePrivate{})
	if k == old {
		t.Fatalf("a key stored by an earlier process (%q) was reused", old)
	}
	var stored string
	_ = json.Unmarshal(earlier[planKeyPrivate], &stored)
	if stored != old {
		t.Fatalf("private state holds %q, want %q", stored, old)
	}
}

func liveGW(ns, name string, labelled bool) liveObject[translate.Gateway] {
	return liveObject[translate.Gateway]{id: objectID(translate.KindGateway, ns, name), labelled: labelled,
		obj: translate.Gateway{Key: "live:" + ns + "/" + name, Origin: translate.Live, Name: translate.Known(name), Namespace: translate.Known(ns)}}
}

func liveClass(name string, labelled bool) liveObject[translate.GatewayClass] {
	return liveObject[translate.GatewayClass]{id: objectID(translate.KindGatewayClass, "", name), labelled: labelled,
		obj: translate.GatewayClass{Key: "live:" + name, Origin: translate.Live, Name: translate.Known(name)}}
}

func TestLiveObjectsInTheChecks(t *testing.T) {
	s := &PlanSet{}
	s.gw.once.Do(func() {}) // as if read from the cluster
	s.gw.gateways = []liveObject[translate.Gateway]{
		liveGW("team", "theirs", false),    // another owner's: checked against
		liveGW("team", "ours-later", true), // this provider's, not planned yet: its plan decides
		liveGW("team", "imported", false),  // refreshed by this configuration
		liveGW("team", "planned", true),    // planned here
		liveGW("team", "destroyed", false), // planned for destruction here
	}
	s.gw.classes = []liveObject[translate.GatewayClass]{
		liveClass("other-owner", false),
		liveClass("ours-not-planned-yet", true), // exists now: stands for itself
		liveClass("planned", true),
		liveClass("destroyed", true),
	}
	s.MarkManaged(translate.KindGateway, "team", "imported")
	s.PutGateway("k1", translate.Gateway{Name: translate.Known("planned"), Namespace: translate.Known("team")})
	s.Drop(translate.KindGateway, "team", "destroyed")
	s.PutGatewayClass("k2", translate.GatewayClass{Name: translate.Known("planned")})
	s.Drop(translate.KindGatewayClass, "", "destroyed")

	var set translate.Set
	s.addLive(&set)
	var gws, classes []string
	for _, g := range set.Gateways {
		gws = append(gws, g.Name.Or(""))
	}
	for _, c := range set.GatewayClasses {
		classes = append(classes, c.Name.Or(""))
	}
	if !slices.Equal(gws, []string{"theirs"}) {
		t.Errorf("live gateways in the checks: %v, want only another owner's", gws)
	}
	if !slices.Equal(classes, []string{"other-owner", "ours-not-planned-yet"}) {
		t.Errorf("live classes in the checks: %v", classes)
	}
}

// A Gateway planned before its class cannot be replaced with it: the class's
// plan names it, unless it was replaced already.
func TestClassHoldersNamesGatewaysNotReplacedWithTheClass(t *testing.T) {
	s := &PlanSet{}
	gw := func(name, class string) translate.Gateway {
		return translate.Gateway{Name: translate.Known(name), Namespace: translate.Known("ns"), GatewayClassName: translate.Known(class)}
	}
	s.PutGateway("k1", gw("before", "c"))
	s.PutGateway("k2", gw("replaced", "c"))
	s.PutGateway("k3", gw("elsewhere", "d"))
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

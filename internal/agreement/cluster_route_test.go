// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package agreement

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

var (
	httpRoutes      = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}
	referenceGrants = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1beta1", Resource: "referencegrants"}
)

// routeFixtures creates what the route scenarios' Set says exists besides
// the scenarios' objects (World.namespaces, World.backends): the unwatched
// namespace, the second namespace's label, the Services and the
// ReferenceGrant.
func (c *cluster) routeFixtures(t *testing.T, w World) {
	t.Helper()
	ctx := context.Background()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: w.Unwatched()}}
	if _, err := c.kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create namespace %s: %v", w.Unwatched(), err)
	}
	t.Cleanup(func() {
		if err := c.kube.CoreV1().Namespaces().Delete(context.Background(), w.Unwatched(), metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("delete namespace %s: %v", w.Unwatched(), err)
		}
	})
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:"allowed"}}}`, RouteLabel)
	if _, err := c.kube.CoreV1().Namespaces().Patch(ctx, w.B, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatalf("label namespace %s: %v", w.B, err)
	}
	for _, svc := range w.backends().Services {
		namespace, name, _ := strings.Cut(svc, "/")
		s := &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
			Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080)}},
				Selector: map[string]string{"app": name}},
		}
		if _, err := c.kube.CoreV1().Services(namespace).Create(ctx, s, metav1.CreateOptions{}); err != nil {
			t.Fatalf("create Service %s: %v", svc, err)
		}
	}
	for _, g := range w.backends().ReferenceGrants {
		grant := map[string]any{
			"apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
			"metadata": map[string]any{"name": "agreement-routes", "namespace": g.Namespace},
			"spec": map[string]any{
				"from": []any{map[string]any{"group": g.From[0].Group, "kind": g.From[0].Kind, "namespace": g.From[0].Namespace}},
				"to":   []any{map[string]any{"group": g.To[0].Group, "kind": g.To[0].Kind, "name": g.To[0].Name}},
			},
		}
		if _, err := c.dyn.Resource(referenceGrants).Namespace(g.Namespace).Create(ctx, &unstructured.Unstructured{Object: grant}, metav1.CreateOptions{}); err != nil {
			t.Fatalf("create ReferenceGrant in %s: %v", g.Namespace, err)
		}
	}
}

// createRoutes creates a scenario's routes as first rendered.
func (c *cluster) createRoutes(t *testing.T, objs *Objects) {
	t.Helper()
	for _, r := range objs.Routes {
		c.create(t, httpRoutes, r.Created.Namespace, r.Created)
	}
}

// moveRoutes updates every route that moves to its final parents, and
// says whether there was any.
func (c *cluster) moveRoutes(t *testing.T, w World, scenarios []Scenario) bool {
	t.Helper()
	moved := false
	for _, s := range scenarios {
		objs, err := w.renderRoutes(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range objs {
			if r.Updated == nil {
				continue
			}
			live := c.httpRoute(t, r.Updated.Namespace, r.Updated.Name)
			live.Spec.ParentRefs = r.Updated.Spec.ParentRefs
			m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(live)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.dyn.Resource(httpRoutes).Namespace(live.Namespace).Update(context.Background(),
				&unstructured.Unstructured{Object: m}, metav1.UpdateOptions{FieldManager: kubetest.FieldManager}); err != nil {
				t.Fatalf("move route %s/%s: %v", live.Namespace, live.Name, err)
			}
			moved = true
		}
	}
	return moved
}

func (c *cluster) httpRoute(t *testing.T, namespace, name string) *gwapiv1.HTTPRoute {
	t.Helper()
	u, err := c.dyn.Resource(httpRoutes).Namespace(namespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get HTTPRoute %s/%s: %v", namespace, name, err)
	}
	out := &gwapiv1.HTTPRoute{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// observeRoutes records the status of every route's parents: before the
// moves (moved false) of the parents a route is created with, after them
// of its final parents and of any other parent still carrying status. A
// parent that names a Gateway of the scenario from a watched namespace
// must have status for the route's generation; others are recorded as
// they are (none is expected).
func observeRoutes(t *testing.T, c *cluster, w World, s Scenario, moved bool, obs *Observed) error {
	rendered, err := w.renderRoutes(s)
	if err != nil {
		t.Fatal(err)
	}
	ctrl := gwapiv1.GatewayController(translate.DefaultControllerName(w.Tenant))
	obs.Routes = map[string][]Condition{}
	for _, rr := range rendered {
		r, parents, gone := rr.Route, rr.Route.Parents, []Parent(nil)
		if !moved && len(r.MovedFrom) > 0 {
			parents = r.MovedFrom
		} else if moved {
			gone = r.MovedFrom
		}
		live := c.httpRoute(t, w.RouteNamespaceOf(r), w.RouteName(s, r))
		if len(live.Spec.ParentRefs) != len(parents) {
			return fmt.Errorf("route %s: %d parent refs, not yet %d", live.Name, len(live.Spec.ParentRefs), len(parents))
		}
		for i, p := range parents {
			_, exists := parentGateway(s, p)
			conds, err := parentConditions(live, ctrl, live.Spec.ParentRefs[i], exists && r.NS != RouteNSUnwatched)
			if err != nil {
				return err
			}
			obs.Routes[routeKey(r, p)] = conds
		}
		for i, p := range gone {
			if conds, _ := parentConditions(live, ctrl, rr.Created.Spec.ParentRefs[i], false); len(conds) > 0 {
				obs.Routes[staleKey(r, p)] = conds
			}
		}
	}
	return nil
}

// parentConditions are the conditions the controller wrote for one parent
// of a route, sorted by type, or none. With want, they must be there, for
// the route's current generation.
func parentConditions(live *gwapiv1.HTTPRoute, ctrl gwapiv1.GatewayController, ref gwapiv1.ParentReference, want bool) ([]Condition, error) {
	conds := []Condition{}
	for _, ps := range live.Status.Parents {
		if ps.ControllerName != ctrl || !sameParent(ps.ParentRef, ref, live.Namespace) {
			continue
		}
		for _, cond := range ps.Conditions {
			if want && cond.ObservedGeneration != live.Generation {
				return nil, fmt.Errorf("route %s/%s: parent %s has status of generation %d, not yet %d", live.Namespace, live.Name, ref.Name, cond.ObservedGeneration, live.Generation)
			}
			conds = append(conds, toCondition(cond))
		}
	}
	if want && len(conds) == 0 {
		return nil, fmt.Errorf("route %s/%s: no status for parent %s yet", live.Namespace, live.Name, ref.Name)
	}
	slices.SortFunc(conds, func(a, b Condition) int { return strings.Compare(a.Type, b.Type) })
	return conds, nil
}

// sameParent compares parent refs, a missing namespace being the route's.
func sameParent(a, b gwapiv1.ParentReference, routeNS string) bool {
	ns := func(r gwapiv1.ParentReference) string {
		if r.Namespace == nil || *r.Namespace == "" {
			return routeNS
		}
		return string(*r.Namespace)
	}
	return a.Name == b.Name && ns(a) == ns(b) && reflect.DeepEqual(a.SectionName, b.SectionName) && reflect.DeepEqual(a.Port, b.Port)
}

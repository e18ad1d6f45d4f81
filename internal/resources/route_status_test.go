// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// After a route moves from g1 to g2, Envoy Gateway keeps the Accepted it
// wrote for g1: neither the parents attribute nor the wait counts it.
func TestCurrentParentsLeaveOutWhatTheRouteNoLongerNames(t *testing.T) {
	other := gwapiv1.Namespace("edge")
	section := gwapiv1.SectionName("http")
	accepted := []metav1.Condition{{Type: string(gwapiv1.RouteConditionAccepted), Status: metav1.ConditionTrue, ObservedGeneration: 2}}
	rt := &gwapiv1.HTTPRoute{
		ObjectMeta: metav1.ObjectMeta{Name: "app", Namespace: "apps", Generation: 2},
		Spec: gwapiv1.HTTPRouteSpec{CommonRouteSpec: gwapiv1.CommonRouteSpec{ParentRefs: []gwapiv1.ParentReference{
			{Name: "g2"}, {Name: "g3", Namespace: &other, SectionName: &section},
		}}},
		Status: gwapiv1.HTTPRouteStatus{RouteStatus: gwapiv1.RouteStatus{Parents: []gwapiv1.RouteParentStatus{
			{ParentRef: gwapiv1.ParentReference{Name: "g1"}, Conditions: accepted},
			{ParentRef: gwapiv1.ParentReference{Name: "g3", Namespace: &other}, Conditions: accepted},
			{ParentRef: gwapiv1.ParentReference{Name: "g2"}, Conditions: accepted},
		}}},
	}
	got := currentParents(rt)
	if len(got) != 1 || got[0].ParentRef.Name != "g2" {
		t.Fatalf("current parents = %v, want only g2 (g1 is no longer named, g3 is named with a section)", got)
	}
	if ok, err := routeAcceptedByAll(rt, "apps/app", 2); ok || err != nil {
		t.Errorf("accepted by all 2 parents = %v, %v; want false: only g2 of the named parents reported", ok, err)
	}
}

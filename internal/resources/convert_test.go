// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// A known value survives translate -> Terraform -> translate, for the
// nested attributes of every resource.
func TestConvertRoundTrip(t *testing.T) {
	ctx := context.Background()
	sel := translate.LabelSelector{
		MatchLabels: translate.Known(map[string]string{"team": "a"}),
		MatchExpressions: translate.Known([]translate.LabelSelectorRequirement{
			{Key: translate.Known("env"), Operator: translate.Known("In"), Values: translate.Known([]string{"prod", "dev"})},
			{Key: translate.Known("x"), Operator: translate.Known("Exists")},
		}),
	}
	listeners := translate.Known([]translate.Listener{
		{Name: translate.Known("http"), Port: translate.Known(int64(80)), Protocol: translate.Known("HTTP"), Hostname: translate.Known("")},
		{Name: translate.Known("https"), Port: translate.Known(int64(443)), Protocol: translate.Known("HTTPS"),
			TLS: translate.Known(translate.ListenerTLS{Mode: translate.Known("Terminate"),
				CertificateRefs: translate.Known([]translate.CertificateRef{{Name: translate.Known("c"), Namespace: translate.Known("certs")}})}),
			AllowedRoutes: translate.Known(translate.AllowedRoutes{Namespaces: translate.Known(translate.RouteNamespaces{
				From: translate.Known("Selector"), Selector: translate.Known(sel)})})},
	})
	roundTrip(t, listeners, gatewayAttrType(ctx, "listeners"))
	roundTrip(t, translate.Known(translate.Watch{NamespaceSelector: translate.Known(sel)}), tenantWatchType(ctx))
	roundTrip(t, translate.Known(translate.Watch{Namespaces: translate.Known([]string{"a"})}), tenantWatchType(ctx))
	roundTrip(t, translate.Known(translate.ProxyParametersRef("m", "ns")), classAttrType(ctx, "parameters_ref"))
	roundTrip(t, translate.Null[translate.Watch](), tenantWatchType(ctx))
	roundTrip(t, translate.Unknown[[]translate.Listener](), gatewayAttrType(ctx, "listeners"))
}

func roundTrip[T any](t *testing.T, v translate.Value[T], typ attr.Type) {
	t.Helper()
	tf, diags := fromTranslate(context.Background(), v, typ)
	if diags.HasError() {
		t.Fatalf("fromTranslate: %v", diags)
	}
	back, diags := toTranslate[T](tf)
	if diags.HasError() {
		t.Fatalf("toTranslate: %v", diags)
	}
	if !reflect.DeepEqual(back, v) {
		t.Errorf("round trip of %v gave %v (via %v)", v, back, tf)
	}
}

// Unknowns stay unknown where they are: a list of strings with an unknown
// element as a whole, an unknown listener as a listener of unknowns, an
// unknown hostname alone.
func TestConvertUnknowns(t *testing.T) {
	ctx := context.Background()
	typ := mustBe[types.ListType](t, gatewayAttrType(ctx, "listeners"))
	lt := mustBe[types.ObjectType](t, typ.ElemType)
	known, _ := fromTranslate(ctx, translate.Known(translate.Listener{Name: translate.Known("a"), Port: translate.Known(int64(80)),
		Protocol: translate.Known("HTTP"), Hostname: translate.Unknown[string]()}), lt)
	list := types.ListValueMust(lt, []attr.Value{known, types.ObjectUnknown(lt.AttrTypes)})
	got, diags := toTranslate[[]translate.Listener](list)
	if diags.HasError() {
		t.Fatal(diags)
	}
	ls, ok := got.Get()
	if !ok || len(ls) != 2 {
		t.Fatalf("listeners: %v", got)
	}
	if !ls[0].Hostname.IsUnknown() || ls[0].Name.Or("") != "a" || ls[0].TLS.IsUnknown() {
		t.Errorf("first listener: %+v, want only the hostname unknown", ls[0])
	}
	if !ls[1].Name.IsUnknown() || !ls[1].Port.IsUnknown() || !ls[1].AllowedRoutes.IsUnknown() {
		t.Errorf("an unknown listener: %+v, want every value unknown", ls[1])
	}
	wt := mustBe[types.ObjectType](t, tenantWatchType(ctx))
	nss := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown()})
	w := types.ObjectValueMust(wt.AttrTypes, map[string]attr.Value{
		"namespaces": nss, "namespace_selector": types.ObjectNull(mustBe[types.ObjectType](t, wt.AttrTypes["namespace_selector"]).AttrTypes)})
	watch, diags := toTranslate[translate.Watch](w)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if wv, _ := watch.Get(); !wv.Namespaces.IsUnknown() || !wv.NamespaceSelector.IsNull() {
		t.Errorf("watch: %+v, want namespaces unknown as a whole and no selector", wv)
	}
}

// mustBe is v as a T; a v of another type fails the test.
func mustBe[T any](t testing.TB, v any) T {
	t.Helper()
	out, ok := v.(T)
	if !ok {
		t.Fatalf("%T is not a %T", v, out)
	}
	return out
}

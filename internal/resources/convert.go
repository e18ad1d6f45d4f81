// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// The one conversion between Terraform values and the translator's input.
// The translator's structs name their fields by the HCL attribute names
// (their JSON tags), so an attribute's value and a translate.Value of the
// matching struct, list, map or scalar convert into each other by walking
// both, for every kind of object. Unknown stays unknown: a list or map of
// scalars is unknown as a whole when any element is, a list of objects
// keeps its known elements and turns an unknown element into an object
// whose every value is unknown, so one unknown hostname does not hide the
// rest of a Gateway from the checks.

// toTranslate converts a Terraform value into a translate.Value[T].
func toTranslate[T any](v attr.Value) (translate.Value[T], diag.Diagnostics) {
	var out translate.Value[T]
	var diags diag.Diagnostics
	fill(v, reflect.ValueOf(&out).Elem(), &diags)
	return out, diags
}

// fromTranslate converts a translate.Value[T] into a Terraform value of typ.
func fromTranslate[T any](ctx context.Context, v translate.Value[T], typ attr.Type) (attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := build(ctx, reflect.ValueOf(&v).Elem(), typ, &diags)
	return out, diags
}

// fromTranslateAs is fromTranslate into a model field's own type V
// (types.List, types.Map, types.Object). A value of another type is a
// provider bug, reported as one.
func fromTranslateAs[V attr.Value, T any](ctx context.Context, v translate.Value[T], typ attr.Type) (V, diag.Diagnostics) {
	out, diags := fromTranslate(ctx, v, typ)
	typed, ok := out.(V)
	if !ok {
		diags.AddError("Provider bug: cannot convert a value", fmt.Sprintf("Built a %T for %s, not a %T.", out, typ, typed))
	}
	return typed, diags
}

// listElemType is the element type of a list attribute's type. A type that
// is no list is a provider bug, reported as one.
func listElemType(typ attr.Type) (attr.Type, diag.Diagnostics) {
	var diags diag.Diagnostics
	lt, ok := typ.(types.ListType)
	if !ok {
		diags.AddError("Provider bug: unexpected attribute type", fmt.Sprintf("%s is not a list type.", typ))
		return nil, diags
	}
	return lt.ElemType, diags
}

var reflectedType = reflect.TypeFor[translate.Reflected]()

// reflected returns dst as a translate.Value, if it is one.
func reflected(dst reflect.Value) (translate.Reflected, bool) {
	if !dst.CanAddr() || !dst.Addr().Type().Implements(reflectedType) {
		return nil, false
	}
	r, ok := dst.Addr().Interface().(translate.Reflected)
	return r, ok
}

func fill(src attr.Value, dst reflect.Value, diags *diag.Diagnostics) {
	r, ok := reflected(dst)
	if !ok {
		fillContent(src, dst, diags)
		return
	}
	switch {
	case src == nil || src.IsNull():
		r.SetNull()
		return
	case src.IsUnknown() || scalarsWithUnknown(src):
		r.SetUnknown()
		return
	}
	fillContent(src, reflect.ValueOf(r.Content()).Elem(), diags)
	r.SetKnown()
}

func fillContent(src attr.Value, dst reflect.Value, diags *diag.Diagnostics) {
	switch v := src.(type) {
	case basetypes.StringValue:
		dst.SetString(v.ValueString())
	case basetypes.Int64Value:
		dst.SetInt(v.ValueInt64())
	case basetypes.BoolValue:
		dst.SetBool(v.ValueBool())
	case basetypes.ObjectValue:
		fields := jsonFields(dst.Type())
		for name, a := range v.Attributes() {
			if i, ok := fields[name]; ok {
				fill(a, dst.Field(i), diags)
			}
		}
	case basetypes.ListValue:
		fillSlice(v.Elements(), dst, diags)
	case basetypes.MapValue:
		m := reflect.MakeMapWithSize(dst.Type(), len(v.Elements()))
		for k, e := range v.Elements() {
			ev := reflect.New(dst.Type().Elem()).Elem()
			fill(e, ev, diags)
			m.SetMapIndex(reflect.ValueOf(k), ev)
		}
		dst.Set(m)
	default:
		diags.AddError("Provider bug: cannot convert a value", fmt.Sprintf("No conversion from %T into %s.", src, dst.Type()))
	}
}

func fillSlice(elems []attr.Value, dst reflect.Value, diags *diag.Diagnostics) {
	s := reflect.MakeSlice(dst.Type(), len(elems), len(elems))
	for i, e := range elems {
		if e.IsUnknown() {
			allUnknown(s.Index(i))
			continue
		}
		fill(e, s.Index(i), diags)
	}
	dst.Set(s)
}

// allUnknown makes every Value of a struct unknown.
func allUnknown(dst reflect.Value) {
	for i := range dst.NumField() {
		if r, ok := reflected(dst.Field(i)); ok {
			r.SetUnknown()
		}
	}
}

// scalarsWithUnknown reports a list or map of scalars holding an unknown.
func scalarsWithUnknown(v attr.Value) bool {
	var elems []attr.Value
	switch c := v.(type) {
	case basetypes.ListValue:
		elems = c.Elements()
	case basetypes.MapValue:
		for _, e := range c.Elements() {
			elems = append(elems, e)
		}
	}
	for _, e := range elems {
		if _, isObject := e.(basetypes.ObjectValue); !isObject && e.IsUnknown() {
			return true
		}
	}
	return false
}

func build(ctx context.Context, src reflect.Value, typ attr.Type, diags *diag.Diagnostics) attr.Value {
	if r, ok := reflected(src); ok {
		switch {
		case r.IsNull():
			return valueOf(ctx, typ, nil, diags)
		case r.IsUnknown():
			return valueOf(ctx, typ, tftypes.UnknownValue, diags)
		}
		src = reflect.ValueOf(r.Content()).Elem()
	}
	switch t := typ.(type) {
	case basetypes.StringType:
		return basetypes.NewStringValue(src.String())
	case basetypes.Int64Type:
		return basetypes.NewInt64Value(src.Int())
	case basetypes.BoolType:
		return basetypes.NewBoolValue(src.Bool())
	case basetypes.ObjectType:
		fields := jsonFields(src.Type())
		attrs := make(map[string]attr.Value, len(t.AttrTypes))
		for name, at := range t.AttrTypes {
			i, ok := fields[name]
			if !ok {
				attrs[name] = valueOf(ctx, at, nil, diags)
				continue
			}
			attrs[name] = build(ctx, src.Field(i), at, diags)
		}
		obj, d := basetypes.NewObjectValue(t.AttrTypes, attrs)
		diags.Append(d...)
		return obj
	case basetypes.ListType:
		elems := make([]attr.Value, src.Len())
		for i := range elems {
			elems[i] = build(ctx, src.Index(i), t.ElemType, diags)
		}
		list, d := basetypes.NewListValue(t.ElemType, elems)
		diags.Append(d...)
		return list
	case basetypes.MapType:
		elems := make(map[string]attr.Value, src.Len())
		for it := src.MapRange(); it.Next(); {
			elems[it.Key().String()] = build(ctx, addressable(it.Value()), t.ElemType, diags)
		}
		m, d := basetypes.NewMapValue(t.ElemType, elems)
		diags.Append(d...)
		return m
	}
	diags.AddError("Provider bug: cannot convert a value", fmt.Sprintf("No conversion from %s into %s.", src.Type(), typ))
	return valueOf(ctx, typ, nil, diags)
}

// addressable copies a map element (never addressable) so that a Value in
// it can be read through its pointer methods.
func addressable(v reflect.Value) reflect.Value {
	p := reflect.New(v.Type()).Elem()
	p.Set(v)
	return p
}

// valueOf returns the null (raw nil) or unknown value of typ.
func valueOf(ctx context.Context, typ attr.Type, raw any, diags *diag.Diagnostics) attr.Value {
	v, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), raw))
	if err != nil {
		diags.AddError("Provider bug: cannot build a value", err.Error())
	}
	return v
}

var fieldCache sync.Map // reflect.Type → map[string]int

// jsonFields maps a struct's JSON names (the HCL attribute names) to its
// field indexes.
func jsonFields(t reflect.Type) map[string]int {
	if cached, ok := fieldCache.Load(t); ok {
		if m, ok := cached.(map[string]int); ok {
			return m
		}
	}
	m := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	fieldCache.Store(t, m)
	return m
}

// typesOf returns, computed once, the attribute types of a resource's
// schema: the one source of the types the conversions build.
func typesOf(s func(context.Context) schema.Schema) func(context.Context) map[string]attr.Type {
	var once sync.Once
	var out map[string]attr.Type
	return func(ctx context.Context) map[string]attr.Type {
		once.Do(func() {
			out = map[string]attr.Type{}
			for name, a := range s(ctx).Attributes {
				out[name] = a.GetType()
			}
		})
		return out
	}
}

// The scalar conversions, each beside its inverse.

func str(v types.String) translate.Value[string] {
	switch {
	case v.IsUnknown():
		return translate.Unknown[string]()
	case v.IsNull():
		return translate.Null[string]()
	}
	return translate.Known(v.ValueString())
}

func stringOf(v translate.Value[string]) types.String {
	switch {
	case v.IsUnknown():
		return types.StringUnknown()
	case v.IsNull():
		return types.StringNull()
	}
	return types.StringValue(v.Or(""))
}

func boolean(v types.Bool) translate.Value[bool] {
	switch {
	case v.IsUnknown():
		return translate.Unknown[bool]()
	case v.IsNull():
		return translate.Null[bool]()
	}
	return translate.Known(v.ValueBool())
}

func known(v types.String) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}

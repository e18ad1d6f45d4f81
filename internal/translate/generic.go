// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
)

// The generic form of the translator's input: maps keyed by the HCL names
// (the JSON tags), lists and scalars, without nulls. A kind whose shape
// mirrors its Kubernetes object (an HTTPRoute) renders and parses through
// it, with the names mapped between snake_case and the API's camelCase.

// toGeneric writes a translator value in generic form. A null Value is
// left out; an unknown one is ErrUnknown, naming its path.
func toGeneric(v reflect.Value, path string) (any, error) {
	if r, ok := reflectedOf(v); ok {
		switch {
		case r.IsUnknown():
			return nil, fmt.Errorf("%s: %w", strings.TrimPrefix(path, "."), ErrUnknown)
		case r.IsNull():
			return nil, nil
		}
		v = reflect.ValueOf(r.Content()).Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if name == "" || name == "key" || name == "origin" {
				continue
			}
			g, err := toGeneric(v.Field(i), path+"."+name)
			if err != nil {
				return nil, err
			}
			if g != nil {
				out[name] = g
			}
		}
		return out, nil
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range out {
			g, err := toGeneric(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = g
		}
		return out, nil
	case reflect.Map:
		out := map[string]any{}
		for it := v.MapRange(); it.Next(); {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out, nil
	}
	return v.Interface(), nil
}

// fromGeneric fills a translator value (dst, addressable) from generic
// form: what is present is known, what is absent null. Strings are taken
// as they are: no text is ever read as unknown.
func fromGeneric(g any, dst reflect.Value) {
	if r, ok := reflectedOf(dst); ok {
		if g == nil {
			r.SetNull()
			return
		}
		fromGeneric(g, reflect.ValueOf(r.Content()).Elem())
		r.SetKnown()
		return
	}
	switch dst.Kind() {
	case reflect.Struct:
		m, _ := g.(map[string]any)
		for i := range dst.NumField() {
			name, _, _ := strings.Cut(dst.Type().Field(i).Tag.Get("json"), ",")
			if name != "" && name != "key" && name != "origin" {
				fromGeneric(m[name], dst.Field(i))
			}
		}
	case reflect.Slice:
		l, _ := g.([]any)
		s := reflect.MakeSlice(dst.Type(), len(l), len(l))
		for i, e := range l {
			fromGeneric(e, s.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		m, _ := g.(map[string]any)
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for k, v := range m {
			out.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(fmt.Sprint(v)))
		}
		dst.Set(out)
	case reflect.String:
		s, _ := g.(string)
		dst.SetString(s)
	case reflect.Int64:
		switch n := g.(type) {
		case float64:
			dst.SetInt(int64(n))
		case int64:
			dst.SetInt(n)
		}
	case reflect.Bool:
		b, _ := g.(bool)
		dst.SetBool(b)
	}
}

func reflectedOf(v reflect.Value) (Reflected, bool) {
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	r, ok := v.Addr().Interface().(Reflected)
	return r, ok
}

// renameKeys returns g with every mapping key renamed by name.
func renameKeys(g any, name func(string) string) any {
	switch x := g.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[name(k)] = renameKeys(v, name)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = renameKeys(v, name)
		}
		return out
	}
	return g
}

// camelName is an HCL name's API name: backend_refs, backendRefs.
func camelName(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// snakeName is camelName's inverse: backendRefs, backend_refs.
func snakeName(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

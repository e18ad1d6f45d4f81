// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// valueState says whether a Value holds nothing, something, or something not
// known yet. The zero state is null so that a field left out of a struct
// literal means "not set", exactly like an omitted optional attribute.
type valueState uint8

const (
	stateNull valueState = iota
	stateKnown
	stateUnknown
)

// UnknownJSON is how an unknown Value is written in JSON and YAML (test
// fixtures, debugging output). No attribute the translator reads can
// legitimately hold this string.
const UnknownJSON = "<unknown>"

// Value is one plan-time value: null (not set), known, or unknown (only known
// after apply). The zero Value is null.
//
// Rules read values with Get; a rule that needs a value which is not known
// skips instead of failing, so an unknown value never produces a problem.
type Value[T any] struct {
	v     T
	state valueState
}

// Known returns a set value.
func Known[T any](v T) Value[T] { return Value[T]{v: v, state: stateKnown} }

// Unknown returns a value that is only known after apply.
func Unknown[T any]() Value[T] { return Value[T]{state: stateUnknown} }

// Null returns a value that is not set. It equals the zero Value.
func Null[T any]() Value[T] { return Value[T]{} }

// IsNull reports whether the value is not set.
func (v Value[T]) IsNull() bool { return v.state == stateNull }

// IsUnknown reports whether the value is only known after apply.
func (v Value[T]) IsUnknown() bool { return v.state == stateUnknown }

// IsKnown reports whether the value is set and known.
func (v Value[T]) IsKnown() bool { return v.state == stateKnown }

// Get returns the value and true when it is set and known.
func (v Value[T]) Get() (T, bool) { return v.v, v.state == stateKnown }

// Or returns the value when it is set and known, else def. Use it only where
// null and unknown may be treated alike (rendering defaults), never in a rule.
func (v Value[T]) Or(def T) T {
	if v.state == stateKnown {
		return v.v
	}
	return def
}

// String is for debugging and test failure messages.
func (v Value[T]) String() string {
	switch v.state {
	case stateNull:
		return "null"
	case stateUnknown:
		return UnknownJSON
	default:
		return fmt.Sprint(v.v)
	}
}

// MarshalJSON writes null, the UnknownJSON string, or the value.
func (v Value[T]) MarshalJSON() ([]byte, error) {
	switch v.state {
	case stateNull:
		return []byte("null"), nil
	case stateUnknown:
		return json.Marshal(UnknownJSON)
	default:
		return json.Marshal(v.v)
	}
}

// UnmarshalJSON reads null, the UnknownJSON string, or a value of T.
func (v *Value[T]) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, []byte("null")):
		*v = Value[T]{}
		return nil
	case isUnknownJSON(data):
		*v = Value[T]{state: stateUnknown}
		return nil
	}
	// Strict, so that a misspelt attribute in a fixture is an error rather
	// than a silently null value.
	var x T
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return err
	}
	*v = Value[T]{v: x, state: stateKnown}
	return nil
}

// isUnknownJSON reports whether data is the JSON string UnknownJSON, in any
// escaping (encoders write "<" as \u003c).
func isUnknownJSON(data []byte) bool {
	if len(data) < 2 || data[0] != '"' {
		return false
	}
	var s string
	return json.Unmarshal(data, &s) == nil && s == UnknownJSON
}

// IsZero lets encoders that honour omitzero drop null values.
func (v Value[T]) IsZero() bool { return v.state == stateNull }

// Reflected is how a converter that walks Values by reflection (the
// provider's, between Terraform values and the translator's input) reads
// and writes a Value of any T. Every *Value[T] implements it.
type Reflected interface {
	IsNull() bool
	IsUnknown() bool
	// Content returns a pointer to the held T. Writing through it leaves the
	// state as it is; SetKnown makes the value known.
	Content() any
	SetNull()
	SetUnknown()
	SetKnown()
}

// Content returns a pointer to the held value (see Reflected).
func (v *Value[T]) Content() any { return &v.v }

// SetNull makes the value null (see Reflected).
func (v *Value[T]) SetNull() { *v = Value[T]{} }

// SetUnknown makes the value unknown (see Reflected).
func (v *Value[T]) SetUnknown() { *v = Value[T]{state: stateUnknown} }

// SetKnown makes the value known, holding what Content points at (see
// Reflected).
func (v *Value[T]) SetKnown() { v.state = stateKnown }

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"errors"
	"fmt"
)

// The Render functions turn one planned object into the Kubernetes object
// the provider applies; each kind's file holds its Render beside its Parse,
// the inverse, which reads an object from the cluster back into the
// translator's input. Render copies what the user set and leaves CRD
// defaults (tls.mode Terminate, allowedRoutes from Same) to the API server,
// so that what is applied is what is written. Call it when Validate reports
// no errors for the object; it fails only on values still unknown, and on
// the translator's "" = not set convention it leaves fields out. Parse
// keeps what the object holds, defaults included, so that
// Render(Parse(Render(x))) equals Render(x).

func knownNames(name, ns Value[string]) (string, string, error) {
	n, err := need(name, "name")
	if err != nil {
		return "", "", err
	}
	s, err := need(ns, "namespace")
	if err != nil {
		return "", "", err
	}
	return n, s, nil
}

// need returns a required value, or why it cannot.
func need(v Value[string], attr string) (string, error) {
	if s, ok := v.Get(); ok {
		return s, nil
	}
	if v.IsUnknown() {
		return "", fmt.Errorf("%s: %w", attr, ErrUnknown)
	}
	return "", fmt.Errorf("%s is not set", attr)
}

// ErrUnknown is returned by the Render functions when a value they need is
// only known after apply.
var ErrUnknown = errors.New("translate: value not known until apply")

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A zero or negative timeout parses as a duration but fails the operation
// at once: every resource refuses it at validate, on the timeout's path.
func TestTimeoutsRefuseNegative(t *testing.T) {
	p := newRPC(t)
	required := map[string]map[string]tftypes.Value{
		"eg_tenant":       {"name": str("marketing"), "namespace": str("marketing")},
		"eg_gatewayclass": {"name": str("c"), "controller_name": str("example.com/c")},
	}
	for _, typ := range []string{"eg_tenant", "eg_gatewayclass"} {
		for _, c := range []struct {
			value string
			bad   bool
		}{{"-5m", true}, {"0s", true}, {"90s", false}} {
			values := map[string]tftypes.Value{}
			for k, v := range required[typ] {
				values[k] = v
			}
			values["timeouts"] = p.object(typ, "timeouts", map[string]tftypes.Value{"delete": str(c.value)})
			diags := p.validate(typ, values)
			found := false
			for _, d := range diags {
				if attributePathText(d.Attribute) == "timeouts.delete" && strings.Contains(d.Detail, "positive duration") {
					found = true
				}
			}
			if found != c.bad {
				t.Errorf("%s timeouts.delete = %q: refused %v, want %v:%s", typ, c.value, found, c.bad, diagnosticsText(diags))
			}
		}
	}
}

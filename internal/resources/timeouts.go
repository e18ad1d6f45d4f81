// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// timeoutsAttribute is every resource's `timeouts`: create, update and
// delete, each a duration the framework's validator parses, and which must
// be positive (a zero or negative timeout fails the operation at once, at
// apply, with a deadline error that does not say why).
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	plain := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})
	attr, ok := plain.(schema.SingleNestedAttribute)
	if !ok {
		return plain // TestTimeoutsRefuseNegative fails: a dependency upgrade changed the shape
	}
	nested := make(map[string]schema.Attribute, len(attr.Attributes))
	for name, a := range attr.Attributes {
		if s, isString := a.(schema.StringAttribute); isString {
			s.Validators = append(append([]validator.String{}, s.Validators...), positiveDuration{})
			a = s
		}
		nested[name] = a
	}
	attr.Attributes = nested
	return attr
}

// positiveDuration refuses a duration that parses but is zero or negative;
// what does not parse is the framework validator's to report.
type positiveDuration struct{}

func (positiveDuration) Description(context.Context) string {
	return "a positive duration"
}

func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
		fmt.Sprintf("%s must be a positive duration such as \"30s\" or \"10m\", got %q: the operation would fail at once.",
			req.Path, req.ConfigValue.ValueString()))
}

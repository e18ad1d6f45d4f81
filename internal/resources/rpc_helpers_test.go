// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
)

// rpc drives one provider server in-process through its protocol, the
// way Terraform validates and plans.
type rpc struct {
	t       testing.TB
	ctx     context.Context
	server  tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
}

func newRPC(t testing.TB) *rpc {
	t.Helper()
	ctx := context.Background()
	server, err := egacc.ProviderFactories["eg"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	p := &rpc{t: t, ctx: ctx, server: server, schemas: resp.ResourceSchemas}
	// The kubernetes block unknown: the cluster is created by this apply.
	typ := mustBe[tftypes.Object](t, resp.Provider.ValueType())
	cfg := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		cfg[name] = tftypes.NewValue(at, nil)
	}
	cfg["kubernetes"] = tftypes.NewValue(typ.AttributeTypes["kubernetes"], tftypes.UnknownValue)
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: p.dynamic(typ, cfg)})
	if err != nil || hasError(conf.Diagnostics) {
		t.Fatalf("configure: %v %v", err, conf.Diagnostics)
	}
	return p
}

// plan makes the create plan of one resource from its configured values.
func (p *rpc) plan(typeName string, values map[string]tftypes.Value) {
	resp := p.planResp(typeName, values)
	if hasError(resp.Diagnostics) {
		p.t.Fatalf("plan %s: %v", typeName, diagnosticsText(resp.Diagnostics))
	}
}

// validate returns the diagnostics of a resource's configuration.
func (p *rpc) validate(typeName string, values map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	typ := mustBe[tftypes.Object](p.t, p.schemas[typeName].ValueType())
	config := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		config[name] = tftypes.NewValue(at, nil)
		if v, ok := values[name]; ok {
			config[name] = v
		}
	}
	resp, err := p.server.ValidateResourceConfig(p.ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: p.dynamic(typ, config)})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (p *rpc) planResp(typeName string, values map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	s := p.schemas[typeName]
	typ := mustBe[tftypes.Object](p.t, s.ValueType())
	config, proposed := map[string]tftypes.Value{}, map[string]tftypes.Value{}
	for _, a := range s.Block.Attributes {
		at := typ.AttributeTypes[a.Name]
		config[a.Name], proposed[a.Name] = tftypes.NewValue(at, nil), tftypes.NewValue(at, nil)
		if v, ok := values[a.Name]; ok {
			config[a.Name], proposed[a.Name] = v, v
		} else if a.Computed {
			proposed[a.Name] = tftypes.NewValue(at, tftypes.UnknownValue)
		}
	}
	resp, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       p.dynamic(typ, nil),
		ProposedNewState: p.dynamic(typ, proposed),
		Config:           p.dynamic(typ, config),
	})
	if err != nil {
		p.t.Fatalf("plan %s: %v", typeName, err)
	}
	return resp
}

// object builds a value of a nested single attribute, the rest null.
func (p *rpc) object(typeName, attr string, values map[string]tftypes.Value) tftypes.Value {
	return fillObject(mustBe[tftypes.Object](p.t, p.attrType(typeName, attr)), values)
}

// listElem builds an element of a nested list attribute, the rest null.
func (p *rpc) listElem(typeName, attr string, values map[string]tftypes.Value) tftypes.Value {
	list := mustBe[tftypes.List](p.t, p.attrType(typeName, attr))
	return fillObject(mustBe[tftypes.Object](p.t, list.ElementType), values)
}

func (p *rpc) list(typeName, attr string, elems ...tftypes.Value) tftypes.Value {
	return tftypes.NewValue(p.attrType(typeName, attr), elems)
}

func (p *rpc) attrType(typeName, attr string) tftypes.Type {
	return mustBe[tftypes.Object](p.t, p.schemas[typeName].ValueType()).AttributeTypes[attr]
}

func fillObject(typ tftypes.Object, values map[string]tftypes.Value) tftypes.Value {
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		all[name] = tftypes.NewValue(at, nil)
		if v, ok := values[name]; ok {
			all[name] = v
		}
	}
	return tftypes.NewValue(typ, all)
}

func (p *rpc) dynamic(typ tftypes.Type, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
	var v tftypes.Value
	if values == nil {
		v = tftypes.NewValue(typ, nil)
	} else {
		v = tftypes.NewValue(typ, values)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	s := ""
	for _, d := range diags {
		s += fmt.Sprintf("\n  %s: %s: %s", attributePathText(d.Attribute), d.Summary, d.Detail)
	}
	return s
}

// attributePathText writes a path as HCL does: watch.namespaces[1].
func attributePathText(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		}
	}
	return b.String()
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// mustBe is v as a T; a v of another type fails the test.
func mustBe[T any](t testing.TB, v any) T {
	t.Helper()
	out, ok := v.(T)
	if !ok {
		t.Fatalf("%T is not a %T", v, out)
	}
	return out
}

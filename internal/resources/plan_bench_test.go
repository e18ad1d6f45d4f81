package resources_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
)

// BenchmarkPlanMergedGateways plans, through the provider's gRPC server as
// Terraform does (PlanResourceChange: the framework, ModifyPlan, the plan
// set and the rules), one tenant, one merged proxy, one class and N merged
// Gateways of one listener each, all distinct. The connection is unknown
// (a cluster created in the same apply), so no request leaves the process.
// A plan's cost must grow linearly: 10× the Gateways, at most ~12× the time.
//
//	go test ./internal/resources/ -run '^$' -bench PlanMergedGateways -benchmem
func BenchmarkPlanMergedGateways(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("gateways=%d", n), func(b *testing.B) {
			for range b.N {
				p := newPlanner(b)
				p.plan("eg_tenant", map[string]tftypes.Value{"name": str("eg"), "namespace": str("eg"), "create_namespace": tftypes.NewValue(tftypes.Bool, true)})
				p.plan("eg_merged_proxy", map[string]tftypes.Value{"name": str("merged"), "namespace": str("eg")})
				p.plan("eg_gatewayclass", map[string]tftypes.Value{"name": str("merged"),
					"controller_name": str("gateway.envoyproxy.io/eg-gatewayclass-controller"),
					"parameters_ref":  p.object("eg_gatewayclass", "parameters_ref", map[string]tftypes.Value{
						"group": str("gateway.envoyproxy.io"), "kind": str("EnvoyProxy"), "name": str("merged"), "namespace": str("eg")})})
				for i := range n {
					listener := p.listElem("eg_gateway", "listeners", map[string]tftypes.Value{"name": str("http"),
						"port": tftypes.NewValue(tftypes.Number, 8000+i%1000), "protocol": str("HTTP"),
						"hostname": str(fmt.Sprintf("www.g%d.example.com", i))})
					p.plan("eg_gateway", map[string]tftypes.Value{"name": str(fmt.Sprintf("g%d", i)), "namespace": str("eg"),
						"gateway_class_name": str("merged"), "listeners": p.list("eg_gateway", "listeners", listener)})
				}
			}
		})
	}
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// planner drives one provider server the way Terraform plans creates.
type planner struct {
	b       *testing.B
	ctx     context.Context
	server  tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
}

func newPlanner(b *testing.B) *planner {
	b.Helper()
	ctx := context.Background()
	server, err := egacc.ProviderFactories["eg"]()
	if err != nil {
		b.Fatal(err)
	}
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	p := &planner{b: b, ctx: ctx, server: server, schemas: resp.ResourceSchemas}
	// The kubernetes block unknown: the cluster is created by this apply.
	typ := resp.Provider.ValueType().(tftypes.Object)
	cfg := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		cfg[name] = tftypes.NewValue(at, nil)
	}
	cfg["kubernetes"] = tftypes.NewValue(typ.AttributeTypes["kubernetes"], tftypes.UnknownValue)
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: p.dynamic(typ, cfg)})
	if err != nil || hasError(conf.Diagnostics) {
		b.Fatalf("configure: %v %v", err, conf.Diagnostics)
	}
	return p
}

// plan makes the create plan of one resource from its configured values.
func (p *planner) plan(typeName string, values map[string]tftypes.Value) {
	s := p.schemas[typeName]
	typ := s.ValueType().(tftypes.Object)
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
	if err != nil || hasError(resp.Diagnostics) {
		p.b.Fatalf("plan %s: %v %v", typeName, err, diagnosticsText(resp))
	}
}

// object builds a value of a nested single attribute, the rest null.
func (p *planner) object(typeName, attr string, values map[string]tftypes.Value) tftypes.Value {
	return fillObject(p.attrType(typeName, attr).(tftypes.Object), values)
}

// listElem builds an element of a nested list attribute, the rest null.
func (p *planner) listElem(typeName, attr string, values map[string]tftypes.Value) tftypes.Value {
	return fillObject(p.attrType(typeName, attr).(tftypes.List).ElementType.(tftypes.Object), values)
}

func (p *planner) list(typeName, attr string, elems ...tftypes.Value) tftypes.Value {
	return tftypes.NewValue(p.attrType(typeName, attr), elems)
}

func (p *planner) attrType(typeName, attr string) tftypes.Type {
	return p.schemas[typeName].ValueType().(tftypes.Object).AttributeTypes[attr]
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

func (p *planner) dynamic(typ tftypes.Type, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
	var v tftypes.Value
	if values == nil {
		v = tftypes.NewValue(typ, nil)
	} else {
		v = tftypes.NewValue(typ, values)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		p.b.Fatal(err)
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

func diagnosticsText(resp *tfprotov6.PlanResourceChangeResponse) string {
	if resp == nil {
		return ""
	}
	s := ""
	for _, d := range resp.Diagnostics {
		s += fmt.Sprintf("\n  %s: %s: %s", d.Attribute, d.Summary, d.Detail)
	}
	return s
}

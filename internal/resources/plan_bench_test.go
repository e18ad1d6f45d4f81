// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
				p := newRPC(b)
				p.plan("eg_tenant", map[string]tftypes.Value{"name": str("eg"), "namespace": str("eg"), "create_namespace": tftypes.NewValue(tftypes.Bool, true)})
				p.plan("eg_merged_proxy", map[string]tftypes.Value{"name": str("merged"), "namespace": str("eg")})
				p.plan("eg_gatewayclass", map[string]tftypes.Value{"name": str("merged"),
					"controller_name": str("gateway.envoyproxy.io/eg-gatewayclass-controller"),
					"parameters_ref": p.object("eg_gatewayclass", "parameters_ref", map[string]tftypes.Value{
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

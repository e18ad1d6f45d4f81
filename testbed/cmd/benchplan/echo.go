// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/egplatform/terraform-provider-eg/internal/provider"
)

// envServeEcho makes this program serve the echo provider: the plugin floor.
const envServeEcho = "BENCHPLAN_SERVE_ECHO"

// echoProvider is the plugin floor: a provider process with this provider's
// address and schema that does no work of its own. It validates nothing,
// reads back the state, plans the CLI's proposed state and applies the plan,
// on terraform-plugin-go alone, without the plugin framework. What a plan
// costs with it is what the CLI and the plugin protocol cost for these
// resources, which no provider of this schema can go below.
type echoProvider struct {
	tfprotov6.ProviderServer // the real provider's server, for the schema and the rest
	types                    map[string]tftypes.Type
}

// serveEcho serves the echo provider over the plugin handshake on stdio.
func serveEcho() error {
	for _, logger := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
		_ = os.Setenv(logger, "OFF") // as the real provider does when the CLI asks for no logs
	}
	eg := providerserver.NewProtocol6(provider.New("echo")())()
	schemas, err := eg.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return err
	}
	echo := &echoProvider{ProviderServer: eg, types: map[string]tftypes.Type{}}
	for name, s := range schemas.ResourceSchemas {
		echo.types[name] = s.ValueType()
	}
	return tf6server.Serve("registry.terraform.io/egplatform/eg", func() tfprotov6.ProviderServer { return echo })
}

func (e *echoProvider) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (e *echoProvider) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// UpgradeResourceState decodes the stored JSON with the schema's type, the
// least any provider does with it.
func (e *echoProvider) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	typ, ok := e.types[req.TypeName]
	if !ok {
		return nil, fmt.Errorf("no resource type %q", req.TypeName)
	}
	v, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{})
	if err != nil {
		return nil, err
	}
	state, err := tfprotov6.NewDynamicValue(typ, v)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &state}, err
}

func (e *echoProvider) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (e *echoProvider) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
}

func (e *echoProvider) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState, Private: req.PlannedPrivate}, nil
}

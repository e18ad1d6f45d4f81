// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package agreement compares the provider's plan-time verdicts with what the
// real Envoy Gateway controller concludes for the same objects.
//
// Scenarios (scenarios.go) are merged-gateway configurations: the Gateways
// of one GatewayClass whose EnvoyProxy has mergeGateways true. For each, the
// translator's verdict comes from translate.Validate over the Set describing
// the scenario, and the controller's from the listener conditions the real
// controller writes when the same objects (rendered by the translator) are
// created straight through client-go, bypassing the provider's plan checks.
//
// What the controller wrote is recorded in testdata/controller-verdicts.json
// by the acceptance test (TestAccControllerDifferential, with -update), which
// also fails when the running controller no longer writes what is recorded.
// The unit test TestAgreementTable then needs no cluster: it compares the
// current translator with the recorded controller, classifies every
// scenario (agreement, deliberate difference, disagreement), fails on an
// undeclared disagreement, and keeps the generated table in
// templates/guides/controller-agreement.md.tmpl fresh.
package agreement

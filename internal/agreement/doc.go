// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package agreement compares the provider's plan-time verdicts with what the
// real Envoy Gateway controller concludes for the same objects.
//
// A scenario is one GatewayClass, its EnvoyProxy and its Gateways. The
// merged scenarios (scenarios.go) put listeners on the Gateways of one class
// whose EnvoyProxy has mergeGateways true; the proxy scenarios
// (scenarios_proxy.go) vary the class's EnvoyProxy (merging or not, shaped
// by service, deployment and spec, invalid, missing), give Gateways their
// own EnvoyProxy through infrastructure.parametersRef, and set listener
// route kinds; the route scenarios (scenarios_route.go) add HTTPRoutes,
// each parent ref judged by the route status the controller writes for
// it. For each, the translator's verdict comes from
// translate.Validate over the Set describing the scenario, and the
// controller's from the conditions the real controller writes (the class's
// and each Gateway's Accepted, every listener's) when the same objects
// (rendered by the translator) are created straight through client-go,
// bypassing the provider's plan checks. An EnvoyProxy the API server
// refuses to create is recorded with the API server's causes.
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

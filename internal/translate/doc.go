// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package translate is the provider's embedded translator: plain Go input
// structs for tenants, gateway classes, merged proxies, gateways and HTTP
// routes in, Helm values, Gateway API objects and EnvoyProxy objects out,
// and every rule the provider can check at plan time. It is pure: no
// Terraform types, no I/O, no clock, no cluster.
//
// # Input
//
// A Set holds the planned objects of one provider configuration (Tenant,
// GatewayClass, EnvoyProxy, Gateway, HTTPRoute) and, when the cluster was
// reachable, the live objects of other owners (Origin Live), this
// configuration's own objects as they are before their plan (Origin
// Refreshed: they count where existence matters, never in a conflict),
// the labels of namespaces, and, when routes are planned, the Services and
// ReferenceGrants (Backends).
// Problems are reported on planned objects only; live objects are the other
// side of a conflict.
//
// An Index holds a Set's objects as a provider learns them one plan at a
// time, and gives for each object the Subset its rules read, so that a plan
// of N objects costs N small validations rather than N validations of N.
//
// # Unknown values
//
// Every attribute that can be unknown at plan time is a Value: null (not
// set, the zero Value), Known(v) or Unknown(). A rule that needs a value
// that is not known skips: an unknown value never produces a problem. Lists
// of strings are unknown as a whole when any element is; lists of objects
// (listeners) keep unknowns per attribute, so one unknown hostname does not
// hide the rest of a Gateway. Set.ClusterUnknown says the live objects
// could not be read; rules that must prove an absence (no tenant runs a
// controller, no such class, a namespace is missing) then skip.
//
// Empty strings in optional attributes whose Kubernetes field may not be
// empty (a listener hostname, a certificate_refs or parameters_ref
// namespace, a class description) mean "not set": Terraform users write ""
// for none, and the rendered object leaves the field out.
//
// # Phases
//
// Validate first copies what the rules read (each listener's name, port,
// protocol, hostname and TLS facts, with CRD defaults applied) into
// contexts around the input, as Envoy Gateway's internal/gatewayapi wraps
// Gateways and listeners; it never writes to the caller's structs. Then it
// runs ordered phases over the contexts, collecting problems instead of
// stopping at the first:
//
//  1. PhaseSchema: what the API server refuses in one object. For Gateways
//     these are exactly the Gateway API v1.6 CRD rules (listener names
//     unique, 1-64 listeners, port 1-65535, the hostname, name and protocol
//     patterns, no hostname on TCP/UDP, tls per protocol, unique port +
//     protocol + hostname), with the CRD's own messages as summaries. For
//     HTTPRoutes, every rule of the v1.6 standard HTTPRoute CRD on the
//     fields a route has: parent refs (and the CEL rules on their section
//     names), hostnames, rules and the total of matches, paths (the CEL
//     rules on Exact and PathPrefix values), methods, header and query
//     matches, one kind per filter and each kind's fields, the CEL rules
//     across filters, backend refs and timeouts.
//  2. PhaseController: what Envoy Gateway refuses after the API server
//     accepted it: unsupported protocols, HTTPS without tls, Passthrough
//     with certificates, route namespace selectors Kubernetes cannot
//     parse, and per port of one Gateway one protocol family (HTTP |
//     HTTPS/TLS | TCP; UDP coexists) and distinct hostnames. One TCP and
//     one UDP listener per port follows from the CRD's tuple rule. For
//     HTTPRoutes: regular expressions RE2 cannot compile, header modifiers
//     on Host or pseudo-headers or with values that are not printable
//     words, IP addresses as redirect or rewrite hosts, a mirror beside a
//     redirect, and backends of a kind Envoy Gateway cannot resolve.
//  3. PhaseTenant: each tenant's watch and chart values, checked with Envoy
//     Gateway's own api/v1alpha1/validation; controller names unique across
//     tenants; merged classes refused under deploy_type GatewayNamespace.
//  4. PhaseBinding: a class needs a tenant running its controller, a
//     Gateway needs its class, and the serving tenant must watch the
//     namespaces of the class's Gateways and EnvoyProxy (namespace_selector
//     scopes are checked against namespace labels when they are known).
//     Each parent ref of a route, in Envoy Gateway's order: its Gateway
//     exists (planned, live, or refreshed until its plan), the tenant
//     serving the Gateway's class watches the route's namespace, and a
//     listener matches section_name and port (NoMatchingParent), allows
//     HTTPRoute from the route's namespace (NotAllowedByListeners) and
//     shares a hostname (NoMatchingListenerHostname). A route attached
//     nowhere is an error per parent, one attached somewhere a warning
//     for the others; the isolation error is always one. Cross-namespace
//     backends without a ReferenceGrant and missing Services are warnings.
//  5. PhaseMerged: across all Gateways of a merged class (parameters_ref
//     points at a EnvoyProxy), (protocol, hostname or "", port) is unique
//     and a port carries one protocol family. This phase is linear in the
//     number of listeners.
//
// ValidatePhases reports a subset of the phases, for callers that see one
// resource alone (the provider's ValidateConfig) or compare with the API
// server (PhaseSchema).
//
// # Deliberate differences from Envoy Gateway
//
// internal/agreement measures the verdicts against the real controller
// (merged gateways, EnvoyProxies, Gateway infrastructure, route kinds);
// docs/guides/controller-agreement.md has the table.
//
//   - Merged duplicates: Envoy Gateway lets the first of two listeners with
//     one (protocol, hostname, port) win and marks the other conflicted, an
//     outcome that depends on ordering the user does not see. We refuse
//     both sides before apply, each naming the other.
//   - HTTPS and TLS sharing a hostname on one port across merged Gateways:
//     Envoy Gateway treats them as one compatible family and lets both in;
//     we refuse it, as both claim one TLS server name on one Envoy listener.
//   - Certificate references are not resolved at plan time (Secrets are not
//     part of a Set), so a listener whose Secret is missing still takes part
//     in the merged checks. Envoy Gateway leaves such a listener out of its
//     conflict checks (InvalidCertificateRef) and accepts the listener whose
//     tuple it repeats, until the Secret exists; we refuse the repeated tuple
//     either way.
//   - Envoy Gateway ignores EnvoyGateway config fields it does not know; we
//     warn about them (values typos).
//   - An EnvoyProxy's bootstrap is checked by Envoy Gateway against its own
//     default bootstrap, which is internal to it; we only warn that it is
//     not checked at plan time.
//   - A parent ref to a Gateway that exists nowhere gets no status from
//     Envoy Gateway (no controller owns it); we refuse it, as nothing
//     will serve the route there.
//   - A mirror beside a redirect is refused even while the mirror's
//     Service is missing (Envoy Gateway then reports the missing Service
//     and not the combination, which it refuses once the Service exists).
//   - A route hostname that another listener of the same port names goes
//     to that listener, as in Envoy Gateway; we do not leave out listeners
//     that lost a hostname conflict, which the Gateway rules refuse.
//   - A listener selector Kubernetes cannot parse matches no namespace in
//     Envoy Gateway; we leave attachment to it undecided (the Gateway
//     carries the error).
//   - A GatewayClass parameters_ref to an EnvoyProxy without a namespace:
//     Envoy Gateway looks in "default"; we ask for the namespace, as the
//     Gateway API requires it for namespaced referents.
//
// # Output
//
// RenderTenant returns the Helm release (values with the typed attributes
// on top of the user's, and the EnvoyGateway config the chart renders);
// RenderGatewayClass, RenderEnvoyProxy and RenderGateway return the API
// objects. Each has its inverse beside it (ParseTenantRelease,
// ParseGatewayClass, ParseEnvoyProxy, ParseGateway), which reads an object
// from the cluster back into the translator's input; EquivalentListener and
// Shorten compare and shorten what was read against what was configured.
// DefaultControllerName, ReleaseNameOf and ProxyParametersRef give the
// provider the derived attribute values it shows in plans.
package translate

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import "strconv"

// This file holds the input of the translator: plain Go structs that mirror
// the provider's HCL attributes (the JSON names are the HCL names, which is
// also the format of the golden test fixtures). Every attribute that can be
// unknown at plan time is a Value.

// Origin says who owns an object in a Set.
type Origin uint8

const (
	// Planned objects are managed by this provider configuration. Problems
	// are reported on planned objects only.
	Planned Origin = iota
	// Live objects were read from the cluster and belong to another owner.
	// They take part in cross-object rules (a merged duplicate, a taken
	// controller name) but are never the subject of a problem: the planned
	// side of a conflict carries it and names the live side.
	Live
	// Refreshed objects are this configuration's own, read from the cluster
	// before this process planned them. They show what exists now, so they
	// count where existence matters (a class's tenant, a Gateway's class),
	// and never in a conflict or a duplicate: their plan may still change
	// them. Like live objects, they are never the subject of a problem.
	Refreshed
)

var originNames = [...]string{Planned: "planned", Live: "live", Refreshed: "refreshed"}

// String returns "planned", "live" or "refreshed".
func (o Origin) String() string {
	if int(o) < len(originNames) {
		return originNames[o]
	}
	return "origin(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText writes the origin's name.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads an origin's name, or "" (planned).
func (o *Origin) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "planned":
		*o = Planned
	case "live":
		*o = Live
	case "refreshed":
		*o = Refreshed
	default:
		return &unknownOriginError{string(b)}
	}
	return nil
}

type unknownOriginError struct{ s string }

func (e *unknownOriginError) Error() string {
	return "origin must be planned, live or refreshed, not " + e.s
}

// Protocols Envoy Gateway serves on a listener.
const (
	ProtocolHTTP  = "HTTP"
	ProtocolHTTPS = "HTTPS"
	ProtocolTLS   = "TLS"
	ProtocolTCP   = "TCP"
	ProtocolUDP   = "UDP"
)

// TLS modes of a listener.
const (
	TLSModeTerminate   = "Terminate"
	TLSModePassthrough = "Passthrough"
)

// Values of a listener's allowed_routes.namespaces.from.
const (
	FromAll      = "All"
	FromSame     = "Same"
	FromSelector = "Selector"
)

// Deploy types of a tenant (where Envoy Gateway puts the Envoy fleet).
const (
	DeployControllerNamespace = "ControllerNamespace"
	DeployGatewayNamespace    = "GatewayNamespace"
)

// Set is everything one plan knows: the planned objects of one provider
// configuration plus, when the cluster is reachable, the live objects of
// other owners and the labels of namespaces.
type Set struct {
	Tenants        []Tenant       `json:"tenants,omitempty"`
	GatewayClasses []GatewayClass `json:"gateway_classes,omitempty"`
	EnvoyProxies   []EnvoyProxy   `json:"envoy_proxies,omitempty"`
	Gateways       []Gateway      `json:"gateways,omitempty"`
	HTTPRoutes     []HTTPRoute    `json:"http_routes,omitempty"`
	Namespaces     []Namespace    `json:"namespaces,omitempty"`
	// Backends are the cluster's Services and ReferenceGrants, read only
	// when routes are planned; nil means they were not read, and the
	// backend rules are skipped.
	Backends *Backends `json:"backends,omitempty"`

	// ClusterUnknown is true when the caller could not read the cluster, so
	// the Set holds planned objects only. Rules that must prove an absence
	// (no tenant runs this controller, no such GatewayClass, a watched
	// namespace is missing) are then skipped: an unknown never fails a rule.
	// When false, the caller promises the Set holds every live Envoy Gateway
	// install (as a Live Tenant), GatewayClass, EnvoyProxy and
	// Gateway of a merged class, and every existing namespace.
	ClusterUnknown bool `json:"cluster_unknown,omitempty"`
}

// Tenant is one Envoy Gateway controller installed by the Helm chart
// (eg_tenant), or a live install of another owner.
type Tenant struct {
	// Key is opaque to the translator and copied into problems so the caller
	// can find the resource a problem belongs to.
	Key    string `json:"key,omitempty"`
	Origin Origin `json:"origin,omitempty"`

	Name      Value[string] `json:"name"`
	Namespace Value[string] `json:"namespace"`
	// ReleaseName null means ReleaseName(Name), eg-<name>.
	ReleaseName     Value[string] `json:"release_name"`
	CreateNamespace Value[bool]   `json:"create_namespace"`
	// ControllerName null means DefaultControllerName(Name).
	ControllerName Value[string] `json:"controller_name"`
	// Watch null means all namespaces.
	Watch Value[Watch] `json:"watch"`
	// DeployType null means DeployControllerNamespace.
	DeployType Value[string] `json:"deploy_type"`
	// Values is extra chart values as YAML text. They are merged underneath
	// the values the typed attributes set and may not contradict them.
	Values Value[string] `json:"values"`
}

// Watch limits the namespaces a tenant's controller reads Gateway API and
// Envoy Gateway objects from. Exactly one field is set.
type Watch struct {
	// Namespaces is collapsed to unknown when any element is unknown.
	Namespaces        Value[[]string]      `json:"namespaces"`
	NamespaceSelector Value[LabelSelector] `json:"namespace_selector"`
}

// LabelSelector is a Kubernetes label selector.
type LabelSelector struct {
	MatchLabels      Value[map[string]string]          `json:"match_labels"`
	MatchExpressions Value[[]LabelSelectorRequirement] `json:"match_expressions"`
}

// LabelSelectorRequirement is one match_expressions entry.
type LabelSelectorRequirement struct {
	Key      Value[string]   `json:"key"`
	Operator Value[string]   `json:"operator"`
	Values   Value[[]string] `json:"values"`
}

// GatewayClass is one eg_gatewayclass, or a live GatewayClass.
type GatewayClass struct {
	Key    string `json:"key,omitempty"`
	Origin Origin `json:"origin,omitempty"`

	Name           Value[string]        `json:"name"`
	ControllerName Value[string]        `json:"controller_name"`
	Description    Value[string]        `json:"description"`
	ParametersRef  Value[ParametersRef] `json:"parameters_ref"`
}

// ParametersRef points a GatewayClass at its parameters, for Envoy Gateway an
// EnvoyProxy.
type ParametersRef struct {
	Group     Value[string] `json:"group"`
	Kind      Value[string] `json:"kind"`
	Name      Value[string] `json:"name"`
	Namespace Value[string] `json:"namespace"`
}

// EnvoyProxy is the shape of an Envoy fleet: one planned by eg_envoy_proxy
// or eg_merged_proxy, or a live EnvoyProxy of another owner. A GatewayClass
// whose parameters_ref points at one that merges Gateways is a merged class:
// all its Gateways share one Envoy fleet, so their listeners must not
// collide. A Gateway may point at one of its own namespace through
// infrastructure.parameters_ref, unless its class merges.
type EnvoyProxy struct {
	Key    string `json:"key,omitempty"`
	Origin Origin `json:"origin,omitempty"`
	// Kind is the resource that manages it: eg_envoy_proxy when empty, or
	// eg_merged_proxy.
	Kind Kind `json:"kind,omitempty"`

	Name      Value[string] `json:"name"`
	Namespace Value[string] `json:"namespace"`
	// MergeGateways null means false.
	MergeGateways Value[bool]            `json:"merge_gateways"`
	Service       Value[ProxyService]    `json:"service"`
	Deployment    Value[ProxyDeployment] `json:"deployment"`
	// Spec is the rest of EnvoyProxySpec as YAML; the typed attributes win,
	// and a value of spec that contradicts one is an error.
	Spec Value[string] `json:"spec"`
}

// ProxyService is how the fleet's Kubernetes Service is exposed.
type ProxyService struct {
	Type                     Value[string]            `json:"type"`
	Annotations              Value[map[string]string] `json:"annotations"`
	Labels                   Value[map[string]string] `json:"labels"`
	ExternalTrafficPolicy    Value[string]            `json:"external_traffic_policy"`
	LoadBalancerClass        Value[string]            `json:"load_balancer_class"`
	LoadBalancerSourceRanges Value[[]string]          `json:"load_balancer_source_ranges"`
}

// ProxyDeployment is the fleet's Deployment: replicas, pod metadata and
// the Envoy container's resources.
type ProxyDeployment struct {
	Replicas       Value[int64]             `json:"replicas"`
	PodAnnotations Value[map[string]string] `json:"pod_annotations"`
	PodLabels      Value[map[string]string] `json:"pod_labels"`
	Resources      Value[ProxyResources]    `json:"resources"`
}

// ProxyResources are the Envoy container's requests and limits.
type ProxyResources struct {
	Requests Value[ResourceList] `json:"requests"`
	Limits   Value[ResourceList] `json:"limits"`
}

// ResourceList is an amount of CPU and memory, as Kubernetes quantities.
type ResourceList struct {
	CPU    Value[string] `json:"cpu"`
	Memory Value[string] `json:"memory"`
}

// Gateway is one eg_gateway, or a live Gateway of a merged class.
type Gateway struct {
	Key    string `json:"key,omitempty"`
	Origin Origin `json:"origin,omitempty"`

	Name             Value[string]     `json:"name"`
	Namespace        Value[string]     `json:"namespace"`
	GatewayClassName Value[string]     `json:"gateway_class_name"`
	Listeners        Value[[]Listener] `json:"listeners"`
	// Labels and Annotations are the Gateway's own metadata (cert-manager
	// and external-dns read annotations there).
	Labels         Value[map[string]string]     `json:"labels"`
	Annotations    Value[map[string]string]     `json:"annotations"`
	Infrastructure Value[GatewayInfrastructure] `json:"infrastructure"`
}

// GatewayInfrastructure is what Envoy Gateway copies onto the Gateway's
// Envoy Service and Deployment, and the EnvoyProxy of this Gateway alone.
type GatewayInfrastructure struct {
	Labels      Value[map[string]string] `json:"labels"`
	Annotations Value[map[string]string] `json:"annotations"`
	// ParametersRef points at an EnvoyProxy in the Gateway's namespace; its
	// namespace, when set, must be the Gateway's.
	ParametersRef Value[ParametersRef] `json:"parameters_ref"`
}

// Listener is one entry of a Gateway's listeners.
type Listener struct {
	Name     Value[string] `json:"name"`
	Port     Value[int64]  `json:"port"`
	Protocol Value[string] `json:"protocol"`
	// Hostname "" is treated as not set (Terraform users write "" for none).
	Hostname      Value[string]        `json:"hostname"`
	TLS           Value[ListenerTLS]   `json:"tls"`
	AllowedRoutes Value[AllowedRoutes] `json:"allowed_routes"`
}

// ListenerTLS is a listener's tls block.
type ListenerTLS struct {
	// Mode null means Terminate, the CRD default.
	Mode            Value[string]           `json:"mode"`
	CertificateRefs Value[[]CertificateRef] `json:"certificate_refs"`
}

// CertificateRef points at a Secret holding a certificate.
type CertificateRef struct {
	Name Value[string] `json:"name"`
	// Namespace "" is treated as not set (the Gateway's namespace).
	Namespace Value[string] `json:"namespace"`
}

// AllowedRoutes is a listener's allowed_routes block.
type AllowedRoutes struct {
	Namespaces Value[RouteNamespaces] `json:"namespaces"`
	// Kinds null means every kind the listener's protocol supports.
	Kinds Value[[]RouteGroupKind] `json:"kinds"`
}

// RouteGroupKind is a kind of route a listener accepts.
type RouteGroupKind struct {
	// Group null or "" means gateway.networking.k8s.io.
	Group Value[string] `json:"group"`
	Kind  Value[string] `json:"kind"`
}

// RouteNamespaces says which namespaces' routes may attach to a listener.
type RouteNamespaces struct {
	// From null means Same, the CRD default.
	From     Value[string]        `json:"from"`
	Selector Value[LabelSelector] `json:"selector"`
}

// Namespace is a fact about the cluster: a namespace that exists (or is
// planned) and its labels. A namespace missing from the Set has unknown
// labels, so namespace_selector checks against it are skipped.
type Namespace struct {
	Name   string                   `json:"name"`
	Labels Value[map[string]string] `json:"labels"`
}

# Merged gateways: the listeners of all Gateways of one class run on one
# Envoy fleet. The class's parameters_ref points at an EnvoyProxy with
# mergeGateways; the plan refuses listeners that would collide across the
# class's Gateways (same protocol, hostname and port, or two protocol
# families on one port), naming both Gateways.
terraform {
  required_providers {
    eg = {
      source  = "registry.terraform.io/egplatform/eg"
      version = "~> 0.1"
    }
  }
}

variable "test_bed" {
  description = "True on a cluster that cannot run pods (the provider's test bed): tenants install without chart hooks and without waiting for the controller."
  type        = bool
  default     = false
}

variable "chart_repository" {
  description = "Where the Envoy Gateway chart comes from: the OCI registry, or a local chart directory when offline."
  type        = string
  default     = "oci://docker.io/envoyproxy/gateway-helm"
}

provider "eg" {
  chart = {
    repository = var.chart_repository
    version    = "v1.9.1"
  }
}

resource "eg_tenant" "merged" {
  name             = "merged"
  namespace        = "eg-merged"
  create_namespace = true
  wait             = !var.test_bed
  disable_hooks    = var.test_bed
}

# The one Envoy fleet of the merged class: exposed through one load
# balancer, three replicas.
resource "eg_merged_proxy" "merged-eg" {
  name      = "merged-eg"
  namespace = eg_tenant.merged.namespace
  service = {
    type        = "LoadBalancer"
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  }
  deployment = { replicas = 3 }
}

resource "eg_gatewayclass" "merged-eg" {
  name            = "merged-eg"
  controller_name = eg_tenant.merged.controller_name
  parameters_ref  = eg_merged_proxy.merged-eg.parameters_ref
}

resource "eg_gateway" "merged1" {
  name               = "merged1"
  namespace          = eg_tenant.merged.namespace
  gateway_class_name = eg_gatewayclass.merged-eg.name
  listeners = [
    { name = "http", port = 8080, protocol = "HTTP", hostname = "www.merged1.com" },
  ]
}

resource "eg_gateway" "merged2" {
  name               = "merged2"
  namespace          = eg_tenant.merged.namespace
  gateway_class_name = eg_gatewayclass.merged-eg.name
  listeners = [
    { name = "http", port = 8081, protocol = "HTTP", hostname = "www.merged2.com" },
  ]
}

resource "eg_gateway" "merged3" {
  name               = "merged3"
  namespace          = eg_tenant.merged.namespace
  gateway_class_name = eg_gatewayclass.merged-eg.name
  listeners = [
    { name = "http", port = 8082, protocol = "HTTP", hostname = "www.merged3.com" },
  ]
}

# Requests to www.merged1.com:8080/example go to the Service example, on
# the fleet every Gateway of the class shares. `make demo` prints the route
# table the controller serves that fleet for it.
resource "eg_http_route" "example" {
  name        = "example"
  namespace   = eg_tenant.merged.namespace
  parent_refs = [{ name = eg_gateway.merged1.name, section_name = "http" }]
  hostnames   = ["www.merged1.com"]
  rules = [{
    matches      = [{ path = { type = "PathPrefix", value = "/example" } }]
    backend_refs = [{ name = "example", port = 80 }]
  }]
}

output "parameters_ref" {
  value = eg_merged_proxy.merged-eg.parameters_ref
}

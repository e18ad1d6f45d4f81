# Several GatewayClasses on one controller: one tenant serves an internal
# and an external class (both name its controller_name), each with a Gateway.
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

resource "eg_tenant" "shared" {
  name             = "shared"
  namespace        = "eg-shared"
  create_namespace = true
  wait             = !var.test_bed
  disable_hooks    = var.test_bed
}

resource "eg_gatewayclass" "internal" {
  name            = "eg-internal"
  controller_name = eg_tenant.shared.controller_name
  description     = "Gateways reachable from inside the cluster network"
}

resource "eg_gatewayclass" "external" {
  name            = "eg-external"
  controller_name = eg_tenant.shared.controller_name
  description     = "Internet-facing Gateways"
}

resource "eg_gateway" "internal" {
  name               = "internal"
  namespace          = eg_tenant.shared.namespace
  gateway_class_name = eg_gatewayclass.internal.name
  listeners = [
    { name = "http", port = 80, protocol = "HTTP", hostname = "internal.example.com" },
  ]
}

resource "eg_gateway" "external" {
  name               = "external"
  namespace          = eg_tenant.shared.namespace
  gateway_class_name = eg_gatewayclass.external.name
  listeners = [
    { name = "http", port = 80, protocol = "HTTP", hostname = "external.example.com" },
  ]
}

# One route on both classes' Gateways: internal and external requests for
# /api reach the same Service.
resource "eg_http_route" "api" {
  name      = "api"
  namespace = eg_tenant.shared.namespace
  parent_refs = [
    { name = eg_gateway.internal.name, section_name = "http" },
    { name = eg_gateway.external.name, section_name = "http" },
  ]
  rules = [{
    matches      = [{ path = { type = "PathPrefix", value = "/api" } }]
    backend_refs = [{ name = "api", port = 8080 }]
  }]
}

output "controller_name" {
  value = eg_tenant.shared.controller_name
}

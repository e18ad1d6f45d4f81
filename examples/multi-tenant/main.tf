# Multi-tenant: one Envoy Gateway per team, each watching only its team's
# namespace, with its own controller name, GatewayClass and Gateway. The
# plan refuses a Gateway outside its tenant's watch and a class whose
# controller no tenant runs.
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

resource "eg_tenant" "marketing" {
  name             = "marketing"
  namespace        = "marketing"
  create_namespace = true
  watch            = { namespaces = ["marketing"] }
  wait             = !var.test_bed
  disable_hooks    = var.test_bed
}

resource "eg_gatewayclass" "marketing" {
  name            = "eg-marketing"
  controller_name = eg_tenant.marketing.controller_name
}

resource "eg_gateway" "marketing" {
  name               = "eg"
  namespace          = eg_tenant.marketing.namespace
  gateway_class_name = eg_gatewayclass.marketing.name
  listeners = [
    { name = "http", port = 8080, protocol = "HTTP", hostname = "www.marketing.example.com" },
  ]
}

resource "eg_tenant" "product" {
  name             = "product"
  namespace        = "product"
  create_namespace = true
  watch            = { namespaces = ["product"] }
  wait             = !var.test_bed
  disable_hooks    = var.test_bed
}

resource "eg_gatewayclass" "product" {
  name            = "eg-product"
  controller_name = eg_tenant.product.controller_name
}

resource "eg_gateway" "product" {
  name               = "eg"
  namespace          = eg_tenant.product.namespace
  gateway_class_name = eg_gatewayclass.product.name
  listeners = [
    { name = "http", port = 8080, protocol = "HTTP", hostname = "www.product.example.com" },
  ]
}

# Each team routes its own hostname in its own namespace; a route in a
# namespace its tenant does not watch would be refused at plan.
resource "eg_http_route" "marketing" {
  name        = "web"
  namespace   = eg_tenant.marketing.namespace
  parent_refs = [{ name = eg_gateway.marketing.name, section_name = "http" }]
  hostnames   = ["www.marketing.example.com"]
  rules       = [{ backend_refs = [{ name = "web", port = 80 }] }]
}

resource "eg_http_route" "product" {
  name        = "web"
  namespace   = eg_tenant.product.namespace
  parent_refs = [{ name = eg_gateway.product.name, section_name = "http" }]
  hostnames   = ["www.product.example.com"]
  rules       = [{ backend_refs = [{ name = "web", port = 80 }] }]
}

output "controller_names" {
  value = {
    marketing = eg_tenant.marketing.controller_name
    product   = eg_tenant.product.controller_name
  }
}

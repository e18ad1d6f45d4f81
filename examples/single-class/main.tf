# One GatewayClass per controller: one Envoy Gateway (tenant), its
# GatewayClass and a Gateway, in one apply from an empty cluster (the
# tenant's chart installs the Gateway API and Envoy Gateway CRDs first).
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

resource "eg_tenant" "eg" {
  name             = "eg"
  namespace        = "envoy-gateway-system"
  create_namespace = true
  wait             = !var.test_bed
  disable_hooks    = var.test_bed
}

# How the Envoy fleet is exposed and sized. On a cloud, the Service's
# annotations configure its load balancer.
resource "eg_envoy_proxy" "eg" {
  name      = "eg"
  namespace = eg_tenant.eg.namespace
  service = {
    type        = "LoadBalancer"
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  }
  deployment = {
    replicas  = 2
    resources = { requests = { cpu = "100m", memory = "256Mi" }, limits = { memory = "1Gi" } }
  }
}

resource "eg_gatewayclass" "eg" {
  name            = "eg"
  controller_name = eg_tenant.eg.controller_name
  parameters_ref  = eg_envoy_proxy.eg.parameters_ref
}

resource "eg_gateway" "eg" {
  name               = "eg"
  namespace          = eg_tenant.eg.namespace
  gateway_class_name = eg_gatewayclass.eg.name
  # For cert-manager and external-dns, which read the Gateway's annotations.
  annotations = { "external-dns.alpha.kubernetes.io/hostname" = "www.example.com" }
  listeners = [
    { name = "http", port = 80, protocol = "HTTP" },
  ]
}

# Every request to the Gateway goes to the Service app.
resource "eg_http_route" "app" {
  name        = "app"
  namespace   = eg_tenant.eg.namespace
  parent_refs = [{ name = eg_gateway.eg.name }]
  rules       = [{ backend_refs = [{ name = "app", port = 80 }] }]
}

output "controller_name" {
  value = eg_tenant.eg.controller_name
}

output "gateway" {
  value = {
    id              = eg_gateway.eg.id
    accepted_reason = eg_gateway.eg.accepted_reason
  }
}

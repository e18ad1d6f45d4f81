resource "eg_tenant" "marketing" {
  name             = "marketing"
  namespace        = "marketing"
  create_namespace = true
  watch            = { namespaces = ["marketing"] }
}

# A class served by the marketing tenant. Referencing the tenant's
# controller_name orders the tenant first, so the plan sees it.
resource "eg_gatewayclass" "marketing" {
  name            = "eg-marketing"
  controller_name = eg_tenant.marketing.controller_name
  description     = "Marketing's Gateways"
}

# A merged class: all its Gateways share one Envoy fleet.
resource "eg_merged_proxy" "edge" {
  name      = "merged-eg"
  namespace = eg_tenant.marketing.namespace
}

resource "eg_gatewayclass" "merged" {
  name            = "merged-eg"
  controller_name = eg_tenant.marketing.controller_name
  parameters_ref  = eg_merged_proxy.edge.parameters_ref
}

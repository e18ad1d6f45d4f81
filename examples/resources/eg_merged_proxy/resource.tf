resource "eg_tenant" "edge" {
  name             = "edge"
  namespace        = "edge"
  create_namespace = true
}

# An EnvoyProxy that merges the Gateways of every class pointing at it.
resource "eg_merged_proxy" "edge" {
  name      = "merged-eg"
  namespace = eg_tenant.edge.namespace
}

resource "eg_gatewayclass" "edge" {
  name            = "merged-eg"
  controller_name = eg_tenant.edge.controller_name
  parameters_ref  = eg_merged_proxy.edge.parameters_ref
}

resource "eg_tenant" "edge" {
  name             = "edge"
  namespace        = "edge"
  create_namespace = true
}

# The shape of an Envoy fleet: how it is exposed, how many replicas, and
# the rest of Envoy Gateway's EnvoyProxySpec in spec.
resource "eg_envoy_proxy" "edge" {
  name      = "edge"
  namespace = eg_tenant.edge.namespace
  service = {
    type                    = "LoadBalancer"
    annotations             = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
    external_traffic_policy = "Local"
  }
  deployment = {
    replicas        = 2
    pod_annotations = { "prometheus.io/scrape" = "true" }
    resources = {
      requests = { cpu = "100m", memory = "256Mi" }
      limits   = { memory = "1Gi" }
    }
  }
  spec = yamlencode({
    telemetry = { metrics = { prometheus = { disable = false } } }
  })
}

# For every Gateway of the class.
resource "eg_gatewayclass" "edge" {
  name            = "edge"
  controller_name = eg_tenant.edge.controller_name
  parameters_ref  = eg_envoy_proxy.edge.parameters_ref
}

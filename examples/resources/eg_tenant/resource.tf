# One Envoy Gateway controller per team namespace (multi-tenant mode).
resource "eg_tenant" "marketing" {
  name             = "marketing" # release eg-marketing
  namespace        = "marketing"
  create_namespace = true
  # controller_name defaults to gateway.envoyproxy.io/marketing-gatewayclass-controller
  watch = { namespaces = ["marketing"] }

  # Extra chart values; the typed attributes above win.
  values = yamlencode({
    deployment = { envoyGateway = { resources = { limits = { memory = "1Gi" } } } }
  })

  timeouts = { create = "10m" }
}

# A controller that watches the namespaces labelled team=blue, with its chart
# from a private OCI registry.
resource "eg_tenant" "blue" {
  name             = "blue"
  namespace        = "blue-gateway"
  create_namespace = true
  watch = {
    namespace_selector = { match_labels = { team = "blue" } }
  }
  chart = {
    repository  = "oci://registry.example.com/mirror/envoyproxy/gateway-helm"
    version     = "v1.9.1"
    username    = "robot"
    password_wo = var.registry_token # write-only: never stored in plan or state
  }
}

variable "registry_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

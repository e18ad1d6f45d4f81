resource "eg_tenant" "marketing" {
  name             = "marketing"
  namespace        = "marketing"
  create_namespace = true
  watch            = { namespaces = ["marketing"] }
}

resource "eg_gatewayclass" "marketing" {
  name            = "eg-marketing"
  controller_name = eg_tenant.marketing.controller_name
}

resource "eg_gateway" "web" {
  name               = "eg"
  namespace          = eg_tenant.marketing.namespace
  gateway_class_name = eg_gatewayclass.marketing.name
  listeners = [
    { name = "http", port = 8080, protocol = "HTTP", hostname = "www.marketing.example.com" },
    {
      name     = "https"
      port     = 8443
      protocol = "HTTPS"
      hostname = "www.marketing.example.com"
      tls      = { certificate_refs = [{ name = "www-marketing-cert" }] }
      # Routes from every namespace the tenant watches may attach.
      allowed_routes = { namespaces = { from = "All" } }
    },
  ]
  # Wait for Envoy Gateway to accept the Gateway (needs a running controller).
  wait_for_accepted = true
}

output "listener_status" {
  value = eg_gateway.web.listener_status
}

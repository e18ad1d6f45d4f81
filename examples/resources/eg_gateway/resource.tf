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
      # HTTPRoutes from every namespace the tenant watches may attach.
      allowed_routes = { namespaces = { from = "All" }, kinds = [{ kind = "HTTPRoute" }] }
    },
  ]
  # cert-manager and external-dns read the Gateway's annotations; keys they
  # add themselves are no drift.
  annotations = {
    "cert-manager.io/cluster-issuer"            = "letsencrypt"
    "external-dns.alpha.kubernetes.io/hostname" = "www.marketing.example.com"
  }
  # Envoy Gateway copies these onto this Gateway's Envoy Service, Deployment
  # and pods.
  infrastructure = {
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-scheme" = "internet-facing" }
  }
  # Wait until Envoy runs and the Gateway has an address, so that addresses
  # can feed DNS in the same apply (needs a running controller and pods).
  wait_for_programmed = true
}

output "addresses" {
  value = eg_gateway.web.addresses
}

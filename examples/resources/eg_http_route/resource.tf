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
  ]
}

# Requests to www.marketing.example.com/example go to the Service app; the
# plan refuses a route that would attach to none of its parents.
resource "eg_http_route" "app" {
  name        = "app"
  namespace   = eg_tenant.marketing.namespace
  parent_refs = [{ name = eg_gateway.web.name, section_name = "http" }]
  hostnames   = ["www.marketing.example.com"]
  rules = [{
    matches = [{
      path    = { type = "PathPrefix", value = "/example" }
      headers = [{ name = "x-env", value = "canary" }]
    }]
    filters = [
      { request_header_modifier = { set = [{ name = "x-served-by", value = "envoy-gateway" }] } },
    ]
    backend_refs = [{ name = "app", port = 80 }]
    timeouts     = { request = "10s", backend_request = "5s" }
  }]
  # Wait until the Gateway's controller has attached the route.
  wait_for_accepted = true
}

output "route_parents" {
  value = eg_http_route.app.parents
}

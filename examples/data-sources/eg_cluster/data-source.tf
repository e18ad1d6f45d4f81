data "eg_cluster" "this" {}

output "gateway_api" {
  value = data.eg_cluster.this.gateway_api_installed ? "${data.eg_cluster.this.gateway_api_version} (${data.eg_cluster.this.gateway_api_channel})" : "not installed"
}

output "tenant_controllers" {
  value = { for t in data.eg_cluster.this.tenants : "${t.namespace}/${t.name}" => t.controller_name }
}

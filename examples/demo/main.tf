# What the cluster offers Envoy Gateway. `make demo` applies this against the
# test bed's control plane, or the cluster KUBECONFIG names.
terraform {
  required_providers {
    eg = {
      source  = "registry.terraform.io/egplatform/eg"
      version = "~> 0.1"
    }
  }
}

provider "eg" {}

data "eg_cluster" "this" {}

output "kubernetes_version" {
  value = data.eg_cluster.this.kubernetes_version
}

output "gateway_api" {
  value = data.eg_cluster.this.gateway_api_installed ? "${data.eg_cluster.this.gateway_api_version} (${data.eg_cluster.this.gateway_api_channel})" : "not installed"
}

output "envoy_gateway_crds_installed" {
  value = data.eg_cluster.this.envoy_gateway_crds_installed
}

output "tenants" {
  value = data.eg_cluster.this.tenants
}

terraform {
  required_providers {
    eg = {
      source  = "registry.terraform.io/egplatform/eg"
      version = "~> 0.1"
    }
  }
}

# The kubernetes settings are the kubernetes provider's, with its KUBE_*
# environment variables and precedence. With no kubernetes block, they come
# from KUBE_CONFIG_PATH, KUBE_CONFIG_PATHS or KUBE_HOST and friends, then
# KUBECONFIG, then the service account of the pod Terraform runs in.
provider "eg" {
  kubernetes = {
    config_path    = "~/.kube/config"
    config_context = "kind-eg"
  }
  # The chart every eg_tenant installs unless it names its own.
  chart = {
    repository = "oci://docker.io/envoyproxy/gateway-helm"
    version    = "v1.9.1"
  }
}

# A cluster reached by its address, through a proxy, with a name its
# certificate was issued for:
#
# provider "eg" {
#   alias = "remote"
#   kubernetes = {
#     host                   = "https://10.20.0.5:6443"
#     tls_server_name        = "kubernetes.default.svc"
#     proxy_url              = "http://proxy.corp.example:3128"
#     cluster_ca_certificate = file("ca.crt")
#     token                  = var.cluster_token
#   }
# }

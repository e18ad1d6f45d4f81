terraform {
  required_providers {
    eg = {
      source  = "registry.terraform.io/egplatform/eg"
      version = "~> 0.1"
    }
  }
}

# With no kubernetes block, the kubeconfig named by KUBE_CONFIG_PATH, then
# KUBECONFIG, is used.
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

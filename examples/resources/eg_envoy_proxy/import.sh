# The import ID is <namespace>/<name>.
terraform import eg_envoy_proxy.edge edge/edge

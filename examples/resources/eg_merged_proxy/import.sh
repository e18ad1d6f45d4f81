# The import ID is <namespace>/<name>.
terraform import eg_merged_proxy.edge edge/merged-eg

# The import ID is <namespace>/<name>.
terraform import eg_gateway.web marketing/eg

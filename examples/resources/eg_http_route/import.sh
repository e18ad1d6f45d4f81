# The import ID is <namespace>/<name>.
terraform import eg_http_route.app marketing/app

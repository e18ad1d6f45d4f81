# A tenant is imported by <namespace>/<name>; its Helm release is eg-<name>
# (or, when there is none, a release named <name>).
terraform import eg_tenant.marketing marketing/marketing

# A release installed with Helm under another name, such as `helm install eg`,
# is adopted by <namespace>/<name>/<release name>; set release_name to match.
terraform import eg_tenant.platform envoy-gateway-system/platform/eg

# values and sensitive_values are not imported (the release cannot tell a
# secret from a plain value): keep them in the configuration, and the next
# apply writes them to the state without upgrading the release.

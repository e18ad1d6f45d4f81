# A tenant is imported by <namespace>/<name>; its Helm release is eg-<name>.
# values and sensitive_values are not imported (the release cannot tell a
# secret from a plain value): keep them in the configuration, and the next
# apply writes them to the state without upgrading the release.
terraform import eg_tenant.marketing marketing/marketing

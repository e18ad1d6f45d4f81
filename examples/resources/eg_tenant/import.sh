# A tenant is imported by <namespace>/<name>; its Helm release is eg-<name>.
terraform import eg_tenant.marketing marketing/marketing

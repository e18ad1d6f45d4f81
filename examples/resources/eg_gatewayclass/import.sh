# GatewayClasses are cluster-scoped: the import ID is the class name.
terraform import eg_gatewayclass.marketing eg-marketing

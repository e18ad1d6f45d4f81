// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"strings"
)

// DefaultControllerName is the controller name a tenant runs when
// controller_name is not set: gateway.envoyproxy.io/<name>-gatewayclass-controller.
func DefaultControllerName(tenantName string) string {
	return "gateway.envoyproxy.io/" + tenantName + "-gatewayclass-controller"
}

// ReleaseName is the default Helm release name of a tenant: eg-<name>.
func ReleaseName(tenantName string) string { return "eg-" + tenantName }

// ReleaseNameOf returns the Helm release name a tenant installs: its
// release_name, or eg-<name>; unknown when the one it is taken from is.
func ReleaseNameOf(t Tenant) Value[string] {
	if !t.ReleaseName.IsNull() {
		return t.ReleaseName
	}
	if name, ok := t.Name.Get(); ok {
		return Known(ReleaseName(name))
	}
	return t.Name
}

// TenantNameOfRelease is ReleaseName's inverse: the tenant name of a
// release named eg-<name>, or false.
func TenantNameOfRelease(release string) (string, bool) {
	name, ok := strings.CutPrefix(release, "eg-")
	return name, ok && name != ""
}

// maxReleaseNameLength is Helm's limit on release names.
const maxReleaseNameLength = 53

// controllerNameOf returns the controller name a tenant runs, which is
// unknown when it is derived from an unknown name.
func controllerNameOf(t Tenant) Value[string] {
	if !t.ControllerName.IsNull() {
		return t.ControllerName
	}
	if name, ok := t.Name.Get(); ok {
		return Known(DefaultControllerName(name))
	}
	if t.Name.IsUnknown() {
		return Unknown[string]()
	}
	return Null[string]()
}

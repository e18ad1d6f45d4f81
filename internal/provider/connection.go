// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// connectionDiagnostics refuses, at plan, connection settings that can
// never reach a cluster, on the attribute that is wrong. Without it every
// resource's plan only warned that its checks ran without the cluster, and
// the apply failed. Nothing here dials: an unreachable cluster still plans.
func connectionDiagnostics(s clients.KubeSettings) diag.Diagnostics {
	var diags diag.Diagnostics
	err := s.Check()
	var se *clients.SettingError
	if !errors.As(err, &se) {
		return diags
	}
	summary, fix := settingWording(se.Setting)
	detail := se.Err.Error() + ". " + fix
	if se.Setting == "" {
		diags.AddAttributeError(path.Root("kubernetes"), summary, detail)
		return diags
	}
	diags.AddAttributeError(path.Root("kubernetes").AtName(se.Setting), summary, detail)
	return diags
}

func settingWording(setting string) (summary, fix string) {
	switch setting {
	case "host":
		return "Invalid kubernetes.host", "Set host to the API server's URL, e.g. https://127.0.0.1:6443."
	case "cluster_ca_certificate":
		return "Invalid kubernetes.cluster_ca_certificate", "Set it to the PEM-encoded CA certificate that signed the API server's certificate."
	case "client_certificate", "client_key":
		return "Invalid kubernetes.client_certificate or client_key", "Set both to the PEM-encoded client certificate and its private key."
	case "insecure":
		return "kubernetes.insecure conflicts with cluster_ca_certificate", "Keep cluster_ca_certificate and remove insecure (or set it to false)."
	case "config_context":
		return "Kubernetes context not found", "Set config_context to a context of the kubeconfig, or remove it to use its current context."
	case "exec":
		return "Invalid kubernetes.exec", "Check exec.api_version (e.g. client.authentication.k8s.io/v1) and exec.command."
	case "config_path":
		return "Invalid kubeconfig", "Check that config_path names a kubeconfig file and that its current context and cluster are complete."
	}
	return "Invalid kubeconfig", "Check the kubeconfig KUBE_CONFIG_PATH or KUBECONFIG names."
}

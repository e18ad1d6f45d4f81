// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// genericFailure is explain's summary for an error of no known kind.
const genericFailure = "Kubernetes request failed"

// explain turns an error from building or using a client into a diagnostic
// summary and detail that say which kind of failure it was and what to do
// about it in this provider's configuration. doing is a short phrase such
// as "reading the cluster version".
func explain(err error, doing string) (summary, detail string) {
	if summary, detail, ok := explainTyped(err, doing); ok {
		return summary, detail
	}
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		netErr           net.Error
		urlErr           *url.Error
	)
	host := ""
	if errors.As(err, &urlErr) {
		if u, perr := url.Parse(urlErr.URL); perr == nil {
			host = u.Host
		}
	}
	where := "the Kubernetes API server"
	if host != "" {
		where = fmt.Sprintf("the Kubernetes API server at %s", host)
	}
	switch {
	case errors.Is(err, clients.ErrConnectionUnknown):
		return "Kubernetes connection not known yet",
			fmt.Sprintf("While %s: %v. This happens when the provider's kubernetes settings come from a resource created in the same apply. "+
				"Add depends_on on that resource so that this read waits for apply, or apply the cluster first.", doing, err)
	case errors.Is(err, clients.ErrNoConnection):
		return "No Kubernetes connection configured", fmt.Sprintf("While %s: %v.", doing, err)
	case apierrors.IsUnauthorized(err):
		return "Kubernetes rejected the credentials (401 Unauthorized)",
			fmt.Sprintf("While %s, %s did not accept the credentials: %v. Check kubernetes.token, client_certificate/client_key, "+
				"the exec plugin, or the kubeconfig user; credentials may have expired.", doing, where, err)
	case apierrors.IsForbidden(err):
		return "Permission denied by Kubernetes RBAC (403 Forbidden)",
			fmt.Sprintf("While %s: %v. The credentials are valid but the identity lacks this permission; "+
				"grant it a Role or ClusterRole with the verb and resource named above.", doing, err)
	case errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid):
		return "TLS verification of the Kubernetes API server failed",
			fmt.Sprintf("While %s: %v. Check kubernetes.cluster_ca_certificate or the kubeconfig's certificate-authority, "+
				"and that kubernetes.host names the server its certificate was issued for.", doing, err)
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr), isDNSError(err):
		return "Cannot reach the Kubernetes API server",
			fmt.Sprintf("While %s, %s could not be reached: %v. Check kubernetes.host or the kubeconfig's server and context, "+
				"that the cluster is running, and that this machine can reach it.", doing, where, err)
	}
	return genericFailure, fmt.Sprintf("While %s: %v.", doing, err)
}

func isDNSError(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// explainTyped says what to do about the clients package's typed errors.
func explainTyped(err error, doing string) (summary, detail string, ok bool) {
	var (
		conflict  *clients.ConflictError
		crd       *clients.CRDMissingError
		namespace *clients.NamespaceMissingError
		exists    *clients.ExistsError
		deleting  *clients.StillDeletingError
		busy      *clients.OperationInProgressError
	)
	switch {
	case errors.As(err, &conflict):
		return "Field manager conflict", fmt.Sprintf("While %s: %v. The provider does not take them over by force. Undo that change "+
			"with the same tool, or run terraform apply -replace=<address> to recreate the object as configured, or remove the field "+
			"manager's entry from metadata.managedFields.", doing, err), true
	case errors.As(err, &crd):
		return "Custom resource definition not installed", fmt.Sprintf("While %s: %v. An eg_tenant installs the Gateway API and "+
			"Envoy Gateway CRDs with its chart: make this resource depend on the tenant (reference its attributes, e.g. "+
			"controller_name = eg_tenant.x.controller_name, or add depends_on), or install the CRDs first.", doing, err), true
	case errors.As(err, &namespace):
		return "Namespace does not exist", fmt.Sprintf("While %s: %v. Create it first (an eg_tenant creates its namespace with "+
			"create_namespace = true, and every namespace in watch.namespaces), and reference that resource "+
			"(namespace = eg_tenant.x.namespace) so that Terraform creates it before this one.", doing, err), true
	case errors.As(err, &exists):
		return "Object already exists", fmt.Sprintf("While %s: %v and is not in this Terraform state. Import it instead of creating "+
			"it (an import block with id = %q, or terraform import <address> %s), or choose another name.", doing, err, exists.ImportID, exists.ImportID), true
	case errors.As(err, &deleting):
		return "Deletion did not finish", fmt.Sprintf("While %s: %v. The controller that set the finalizers removes them once it has "+
			"cleaned up (Envoy Gateway keeps a GatewayClass while Gateways use it); check that it runs, or raise the delete timeout "+
			"(timeouts.delete).", doing, err), true
	case errors.As(err, &busy):
		return "Another Helm operation is in progress", busy.Error(), true
	}
	return "", "", false
}

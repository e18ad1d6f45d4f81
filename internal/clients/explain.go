package clients

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// GenericFailure is Explain's summary for an error of no known kind.
const GenericFailure = "Kubernetes request failed"

// Explain turns an error from building or using a client into a diagnostic
// summary and detail that say which kind of failure it was and what to check.
// doing is a short phrase such as "reading the cluster version".
func Explain(err error, doing string) (summary, detail string) {
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
	var (
		conflict  *ConflictError
		crd       *CRDMissingError
		namespace *NamespaceMissingError
		exists    *ExistsError
	)
	switch {
	case errors.As(err, &conflict):
		return "Field manager conflict", fmt.Sprintf("While %s: %v.", doing, err)
	case errors.As(err, &crd):
		return "Custom resource definition not installed", fmt.Sprintf("While %s: %v.", doing, err)
	case errors.As(err, &namespace):
		return "Namespace does not exist", fmt.Sprintf("While %s: %v.", doing, err)
	case errors.As(err, &exists):
		return "Object already exists", fmt.Sprintf("While %s: %v.", doing, err)
	case errors.Is(err, ErrConnectionUnknown):
		return "Kubernetes connection not known yet",
			fmt.Sprintf("While %s: %v. This happens when the provider's kubernetes settings come from a resource created in the same apply. "+
				"Add depends_on on that resource so that this read waits for apply, or apply the cluster first.", doing, err)
	case errors.Is(err, ErrNoConnection):
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
	return GenericFailure, fmt.Sprintf("While %s: %v.", doing, err)
}

func isDNSError(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns)
}

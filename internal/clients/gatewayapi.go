package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"
)

// FieldManager is the server-side apply field manager of every object the
// provider writes.
const FieldManager = ManagedByValue

// CRDs the gateway resources need, installed by a tenant's chart.
const (
	CRDGatewayClasses = "gatewayclasses.gateway.networking.k8s.io"
	CRDGateways       = "gateways.gateway.networking.k8s.io"
	CRDEnvoyProxies   = "envoyproxies.gateway.envoyproxy.io"
)

// crdAbsentGrace is how long a missing CRD is waited for before giving up:
// a CRD that is being installed exists within seconds, one nobody installs
// never will, and the create timeout (minutes) is too long to find that out.
const crdAbsentGrace = 30 * time.Second

// GatewayAPI returns the typed Gateway API client. It talks to fixed paths
// and never consults discovery or a REST mapper, so it works the moment the
// CRDs are served (no "no matches for kind").
func (c *Clients) GatewayAPI() (gatewayclient.Interface, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gatewayAPI != nil {
		return c.gatewayAPI, nil
	}
	cfg, err := c.restConfigLocked()
	if err != nil {
		return nil, err
	}
	if c.gatewayAPI, err = gatewayclient.NewForConfig(cfg); err != nil {
		return nil, err
	}
	return c.gatewayAPI, nil
}

// Dynamic returns the dynamic client, used with fixed resources (EnvoyProxy
// has no typed clientset), never with a REST mapper.
func (c *Clients) Dynamic() (dynamic.Interface, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dynamic != nil {
		return c.dynamic, nil
	}
	cfg, err := c.restConfigLocked()
	if err != nil {
		return nil, err
	}
	if c.dynamic, err = dynamic.NewForConfig(cfg); err != nil {
		return nil, err
	}
	return c.dynamic, nil
}

// WaitCRDEstablished waits until a CRD is Established, that is, until the
// API server serves its resource. A tenant installed in the same apply
// creates the CRDs moments before classes and gateways are written. Each
// CRD is checked once per provider process.
func (c *Clients) WaitCRDEstablished(ctx context.Context, name string) error {
	c.mu.Lock()
	done := c.established[name]
	c.mu.Unlock()
	if done {
		return nil
	}
	ext, err := c.APIExtensions()
	if err != nil {
		return err
	}
	var (
		last      *apiextensionsv1.CustomResourceDefinition
		lastErr   error
		absentFor time.Time
	)
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		crd, err := ext.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			if absentFor.IsZero() {
				absentFor = time.Now()
			}
			if time.Since(absentFor) > crdAbsentGrace {
				return false, &CRDMissingError{Name: name}
			}
			return false, nil
		case err != nil:
			lastErr = err
			return false, nil // transient; the deadline ends it
		}
		last, lastErr = crd, nil
		return crdEstablished(crd), nil
	})
	var missing *CRDMissingError
	switch {
	case errors.As(err, &missing):
		return err
	case err != nil && lastErr != nil:
		return fmt.Errorf("waiting for CRD %s to be established: %w", name, lastErr)
	case err != nil && last == nil:
		return &CRDMissingError{Name: name}
	case err != nil:
		return fmt.Errorf("CRD %s is not Established yet (%s); the API server does not serve it. Check the CRD's conditions with kubectl describe crd %s",
			name, crdConditions(last), name)
	}
	c.mu.Lock()
	if c.established == nil {
		c.established = map[string]bool{}
	}
	c.established[name] = true
	c.mu.Unlock()
	return nil
}

func crdEstablished(crd *apiextensionsv1.CustomResourceDefinition) bool {
	for _, cond := range crd.Status.Conditions {
		if cond.Type == apiextensionsv1.Established && cond.Status == apiextensionsv1.ConditionTrue {
			return true
		}
	}
	return false
}

func crdConditions(crd *apiextensionsv1.CustomResourceDefinition) string {
	s := ""
	for _, cond := range crd.Status.Conditions {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%s=%s %s", cond.Type, cond.Status, cond.Reason)
	}
	if s == "" {
		return "no conditions"
	}
	return s
}

// CRDMissingError says a CRD the resource needs is not installed.
type CRDMissingError struct{ Name string }

func (e *CRDMissingError) Error() string {
	return fmt.Sprintf("CRD %s is not installed. An eg_tenant installs the Gateway API and Envoy Gateway CRDs with its chart: "+
		"make this resource depend on the tenant (reference its attributes, e.g. controller_name = eg_tenant.x.controller_name, or add depends_on), "+
		"or install the CRDs first", e.Name)
}

// retryNotServed runs an apply until the API server serves its resource: on
// API servers behind a load balancer, an instance may serve a freshly
// Established CRD a moment after another. Other errors return at once.
func retryNotServed(ctx context.Context, apply func() error) error {
	var err error
	_ = wait.PollUntilContextTimeout(ctx, time.Second, 30*time.Second, true, func(context.Context) (bool, error) {
		err = apply()
		return !isNotServed(err), nil
	})
	return err
}

// isNotServed reports a 404 about the resource type rather than about the
// object's namespace (an apply creates missing objects, so a 404 on apply is
// one or the other).
func isNotServed(err error) bool {
	var st apierrors.APIStatus
	if !apierrors.IsNotFound(err) || !errors.As(err, &st) {
		return false
	}
	d := st.Status().Details
	return d == nil || d.Kind != "namespaces"
}

// NamespaceMissingError says an object's namespace does not exist.
type NamespaceMissingError struct{ Namespace, Object string }

func (e *NamespaceMissingError) Error() string {
	return fmt.Sprintf("namespace %q of %s does not exist. Create it first (an eg_tenant creates its namespace with create_namespace = true, "+
		"and every namespace in watch.namespaces), and reference that resource (namespace = eg_tenant.x.namespace) so that Terraform creates it before this one",
		e.Namespace, e.Object)
}

// applyError turns an apply's error into one that says what to do: a field
// manager conflict, a missing namespace.
func applyError(err error, object, namespace string) error {
	if err == nil {
		return nil
	}
	if c := conflictFrom(err, object); c != nil {
		return c
	}
	if apierrors.IsNotFound(err) && !isNotServed(err) {
		return &NamespaceMissingError{Namespace: namespace, Object: object}
	}
	return fmt.Errorf("apply %s: %w", object, err)
}

// ExistsError says an object the provider was asked to create exists.
type ExistsError struct{ Object, ImportID string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exists in the cluster and is not in this Terraform state. Import it instead of creating it "+
		"(an import block with id = %q, or terraform import <address> %s), or choose another name", e.Object, e.ImportID, e.ImportID)
}

// managedLabels are the labels the provider sets on every object it writes:
// they tell, at plan time, objects created by this provider from those of
// other owners.
func managedLabels() map[string]string {
	return map[string]string{ManagedByLabel: ManagedByValue}
}

// IsManagedByProvider reports whether an object carries the provider's label.
func IsManagedByProvider(labels map[string]string) bool {
	return labels[ManagedByLabel] == ManagedByValue
}

// waitGone polls get until the object is gone. On timeout it names the
// finalizers that hold it.
func waitGone(ctx context.Context, object string, get func(context.Context) (metav1.Object, error)) error {
	var last metav1.Object
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		obj, err := get(ctx)
		if apierrors.IsNotFound(err) {
			return true, nil
		}
		if err != nil {
			return false, nil // transient; the deadline ends it
		}
		last = obj
		return false, nil
	})
	if err == nil {
		return nil
	}
	if last != nil && len(last.GetFinalizers()) > 0 {
		return fmt.Errorf("%s is still being deleted: finalizers %v hold it. The controller that set them removes them once it has cleaned up "+
			"(Envoy Gateway keeps a GatewayClass while Gateways use it); check that it runs, or raise the delete timeout", object, last.GetFinalizers())
	}
	return fmt.Errorf("%s is still being deleted: %w", object, err)
}

// ignoreNotServed makes a list of a resource whose CRD is not installed an
// empty list: no such object can exist.
func ignoreNotServed(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

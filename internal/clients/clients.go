package clients

import (
	"context"
	"errors"
	"sync"

	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	gatewayclient "sigs.k8s.io/gateway-api/pkg/client/clientset/versioned"
)

// ErrConnectionUnknown says the provider's kubernetes settings depend on
// values known only after apply (for example a cluster created in the same
// apply), so no client can be built while planning.
var ErrConnectionUnknown = errors.New("the provider's kubernetes settings are not known until apply")

// Clients is what the provider hands to resources and data sources. Each
// client is built on first use and reused afterwards.
type Clients struct {
	settings  KubeSettings
	unknown   bool
	userAgent string
	// Chart is the provider-wide default chart (kept here so resources have
	// one thing to read).
	Chart ChartSettings
	// Log, when set, receives the Helm SDK's log lines (the provider sends
	// them to its own log).
	Log func(ctx context.Context, msg string)

	mu         sync.Mutex
	restConfig *rest.Config
	kube       kubernetes.Interface
	apiext     apiextensionsclient.Interface
	gatewayAPI gatewayclient.Interface
	dynamic    dynamic.Interface
	charts     chartCache
	// established holds the CRDs seen Established by this process, so that
	// only the first object of a kind waits for its CRD.
	established map[string]bool
}

// ChartSettings is the provider's `chart` block.
type ChartSettings struct {
	Repository string
	Version    string
}

// New returns lazy clients. unknown is true when any kubernetes setting is
// unknown during plan.
func New(settings KubeSettings, unknown bool, chart ChartSettings, userAgent string) *Clients {
	return &Clients{settings: settings, unknown: unknown, Chart: chart, userAgent: userAgent}
}

// Known reports whether the connection settings are known (false during a
// plan in which the cluster is created by the same apply).
func (c *Clients) Known() bool { return !c.unknown }

// RESTConfig resolves the connection settings. It does not contact the cluster.
func (c *Clients) RESTConfig() (*rest.Config, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.restConfigLocked()
}

func (c *Clients) restConfigLocked() (*rest.Config, error) {
	if c.unknown {
		return nil, ErrConnectionUnknown
	}
	if c.restConfig != nil {
		return rest.CopyConfig(c.restConfig), nil
	}
	cfg, err := c.settings.RESTConfig(c.userAgent)
	if err != nil {
		return nil, err
	}
	c.restConfig = cfg
	return rest.CopyConfig(cfg), nil
}

// Kubernetes returns the typed core client.
func (c *Clients) Kubernetes() (kubernetes.Interface, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kube != nil {
		return c.kube, nil
	}
	cfg, err := c.restConfigLocked()
	if err != nil {
		return nil, err
	}
	if c.kube, err = kubernetes.NewForConfig(cfg); err != nil {
		return nil, err
	}
	return c.kube, nil
}

// APIExtensions returns the client for CustomResourceDefinitions.
func (c *Clients) APIExtensions() (apiextensionsclient.Interface, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.apiext != nil {
		return c.apiext, nil
	}
	cfg, err := c.restConfigLocked()
	if err != nil {
		return nil, err
	}
	if c.apiext, err = apiextensionsclient.NewForConfig(cfg); err != nil {
		return nil, err
	}
	return c.apiext, nil
}

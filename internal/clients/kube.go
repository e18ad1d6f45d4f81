// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"sync"

	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
)

// ErrConnectionUnknown says the provider's kubernetes settings depend on
// values known only after apply (for example a cluster created in the same
// apply), so no client can be built while planning.
var ErrConnectionUnknown = errors.New("the connection settings are not known until apply")

// Kube is the connection to one cluster and the Kubernetes objects the
// provider reads and writes there. Each client is built on first use and
// reused afterwards; nothing dials until then.
type Kube struct {
	settings  KubeSettings
	unknown   bool
	userAgent string

	mu         sync.Mutex
	restConfig *rest.Config
	core       kubernetes.Interface
	apiext     apiextensionsclient.Interface
	dynamic    dynamic.Interface
	metadata   metadata.Interface
	// established holds the CRDs seen Established by this process, so that
	// only the first object of a kind waits for its CRD.
	established map[string]bool
	listed      listings
}

// NewKube returns a lazy connection. unknown is true when any setting is
// unknown during plan.
func NewKube(settings KubeSettings, unknown bool, userAgent string) *Kube {
	return &Kube{settings: settings, unknown: unknown, userAgent: userAgent}
}

// Known reports whether the connection settings are known (false during a
// plan in which the cluster is created by the same apply).
func (k *Kube) Known() bool { return !k.unknown }

// RESTConfig resolves the connection settings. It does not contact the cluster.
func (k *Kube) RESTConfig() (*rest.Config, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.restConfigLocked()
}

func (k *Kube) restConfigLocked() (*rest.Config, error) {
	if k.unknown {
		return nil, ErrConnectionUnknown
	}
	if k.restConfig != nil {
		return rest.CopyConfig(k.restConfig), nil
	}
	cfg, err := k.settings.RESTConfig(k.userAgent)
	if err != nil {
		return nil, err
	}
	k.restConfig = cfg
	return rest.CopyConfig(cfg), nil
}

// lazily builds a client from the REST configuration on first use.
func lazily[T any](k *Kube, slot *T, build func(*rest.Config) (T, error)) (T, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	var zero T
	if any(*slot) != nil {
		return *slot, nil
	}
	cfg, err := k.restConfigLocked()
	if err != nil {
		return zero, err
	}
	c, err := build(cfg)
	if err != nil {
		return zero, err
	}
	*slot = c
	return c, nil
}

// Core returns the typed client of Kubernetes' own resources.
func (k *Kube) Core() (kubernetes.Interface, error) {
	return lazily(k, &k.core, func(c *rest.Config) (kubernetes.Interface, error) { return kubernetes.NewForConfig(c) })
}

// APIExtensions returns the client for CustomResourceDefinitions.
func (k *Kube) APIExtensions() (apiextensionsclient.Interface, error) {
	return lazily(k, &k.apiext, func(c *rest.Config) (apiextensionsclient.Interface, error) {
		return apiextensionsclient.NewForConfig(c)
	})
}

// Dynamic returns the dynamic client, used with fixed resources (see Kind),
// never with a REST mapper, so it works the moment a CRD is served.
func (k *Kube) Dynamic() (dynamic.Interface, error) {
	return lazily(k, &k.dynamic, func(c *rest.Config) (dynamic.Interface, error) { return dynamic.NewForConfig(c) })
}

// Metadata returns the client that lists objects' metadata only.
func (k *Kube) Metadata() (metadata.Interface, error) {
	return lazily(k, &k.metadata, func(c *rest.Config) (metadata.Interface, error) { return metadata.NewForConfig(c) })
}

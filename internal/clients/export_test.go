// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"fmt"
	"sync"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/kube"
	"k8s.io/client-go/rest"
)

// KubeOf is a connection over a ready REST configuration, for tests that
// watch the requests it makes.
func KubeOf(cfg *rest.Config) *Kube { return &Kube{restConfig: rest.CopyConfig(cfg)} }

// SetListPageSize makes LIST pages small enough for a test to see paging.
func SetListPageSize(n int64) (restore func()) {
	old := listPageSize
	listPageSize = n
	return func() { listPageSize = old }
}

// BeforeCreatingGuardedPolicy runs before once, just before the Helm SDK
// first creates the objects of h's releases that include the guarded policy:
// after Helm rendered the chart, checked for conflicts and recorded the
// release. A test makes another install win a race there.
func (h *Helm) BeforeCreatingGuardedPolicy(before func()) {
	var once sync.Once
	h.actionConfig = func(_ context.Context, namespace string) (*action.Configuration, error) {
		cfg, err := h.kube.RESTConfig()
		if err != nil {
			return nil, err
		}
		ac, err := HelmActionConfig(cfg, namespace)
		if err != nil {
			return nil, err
		}
		client, ok := ac.KubeClient.(*kube.Client)
		if !ok {
			return nil, fmt.Errorf("the Helm SDK's client is a %T", ac.KubeClient)
		}
		ac.KubeClient = &createHook{Client: client, before: func() { once.Do(before) }}
		return ac, nil
	}
}

// createHook is Helm's own client with a hook before each create; embedding
// the concrete client keeps the optional interfaces the SDK asks it for.
type createHook struct {
	*kube.Client
	before func()
}

func (c *createHook) Create(resources kube.ResourceList) (*kube.Result, error) {
	for _, r := range resources {
		if r.Name == guardedPolicy {
			c.before()
		}
	}
	return c.Client.Create(resources)
}

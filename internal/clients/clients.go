// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

// Clients is what one provider configuration connects with: the cluster's
// Kubernetes objects, its Helm releases (on the same connection), and the
// chart tenants install by default.
type Clients struct {
	Kube  *Kube
	Helm  *Helm
	Chart ChartSettings
}

// ChartSettings is the provider's `chart` block.
type ChartSettings struct {
	Repository string
	Version    string
}

// New returns lazy clients. unknown is true when any kubernetes setting is
// unknown during plan.
func New(settings KubeSettings, unknown bool, chart ChartSettings, userAgent string) *Clients {
	kube := NewKube(settings, unknown, userAgent)
	return &Clients{Kube: kube, Helm: NewHelm(kube), Chart: chart}
}

// Known reports whether the connection settings are known.
func (c *Clients) Known() bool { return c.Kube.Known() }

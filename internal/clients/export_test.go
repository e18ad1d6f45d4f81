// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import "k8s.io/client-go/rest"

// KubeOf is a connection over a ready REST configuration, for tests that
// watch the requests it makes.
func KubeOf(cfg *rest.Config) *Kube { return &Kube{restConfig: rest.CopyConfig(cfg)} }

// SetListPageSize makes LIST pages small enough for a test to see paging.
func SetListPageSize(n int64) (restore func()) {
	old := listPageSize
	listPageSize = n
	return func() { listPageSize = old }
}

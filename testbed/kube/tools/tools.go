// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

//go:build tools

// Package tools pins the Kubernetes commands the test bed builds, so that
// go.mod and go.sum record them.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// ServiceAccountDir is where Kubernetes mounts a pod's service account token
// and CA certificate. It is a variable so that tests can lay out their own:
// rest.InClusterConfig reads a fixed path.
var ServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// inClusterHost is the API server's URL as a pod sees it, or "" outside a pod:
// the test rest.InClusterConfig (and so the kubernetes provider) makes.
func inClusterHost(getenv func(string) string) string {
	host, port := getenv("KUBERNETES_SERVICE_HOST"), getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return ""
	}
	return "https://" + net.JoinHostPort(host, port)
}

// inClusterKubeconfig describes what rest.InClusterConfig would build, as a
// kubeconfig, so that the inline settings lie over it as over any other:
// the token is read from its file, again whenever it rotates, unless inline
// credentials replace it.
func inClusterKubeconfig(dir, server string, inlineCredentials bool) (*clientcmdapi.Config, error) {
	tokenFile := filepath.Join(dir, "token")
	if _, err := os.Stat(tokenFile); err != nil {
		return nil, fmt.Errorf("%w (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are set, but the service account token %s cannot be read: %v)",
			ErrNoConnection, tokenFile, unwrapPathError(err))
	}
	const name = "in-cluster"
	cluster := &clientcmdapi.Cluster{Server: server}
	// Like rest.InClusterConfig: without the CA file, the system's roots.
	if caFile := filepath.Join(dir, "ca.crt"); fileExists(caFile) {
		cluster.CertificateAuthority = caFile
	}
	user := &clientcmdapi.AuthInfo{}
	if !inlineCredentials {
		user.TokenFile = tokenFile
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[name] = cluster
	cfg.AuthInfos[name] = user
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	cfg.CurrentContext = name
	return cfg, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

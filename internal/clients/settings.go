// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

// Package clients builds the provider's Kubernetes and Helm clients, lazily,
// from the provider's kubernetes settings. Nothing here dials the cluster
// until a resource or data source asks for a client, so `terraform validate`
// and plans that need no cluster work with no cluster reachable.
package clients

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// KubeSettings mirrors the provider's `kubernetes` block. Empty strings, nil
// slices and a nil Insecure mean "not set": the matching KUBE_* environment
// variable then applies (see settings_env.go).
type KubeSettings struct {
	ConfigPath            string
	ConfigPaths           []string
	ConfigContext         string
	ConfigContextAuthInfo string
	ConfigContextCluster  string
	Host                  string
	Username              string
	Password              string
	Token                 string
	ClusterCACertificate  string
	ClientCertificate     string
	ClientKey             string
	Insecure              *bool
	TLSServerName         string
	ProxyURL              string
	Exec                  *ExecSettings
	// QPS and Burst are the provider's top-level qps and burst_limit: a
	// client-side limit of requests per second; QPS 0 means none.
	QPS   float32
	Burst int
}

// DefaultBurst is burst_limit when qps is set and it is not.
const DefaultBurst = 100

// ExecSettings configures a client-go credential plugin.
type ExecSettings struct {
	APIVersion string
	Command    string
	Args       []string
	Env        map[string]string
}

// ErrNoConnection says that neither the provider block nor the environment
// names a cluster, and the provider does not run in a pod.
var ErrNoConnection = errors.New("no Kubernetes connection is configured: set kubernetes.config_path, " +
	"kubernetes.config_paths or kubernetes.host in the provider block, or KUBE_CONFIG_PATH, KUBE_CONFIG_PATHS, " +
	"KUBE_HOST or KUBECONFIG in the environment, or run Terraform in a pod with a service account token")

// RequestTimeout bounds one request to the API server or a chart registry.
const RequestTimeout = 2 * time.Minute

// RESTConfig resolves the settings, with the environment, into a client-go
// configuration without contacting the cluster.
func (s KubeSettings) RESTConfig(userAgent string) (*rest.Config, error) {
	conn, err := s.resolve(os.Getenv)
	if err != nil {
		return nil, err
	}
	cc, err := conn.clientConfig()
	if err != nil {
		return nil, err
	}
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, err
	}
	cfg.UserAgent = userAgent
	// No client-side limit unless qps asks for one: client-go's default (5
	// per second) would pace an apply of a few hundred Gateways, and the
	// API server's priority and fairness protects it better (429, retried).
	cfg.QPS, cfg.Burst = -1, 0
	if s.QPS > 0 {
		cfg.QPS, cfg.Burst = s.QPS, s.Burst
	}
	// A black-holed API server must fail a request, not hang the apply
	// past its timeout: the Helm SDK's calls take no context.
	if cfg.Timeout == 0 {
		cfg.Timeout = RequestTimeout
	}
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return retryReads{next: rt} })
	return cfg, nil
}

// clientConfig loads the connection's source and lays the inline settings
// over it.
func (c connection) clientConfig() (clientcmd.ClientConfig, error) {
	overrides := c.settings.overrides()
	switch c.source {
	case sourceKubeconfig:
		if err := c.checkFilesExist(); err != nil {
			return nil, err
		}
		c.settings.contextOverrides(overrides)
		rules := &clientcmd.ClientConfigLoadingRules{Precedence: c.paths}
		return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides), nil
	case sourceInline:
		// Only inline settings: build from an empty config so that no file on
		// the machine (not even ~/.kube/config) leaks in.
		return clientcmd.NewDefaultClientConfig(*clientcmdapi.NewConfig(), overrides), nil
	case sourceInCluster:
		pod, err := inClusterKubeconfig(c.serviceAccountDir, c.serviceHost, c.settings.hasCredentials())
		if err != nil {
			return nil, err
		}
		return clientcmd.NewDefaultClientConfig(*pod, overrides), nil
	}
	return nil, ErrNoConnection
}

// checkFilesExist fails on a named kubeconfig that is missing, as the
// kubernetes provider does; KUBECONFIG keeps kubectl's rule of skipping them.
func (c connection) checkFilesExist() error {
	if c.from == EnvKubeconfig {
		return nil
	}
	for _, p := range c.paths {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s names the kubeconfig %s, which cannot be read: %v", c.from, p, unwrapPathError(err))
		}
	}
	return nil
}

// overrides are the inline settings (attributes, else KUBE_* variables),
// which win over whatever the kubeconfig or the pod says.
func (s KubeSettings) overrides() *clientcmd.ConfigOverrides {
	o := &clientcmd.ConfigOverrides{}
	o.ClusterInfo.Server = s.Host
	o.ClusterInfo.TLSServerName = s.TLSServerName
	o.ClusterInfo.ProxyURL = s.ProxyURL
	if s.ClusterCACertificate != "" {
		o.ClusterInfo.CertificateAuthorityData = []byte(s.ClusterCACertificate)
	}
	if s.Insecure != nil && *s.Insecure {
		o.ClusterInfo.InsecureSkipTLSVerify = true
	}
	o.AuthInfo.Token = s.Token
	o.AuthInfo.Username, o.AuthInfo.Password = s.Username, s.Password
	if s.ClientCertificate != "" {
		o.AuthInfo.ClientCertificateData = []byte(s.ClientCertificate)
	}
	if s.ClientKey != "" {
		o.AuthInfo.ClientKeyData = []byte(s.ClientKey)
	}
	if s.Exec != nil && s.Exec.Command != "" {
		exec := &clientcmdapi.ExecConfig{
			APIVersion:      s.Exec.APIVersion,
			Command:         s.Exec.Command,
			Args:            s.Exec.Args,
			InteractiveMode: clientcmdapi.NeverExecInteractiveMode,
		}
		for k, v := range s.Exec.Env {
			exec.Env = append(exec.Env, clientcmdapi.ExecEnvVar{Name: k, Value: v})
		}
		o.AuthInfo.Exec = exec
	}
	return o
}

// hasCredentials tells whether the inline settings authenticate by
// themselves; in a pod they then replace the service account token.
func (s KubeSettings) hasCredentials() bool {
	return s.Token != "" || s.Username != "" || s.Password != "" || s.ClientCertificate != "" ||
		(s.Exec != nil && s.Exec.Command != "")
}

// contextOverrides choose the kubeconfig's context, user and cluster. Like
// the kubernetes provider, they only mean something when a kubeconfig is
// loaded.
func (s KubeSettings) contextOverrides(o *clientcmd.ConfigOverrides) {
	o.CurrentContext = s.ConfigContext
	o.Context.AuthInfo = s.ConfigContextAuthInfo
	o.Context.Cluster = s.ConfigContextCluster
}

// splitPaths splits a list of paths (the OS list separator), drops empty
// entries and expands a leading ~.
func splitPaths(lists ...string) []string {
	var paths []string
	for _, list := range lists {
		for _, p := range filepath.SplitList(list) {
			if p != "" {
				paths = append(paths, expandHome(p))
			}
		}
	}
	return paths
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

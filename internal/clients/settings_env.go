// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// The environment variables the hashicorp/kubernetes provider reads, each the
// fallback of the attribute of the same meaning, and KUBECONFIG, which this
// provider (unlike that one) also honours when nothing else names a cluster.
const (
	EnvConfigPath     = "KUBE_CONFIG_PATH"
	EnvConfigPaths    = "KUBE_CONFIG_PATHS"
	EnvContext        = "KUBE_CTX"
	EnvContextAuth    = "KUBE_CTX_AUTH_INFO"
	EnvContextCluster = "KUBE_CTX_CLUSTER"
	EnvHost           = "KUBE_HOST"
	EnvUser           = "KUBE_USER"
	EnvPassword       = "KUBE_PASSWORD"
	EnvToken          = "KUBE_TOKEN"
	EnvInsecure       = "KUBE_INSECURE"
	EnvTLSServerName  = "KUBE_TLS_SERVER_NAME"
	EnvClientCert     = "KUBE_CLIENT_CERT_DATA"
	EnvClientKey      = "KUBE_CLIENT_KEY_DATA"
	EnvClusterCA      = "KUBE_CLUSTER_CA_CERT_DATA"
	EnvProxyURL       = "KUBE_PROXY_URL"
	EnvKubeconfig     = "KUBECONFIG"
)

// sourceKind is where the connection's cluster comes from; zero is nowhere.
type sourceKind int

const (
	sourceKubeconfig sourceKind = iota + 1 // one or more kubeconfig files, inline settings on top
	sourceInline                           // host and credentials from the block or KUBE_*, nothing else
	sourceInCluster                        // the pod's service account, inline settings on top
)

// connection is the settings resolved against the environment: every unset
// attribute filled from its KUBE_* variable, and the source chosen.
type connection struct {
	settings KubeSettings
	source   sourceKind
	paths    []string
	// from names the attribute or variable the kubeconfig paths came from.
	from              string
	serviceAccountDir string
	serviceHost       string
}

// ErrConfigPathsConflict says config_paths was set while KUBE_CONFIG_PATH is
// too: the kubernetes provider refuses that pair (KUBE_CONFIG_PATH stands in
// for config_path, which conflicts with config_paths), and so do we rather
// than silently pick one.
var ErrConfigPathsConflict = errors.New("kubernetes.config_paths cannot be used while KUBE_CONFIG_PATH is set in the " +
	"environment (it stands in for kubernetes.config_path): unset one of them")

// Validate reports what is wrong in the settings and the KUBE_* environment
// without reading any file or contacting the cluster, so that Configure can
// say so at once. Files are read only when a client is built: they may be
// written during the apply.
func (s KubeSettings) Validate(getenv func(string) string) error {
	_, err := s.resolve(getenv)
	return err
}

// Describe names the source the connection will use and where it came from
// (never a credential), for the provider's debug log.
func (s KubeSettings) Describe(getenv func(string) string) string {
	c, err := s.resolve(getenv)
	switch {
	case err != nil:
		return "invalid settings"
	case c.source == sourceKubeconfig:
		return fmt.Sprintf("kubeconfig %v from %s", c.paths, c.from)
	case c.source == sourceInline:
		return "inline host " + c.settings.Host
	case c.source == sourceInCluster:
		return "in-cluster service account (" + c.serviceAccountDir + ")"
	}
	return "none"
}

// resolve applies the kubernetes provider's precedence: an attribute wins
// over its KUBE_* variable; the kubeconfig files come from config_path, then
// KUBE_CONFIG_PATH, then config_paths, then KUBE_CONFIG_PATHS; with none of
// them and no host, KUBECONFIG, then the pod's service account.
func (s KubeSettings) resolve(getenv func(string) string) (connection, error) {
	s, err := s.withEnvironment(getenv)
	if err != nil {
		return connection{}, err
	}
	c := connection{settings: s}
	switch {
	case s.ConfigPath != "":
		c.paths, c.from = splitPaths(s.ConfigPath), "kubernetes.config_path"
	case getenv(EnvConfigPath) != "":
		if len(s.ConfigPaths) > 0 {
			return connection{}, ErrConfigPathsConflict
		}
		c.paths, c.from = splitPaths(getenv(EnvConfigPath)), EnvConfigPath
	case len(s.ConfigPaths) > 0:
		c.paths, c.from = splitPaths(s.ConfigPaths...), "kubernetes.config_paths"
	case getenv(EnvConfigPaths) != "":
		c.paths, c.from = splitPaths(getenv(EnvConfigPaths)), EnvConfigPaths
	case s.Host == "" && getenv(EnvKubeconfig) != "":
		c.paths, c.from = splitPaths(getenv(EnvKubeconfig)), EnvKubeconfig
	}
	switch {
	case len(c.paths) > 0:
		c.source = sourceKubeconfig
	case s.Host != "":
		c.source = sourceInline
	default:
		c.serviceHost = inClusterHost(getenv)
		if c.serviceHost == "" {
			return connection{}, ErrNoConnection
		}
		c.source, c.serviceAccountDir = sourceInCluster, ServiceAccountDir
	}
	return c, nil
}

// withEnvironment fills every unset setting from its KUBE_* variable.
func (s KubeSettings) withEnvironment(getenv func(string) string) (KubeSettings, error) {
	for _, f := range []struct {
		field *string
		env   string
	}{
		{&s.ConfigContext, EnvContext},
		{&s.ConfigContextAuthInfo, EnvContextAuth},
		{&s.ConfigContextCluster, EnvContextCluster},
		{&s.Host, EnvHost},
		{&s.Username, EnvUser},
		{&s.Password, EnvPassword},
		{&s.Token, EnvToken},
		{&s.TLSServerName, EnvTLSServerName},
		{&s.ClientCertificate, EnvClientCert},
		{&s.ClientKey, EnvClientKey},
		{&s.ClusterCACertificate, EnvClusterCA},
	} {
		if *f.field == "" {
			*f.field = getenv(f.env)
		}
	}
	if v := getenv(EnvInsecure); s.Insecure == nil && v != "" {
		insecure, err := strconv.ParseBool(v)
		if err != nil {
			return s, fmt.Errorf("%s must be true or false, not %q", EnvInsecure, v)
		}
		s.Insecure = &insecure
	}
	if v := getenv(EnvProxyURL); s.ProxyURL == "" && v != "" {
		if err := CheckProxyURL(v); err != nil {
			return s, fmt.Errorf("%s: %w", EnvProxyURL, err)
		}
		s.ProxyURL = v
	}
	return s, nil
}

// CheckProxyURL tells whether client-go can use raw as a proxy: an http,
// https or socks5 URL with a host. Errors never repeat the URL, which may
// carry a password.
func CheckProxyURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err // the url.Error itself quotes the URL
		}
		return fmt.Errorf("not a URL (%v); write it as scheme://host:port, e.g. http://proxy.example:3128", err)
	}
	switch u.Scheme {
	case "http", "https", "socks5":
	default:
		// The "scheme" of a URL written without one may be a user name.
		return errors.New("the scheme must be http, https or socks5 (write it as scheme://host:port)")
	}
	if u.Host == "" {
		return errors.New("the URL names no host (write it as scheme://host:port)")
	}
	return nil
}

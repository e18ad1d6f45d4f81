// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/cli"
	"helm.sh/helm/v3/pkg/registry"
)

// ChartSource says where a tenant's chart comes from: an OCI reference
// (oci://host/path/gateway-helm), an HTTP(S) chart repository whose chart
// named ChartName is taken, or a local chart directory or archive.
type ChartSource struct {
	Repository string
	Version    string
	// Credentials for the registry or repository; never stored in state.
	Username string
	Password string
	// CACertificate is a PEM bundle that signs the registry's or repository's
	// certificate, for private CAs.
	CACertificate         string
	InsecureSkipTLSVerify bool
	// PlainHTTP talks to an OCI registry over http://.
	PlainHTTP bool
}

// Kind names the kind of source, for messages and validation.
func (s ChartSource) Kind() string {
	switch {
	case registry.IsOCI(s.Repository):
		return "oci"
	case strings.HasPrefix(s.Repository, "https://"), strings.HasPrefix(s.Repository, "http://"):
		return "repository"
	default:
		return "local"
	}
}

func (s ChartSource) key() string {
	return strings.Join([]string{s.Repository, s.Version, s.Username, s.CACertificate,
		fmt.Sprint(s.InsecureSkipTLSVerify, s.PlainHTTP)}, "\x00")
}

// chartCache keeps charts loaded by this provider process: several tenants
// usually install the same chart.
type chartCache struct {
	mu     sync.Mutex
	charts map[string]*chart.Chart
}

// LoadChart fetches (or reads) and loads a chart. Remote charts are cached in
// Helm's repository cache under the provider's cache directory.
func (h *Helm) LoadChart(src ChartSource) (*chart.Chart, error) {
	h.charts.mu.Lock()
	defer h.charts.mu.Unlock()
	if ch, ok := h.charts.charts[src.key()]; ok {
		return ch, nil
	}
	ch, err := loadChart(src)
	if err != nil {
		return nil, err
	}
	if h.charts.charts == nil {
		h.charts.charts = map[string]*chart.Chart{}
	}
	h.charts.charts[src.key()] = ch
	return ch, nil
}

func loadChart(src ChartSource) (*chart.Chart, error) {
	if src.Kind() == "local" {
		ch, err := loader.Load(expandHome(src.Repository))
		if err != nil {
			return nil, fmt.Errorf("load local chart %s: %w", src.Repository, err)
		}
		if src.Version != "" && ch.Metadata.Version != src.Version && "v"+ch.Metadata.Version != src.Version &&
			ch.Metadata.Version != "v"+src.Version {
			return nil, fmt.Errorf("local chart %s has version %s, not %s", src.Repository, ch.Metadata.Version, src.Version)
		}
		return ch, nil
	}
	settings, tmp, cleanup, err := helmSettings()
	if err != nil {
		return nil, err
	}
	defer cleanup()
	opts := action.ChartPathOptions{
		Version:               src.Version,
		Username:              src.Username,
		Password:              src.Password,
		InsecureSkipTLSverify: src.InsecureSkipTLSVerify,
		PlainHTTP:             src.PlainHTTP,
		PassCredentialsAll:    false,
	}
	if src.CACertificate != "" {
		// Helm's repository client takes the CA as a file.
		f := filepath.Join(tmp, "ca.pem")
		if err := os.WriteFile(f, []byte(src.CACertificate), 0o600); err != nil {
			return nil, err
		}
		opts.CaFile = f
	}
	name := src.Repository
	install := action.NewInstall(&action.Configuration{})
	install.ChartPathOptions = opts
	if src.Kind() == "oci" {
		rc, err := registryClient(src)
		if err != nil {
			return nil, err
		}
		install.SetRegistryClient(rc)
	} else {
		install.RepoURL = src.Repository
		name = ChartName
	}
	path, err := install.LocateChart(name, settings)
	if err != nil {
		return nil, fmt.Errorf("fetch chart %s version %s: %w", src.Repository, src.Version, err)
	}
	ch, err := loader.Load(path)
	if err != nil {
		return nil, fmt.Errorf("load chart %s: %w", path, err)
	}
	return ch, nil
}

func registryClient(src ChartSource) (*registry.Client, error) {
	tlsConf := &tls.Config{InsecureSkipVerify: src.InsecureSkipTLSVerify} //nolint:gosec // the user's explicit choice
	if src.CACertificate != "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(src.CACertificate)) {
			return nil, fmt.Errorf("chart ca_certificate holds no PEM certificate")
		}
		tlsConf.RootCAs = pool
	}
	// Another library may have replaced the default transport; start
	// from a plain one then, never panic.
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		base = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	transport := base.Clone()
	transport.TLSClientConfig = tlsConf
	opts := []registry.ClientOption{
		registry.ClientOptHTTPClient(&http.Client{Transport: transport, Timeout: RequestTimeout}),
		registry.ClientOptEnableCache(true),
		registry.ClientOptWriter(discard{}),
	}
	if src.Username != "" || src.Password != "" {
		opts = append(opts, registry.ClientOptBasicAuth(src.Username, src.Password))
	}
	if src.PlainHTTP {
		opts = append(opts, registry.ClientOptPlainHTTP())
	}
	return registry.NewClient(opts...)
}

// helmSettings points Helm's caches under the provider's cache directory and
// its repository list at an empty file, so the user's Helm setup neither
// leaks in nor is changed.
func helmSettings() (settings *cli.EnvSettings, tmp string, cleanup func(), err error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	base = filepath.Join(base, "terraform-provider-eg", "helm")
	if err := os.MkdirAll(filepath.Join(base, "repository"), 0o700); err != nil {
		return nil, "", nil, err
	}
	if tmp, err = os.MkdirTemp(base, "config-"); err != nil {
		return nil, "", nil, err
	}
	s := cli.New()
	s.RepositoryCache = filepath.Join(base, "repository")
	s.RepositoryConfig = filepath.Join(tmp, "repositories.yaml")
	s.RegistryConfig = filepath.Join(tmp, "registry.json")
	return s, tmp, func() { os.RemoveAll(tmp) }, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

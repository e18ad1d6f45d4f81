// Package clients builds the provider's Kubernetes and Helm clients, lazily,
// from the provider's kubernetes settings. Nothing here dials the cluster
// until a resource or data source asks for a client, so `terraform validate`
// and plans that need no cluster work with no cluster reachable.
package clients

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// KubeSettings mirrors the provider's `kubernetes` block. Empty strings mean
// "not set".
type KubeSettings struct {
	ConfigPath           string
	ConfigContext        string
	Host                 string
	Token                string
	ClusterCACertificate string
	ClientCertificate    string
	ClientKey            string
	Insecure             bool
	Exec                 *ExecSettings
}

// ExecSettings configures a client-go credential plugin.
type ExecSettings struct {
	APIVersion string
	Command    string
	Args       []string
	Env        map[string]string
}

// ErrNoConnection says that neither the provider block nor the environment
// names a cluster.
var ErrNoConnection = errors.New("no Kubernetes connection is configured: set kubernetes.config_path or kubernetes.host in the provider block, or KUBE_CONFIG_PATH or KUBECONFIG in the environment")

// kubeconfigPaths returns the kubeconfig files to load: kubernetes.config_path;
// or, when the block names neither a file nor a host, KUBE_CONFIG_PATH, then
// KUBECONFIG. Each may list several paths separated by the OS list separator.
// An inline host without config_path uses the inline settings alone, so that
// credentials from an unrelated kubeconfig never mix in.
func (s KubeSettings) kubeconfigPaths() []string {
	candidates := []string{s.ConfigPath}
	if s.ConfigPath == "" && s.Host == "" {
		candidates = []string{os.Getenv("KUBE_CONFIG_PATH"), os.Getenv("KUBECONFIG")}
	}
	for _, v := range candidates {
		if v == "" {
			continue
		}
		var paths []string
		for _, p := range filepath.SplitList(v) {
			if p != "" {
				paths = append(paths, expandHome(p))
			}
		}
		return paths
	}
	return nil
}

// RequestTimeout bounds one request to the API server or a chart registry.
const RequestTimeout = 2 * time.Minute

// RESTConfig resolves the settings into a client-go configuration without
// contacting the cluster.
func (s KubeSettings) RESTConfig(userAgent string) (*rest.Config, error) {
	paths := s.kubeconfigPaths()
	if len(paths) == 0 && s.Host == "" {
		return nil, ErrNoConnection
	}
	rules := &clientcmd.ClientConfigLoadingRules{Precedence: paths}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: s.ConfigContext}
	if s.Host != "" {
		overrides.ClusterInfo.Server = s.Host
	}
	if s.ClusterCACertificate != "" {
		overrides.ClusterInfo.CertificateAuthorityData = []byte(s.ClusterCACertificate)
	}
	if s.Insecure {
		overrides.ClusterInfo.InsecureSkipTLSVerify = true
	}
	if s.Token != "" {
		overrides.AuthInfo.Token = s.Token
	}
	if s.ClientCertificate != "" {
		overrides.AuthInfo.ClientCertificateData = []byte(s.ClientCertificate)
	}
	if s.ClientKey != "" {
		overrides.AuthInfo.ClientKeyData = []byte(s.ClientKey)
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
		overrides.AuthInfo.Exec = exec
	}
	var cc clientcmd.ClientConfig
	if len(paths) == 0 {
		// Only inline settings: build from an empty config so that no file on
		// the machine (not even ~/.kube/config) leaks in.
		cc = clientcmd.NewDefaultClientConfig(*clientcmdapi.NewConfig(), overrides)
	} else {
		cc = clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	}
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, err
	}
	cfg.UserAgent = userAgent
	// Terraform plans many resources at once; client-go's default 5 QPS would
	// throttle a plan of a few dozen gateways.
	cfg.QPS, cfg.Burst = 50, 100
	// A black-holed API server must fail a request, not hang the apply
	// past its timeout: the Helm SDK's calls take no context.
	if cfg.Timeout == 0 {
		cfg.Timeout = RequestTimeout
	}
	return cfg, nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

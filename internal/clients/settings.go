// Package clients builds the provider's Kubernetes and Helm clients, lazily,
// from the provider's kubernetes settings. Nothing here dials the cluster
// until a resource or data source asks for a client, so `terraform validate`
// and plans that need no cluster work with no cluster reachable.
package clients

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
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
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return retryReads{next: rt} })
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

// SettingError says which setting of the kubernetes block (its attribute
// name; "" for a kubeconfig named by the environment) can never reach a
// cluster, and why.
type SettingError struct {
	Setting string
	Err     error
}

func (e *SettingError) Error() string { return e.Err.Error() }
func (e *SettingError) Unwrap() error { return e.Err }

// Check resolves the settings as the clients will, without contacting the
// cluster, and returns a *SettingError when they can never work: a host
// that is no URL, a CA or client certificate that does not parse, insecure
// with a CA, a context or kubeconfig that cannot be read. No connection at
// all, and a kubeconfig file that does not exist yet (the same apply may
// write it), are left for the first request to report.
func (s KubeSettings) Check() error {
	for _, p := range s.kubeconfigPaths() {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	if err := s.checkInline(); err != nil {
		return err
	}
	cfg, err := s.RESTConfig("check")
	if errors.Is(err, ErrNoConnection) {
		return nil
	}
	if err == nil {
		_, err = kubernetes.NewForConfig(cfg)
	}
	if err == nil {
		err = checkScheme(cfg.Host)
	}
	if err != nil {
		return &SettingError{Setting: s.settingAtFault(err), Err: err}
	}
	return nil
}

// checkInline checks the block's own values one by one, so that the error
// names the attribute at fault.
func (s KubeSettings) checkInline() error {
	if s.Host != "" {
		_, err := kubernetes.NewForConfig(&rest.Config{Host: s.Host})
		if err == nil {
			err = checkScheme(s.Host)
		}
		if err != nil {
			return &SettingError{Setting: "host", Err: err}
		}
	}
	if s.ClusterCACertificate != "" && !x509.NewCertPool().AppendCertsFromPEM([]byte(s.ClusterCACertificate)) {
		return &SettingError{Setting: "cluster_ca_certificate", Err: errors.New("it holds no PEM-encoded certificate")}
	}
	if s.Insecure && s.ClusterCACertificate != "" {
		return &SettingError{Setting: "insecure", Err: errors.New("insecure skips the very verification cluster_ca_certificate is for; set one of them")}
	}
	if s.ClientCertificate != "" && s.ClientKey != "" {
		if _, err := tls.X509KeyPair([]byte(s.ClientCertificate), []byte(s.ClientKey)); err != nil {
			// crypto/tls never quotes the key material in its errors.
			setting := "client_certificate"
			if strings.Contains(err.Error(), "key") {
				setting = "client_key"
			}
			return &SettingError{Setting: setting, Err: err}
		}
	}
	return nil
}

// checkScheme refuses a server URL client-go accepts but cannot talk to.
func checkScheme(host string) error {
	u, _, err := rest.DefaultServerURL(host, "", schema.GroupVersion{}, true)
	if err != nil {
		return err
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("the server URL must use https (or http), not %q", u.Scheme)
	}
	return nil
}

// settingAtFault guesses which setting an error of the resolved
// configuration comes from: the context, an exec plugin, or the kubeconfig.
func (s KubeSettings) settingAtFault(err error) string {
	msg := err.Error()
	switch {
	case s.ConfigContext != "" && strings.Contains(msg, "context"):
		return "config_context"
	case s.Exec != nil && strings.Contains(msg, "exec"):
		return "exec"
	case s.ConfigPath != "":
		return "config_path"
	}
	return ""
}

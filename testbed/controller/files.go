// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controller

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/yaml"
)

// configMapName and configKey are where Envoy Gateway's chart renders the
// controller's EnvoyGateway configuration in the release's namespace.
const (
	configMapName = "envoy-gateway-config"
	configKey     = "envoy-gateway.yaml"
)

// writeConfig copies the configuration the tenant's release rendered into
// file, changing only what cannot work out of cluster: the topology injector
// is a mutating webhook on Pods that the API server could never call here.
func writeConfig(ctx context.Context, kube kubernetes.Interface, namespace, file string) error {
	cm, err := kube.CoreV1().ConfigMaps(namespace).Get(ctx, configMapName, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("controller: the tenant's rendered configuration (%s/%s): %w", namespace, configMapName, err)
	}
	text, ok := cm.Data[configKey]
	if !ok {
		return fmt.Errorf("controller: %s/%s has no %s", namespace, configMapName, configKey)
	}
	out, err := outOfClusterConfig([]byte(text))
	if err != nil {
		return fmt.Errorf("controller: %s/%s: %w", namespace, configMapName, err)
	}
	return os.WriteFile(file, out, 0o600)
}

// outOfClusterConfig sets provider.kubernetes.proxyTopologyInjector.disabled
// in an EnvoyGateway configuration and leaves everything else as it was.
func outOfClusterConfig(in []byte) ([]byte, error) {
	var cfg map[string]any
	if err := yaml.Unmarshal(in, &cfg); err != nil {
		return nil, err
	}
	if cfg == nil {
		return nil, fmt.Errorf("empty configuration")
	}
	m := cfg
	for _, key := range []string{"provider", "kubernetes", "proxyTopologyInjector"} {
		next, ok := m[key].(map[string]any)
		if !ok {
			if m[key] != nil {
				return nil, fmt.Errorf("%s is not a mapping", key)
			}
			next = map[string]any{}
			m[key] = next
		}
		m = next
	}
	m["disabled"] = true
	return yaml.Marshal(cfg)
}

// writeKubeconfig writes the controller's kubeconfig: the admin's server and
// CA, and a token of the tenant's ServiceAccount, so the API server applies
// the chart's RBAC to the controller as it would in the cluster.
func writeKubeconfig(ctx context.Context, kube kubernetes.Interface, admin *rest.Config, namespace, sa, file string) error {
	expiry := int64(24 * 3600) // longer than any test or demo
	tr, err := kube.CoreV1().ServiceAccounts(namespace).CreateToken(ctx, sa,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiry}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("controller: token for ServiceAccount %s/%s: %w", namespace, sa, err)
	}
	ca := admin.CAData
	if len(ca) == 0 && admin.CAFile != "" {
		if ca, err = os.ReadFile(admin.CAFile); err != nil {
			return err
		}
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["cluster"] = &clientcmdapi.Cluster{
		Server:                   admin.Host,
		CertificateAuthorityData: ca,
		TLSServerName:            admin.ServerName,
		InsecureSkipTLSVerify:    admin.Insecure,
	}
	cfg.AuthInfos["controller"] = &clientcmdapi.AuthInfo{Token: tr.Status.Token}
	cfg.Contexts["controller"] = &clientcmdapi.Context{Cluster: "cluster", AuthInfo: "controller", Namespace: namespace}
	cfg.CurrentContext = "controller"
	return clientcmd.WriteToFile(*cfg, file)
}

// generateCerts runs `envoy-gateway certgen --local` (what the chart's
// certgen Job does in a cluster, written to files instead of Secrets) and
// returns the directory holding ca.crt, tls.crt and tls.key for /certs.
func generateCerts(ctx context.Context, binary, namespace, home string) (string, error) {
	dir := filepath.Join(home, "certs", "envoy-gateway")
	if _, err := os.Stat(filepath.Join(dir, "tls.key")); err == nil {
		return dir, nil // a restart in the same directory keeps its certificates
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, binary, "certgen", "--local", "--config-home", home)
	cmd.Env = append(os.Environ(), "ENVOY_GATEWAY_NAMESPACE="+namespace, "HOME="+home)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("controller: envoy-gateway certgen --local: %v: %s", err, strings.TrimSpace(out.String()))
	}
	for _, f := range []string{"ca.crt", "tls.crt", "tls.key"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return "", fmt.Errorf("controller: certgen wrote no %s: %w", f, err)
		}
	}
	return dir, nil
}

// ensureCertSecrets creates, from the certgen --local output under home,
// the Secrets the chart's certgen hook Job creates in a cluster (hooks are
// off on the test bed: the Job would never run without a kubelet). Envoy
// Gateway reads them for every class it translates (the Envoy fleet's xDS
// client certificate, the OIDC HMAC key), and logs a translation error for
// each class without them. Secrets that exist are left alone.
func ensureCertSecrets(ctx context.Context, kube kubernetes.Interface, namespace, home string) error {
	dir := filepath.Join(home, "certs")
	tlsSecret := func(name, sub string) (*corev1.Secret, error) {
		data := map[string][]byte{}
		for key, file := range map[string]string{"ca.crt": "ca.crt", corev1.TLSCertKey: "tls.crt", corev1.TLSPrivateKeyKey: "tls.key"} {
			b, err := os.ReadFile(filepath.Join(dir, sub, file))
			if err != nil {
				return nil, err
			}
			data[key] = b
		}
		return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}, Type: corev1.SecretTypeTLS, Data: data}, nil
	}
	var secrets []*corev1.Secret
	for _, name := range []string{"envoy-gateway", "envoy", "envoy-rate-limit"} {
		s, err := tlsSecret(name, name)
		if err != nil {
			return fmt.Errorf("controller: certgen output for %s: %w", name, err)
		}
		secrets = append(secrets, s)
	}
	hmac, err := os.ReadFile(filepath.Join(dir, "envoy-oidc-hmac", "hmac-secret"))
	if err != nil {
		return fmt.Errorf("controller: certgen output for envoy-oidc-hmac: %w", err)
	}
	secrets = append(secrets, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "envoy-oidc-hmac"},
		Type: corev1.SecretTypeOpaque, Data: map[string][]byte{"hmac-secret": hmac}})
	for _, s := range secrets {
		s.Namespace = namespace
		// The label the chart's certgen Job puts on them, so that a tenant's
		// delete sees them as the controller's own, as in a real cluster.
		s.Labels = map[string]string{"app.kubernetes.io/managed-by": "egbed", "control-plane": "envoy-gateway"}
		_, err := kube.CoreV1().Secrets(namespace).Create(ctx, s, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("controller: create Secret %s/%s: %w", namespace, s.Name, err)
		}
	}
	return nil
}

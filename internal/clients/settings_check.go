// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

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
	conn, err := s.resolve(os.Getenv)
	if err != nil {
		// No connection yet, or settings the environment check (Validate)
		// reports: neither is this check's to report.
		return nil //nolint:nilerr // resolve's errors are Validate's (or the first request's) to report, not Check's
	}
	if conn.source == sourceKubeconfig {
		for _, p := range conn.paths {
			if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
				return nil
			}
		}
	}
	if err := conn.settings.checkInline(); err != nil {
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
	if s.Insecure != nil && *s.Insecure && s.ClusterCACertificate != "" {
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

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controlplane

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// authority is a CA whose key the test bed keeps, so tests can mint client
// certificates for users with no RBAC bindings.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newAuthority(cn string) (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{cert: cert, key: key}, nil
}

// issue signs a leaf certificate. Server certificates get the loopback
// addresses and the in-cluster names of the API server as SANs.
func (a *authority) issue(cn string, orgs []string, server bool) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: cn, Organization: orgs},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(5 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback, net.IPv4(10, 0, 0, 1)}
		tmpl.DNSNames = []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pemBytes("CERTIFICATE", der), pemBytes("EC PRIVATE KEY", keyDER), nil
}

func (a *authority) write(certFile, keyFile string) error {
	keyDER, err := x509.MarshalECPrivateKey(a.key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(certFile, pemBytes("CERTIFICATE", a.cert.Raw), 0o644); err != nil {
		return err
	}
	return os.WriteFile(keyFile, pemBytes("EC PRIVATE KEY", keyDER), 0o600)
}

// writePKI lays out every certificate and key the control plane needs in dir.
func writePKI(dir string) error {
	ca, err := newAuthority("eg-testbed-ca")
	if err != nil {
		return err
	}
	if err := ca.write(filepath.Join(dir, "ca.crt"), filepath.Join(dir, "ca.key")); err != nil {
		return err
	}
	frontProxy, err := newAuthority("eg-testbed-front-proxy-ca")
	if err != nil {
		return err
	}
	if err := frontProxy.write(filepath.Join(dir, "front-proxy-ca.crt"), filepath.Join(dir, "front-proxy-ca.key")); err != nil {
		return err
	}
	leaves := []struct {
		name   string
		ca     *authority
		cn     string
		orgs   []string
		server bool
	}{
		{"apiserver", ca, "kube-apiserver", nil, true},
		{"admin", ca, "eg-testbed-admin", []string{"system:masters"}, false},
		{"controller-manager", ca, "system:kube-controller-manager", nil, false},
		{"front-proxy-client", frontProxy, "front-proxy-client", nil, false},
	}
	for _, l := range leaves {
		c, k, err := l.ca.issue(l.cn, l.orgs, l.server)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, l.name+".crt"), c, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, l.name+".key"), k, 0o600); err != nil {
			return err
		}
	}
	// Service account tokens are signed with an RSA key (RS256 is what every
	// client and the token controller expect).
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "sa.key"), pemBytes("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(saKey)), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sa.pub"), pemBytes("PUBLIC KEY", pub), 0o644)
}

func pemBytes(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

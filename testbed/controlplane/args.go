// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package controlplane

import (
	"fmt"
	"os"
	"strings"
)

func (p *Plane) etcdArgs() []string {
	client := fmt.Sprintf("http://127.0.0.1:%d", p.Ports.Etcd)
	peer := fmt.Sprintf("http://127.0.0.1:%d", p.Ports.EtcdPeer)
	return []string{
		"--name=testbed",
		"--data-dir=" + p.file("etcd"),
		"--listen-client-urls=" + client,
		"--advertise-client-urls=" + client,
		"--listen-peer-urls=" + peer,
		"--initial-advertise-peer-urls=" + peer,
		"--initial-cluster=testbed=" + peer,
		// Test data is disposable: skip fsync, it is most of etcd's latency.
		"--unsafe-no-fsync=true",
		"--quota-backend-bytes=2147483648",
		"--log-level=warn",
	}
}

func (p *Plane) apiServerArgs() []string {
	return []string{
		fmt.Sprintf("--etcd-servers=http://127.0.0.1:%d", p.Ports.Etcd),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", p.Ports.APIServer),
		"--cert-dir=" + p.file("apiserver-certs"),
		"--tls-cert-file=" + p.file("apiserver.crt"),
		"--tls-private-key-file=" + p.file("apiserver.key"),
		"--client-ca-file=" + p.file("ca.crt"),
		"--service-account-key-file=" + p.file("sa.pub"),
		"--service-account-signing-key-file=" + p.file("sa.key"),
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC",
		// The default reconciler refuses a loopback advertise address.
		"--endpoint-reconciler-type=none",
		"--allow-privileged=true",
		"--requestheader-client-ca-file=" + p.file("front-proxy-ca.crt"),
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file=" + p.file("front-proxy-client.crt"),
		"--proxy-client-key-file=" + p.file("front-proxy-client.key"),
		"--enable-priority-and-fairness=false",
		"--audit-policy-file=" + p.file("audit-policy.yaml"),
		"--audit-log-path=" + p.AuditLog(),
		"--audit-log-format=json",
		"--audit-log-maxsize=200", // MB; the policy keeps it far smaller
		"--v=1",
	}
}

func (p *Plane) controllerManagerArgs() []string {
	kc := p.file("controller-manager.kubeconfig")
	return []string{
		"--kubeconfig=" + kc,
		"--authentication-kubeconfig=" + kc,
		"--authorization-kubeconfig=" + kc,
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", p.Ports.ControllerManager),
		"--cert-dir=" + p.file("controller-manager-certs"),
		"--service-account-private-key-file=" + p.file("sa.key"),
		"--root-ca-file=" + p.file("ca.crt"),
		"--use-service-account-credentials=true",
		"--cluster-signing-cert-file=" + p.file("ca.crt"),
		"--cluster-signing-key-file=" + p.file("ca.key"),
		"--leader-elect=false",
		// No nodes, no cloud: the controllers that need them only log noise.
		"--controllers=*,-node-ipam-controller,-node-lifecycle-controller,-persistentvolume-attach-detach-controller,-persistentvolume-binder-controller",
		"--v=1",
	}
}

func (p *Plane) writeKubeconfigs() error {
	if err := os.WriteFile(p.Kubeconfig(), []byte(p.kubeconfigFor("admin")), 0o600); err != nil {
		return err
	}
	return os.WriteFile(p.file("controller-manager.kubeconfig"), []byte(p.kubeconfigFor("controller-manager")), 0o600)
}

// kubeconfigFor writes a kubeconfig that names its files by absolute path, so
// it works from any working directory. The context is called "eg-testbed".
func (p *Plane) kubeconfigFor(user string) string {
	r := strings.NewReplacer("SERVER", p.Server(), "CA", p.file("ca.crt"),
		"CERT", p.file(user+".crt"), "KEY", p.file(user+".key"))
	return r.Replace(`apiVersion: v1
kind: Config
clusters:
- name: eg-testbed
  cluster:
    server: SERVER
    certificate-authority: CA
users:
- name: eg-testbed
  user:
    client-certificate: CERT
    client-key: KEY
contexts:
- name: eg-testbed
  context:
    cluster: eg-testbed
    user: eg-testbed
current-context: eg-testbed
`)
}

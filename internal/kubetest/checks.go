// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package kubetest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/action"
	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
)

// EnvoyGatewayConfig is the part of a tenant's rendered EnvoyGateway
// configuration (the envoy-gateway-config ConfigMap) the tests look at.
type EnvoyGatewayConfig struct {
	Gateway struct {
		ControllerName string `json:"controllerName"`
	} `json:"gateway"`
	Provider struct {
		Kubernetes struct {
			Watch *struct {
				Type              string               `json:"type"`
				Namespaces        []string             `json:"namespaces"`
				NamespaceSelector metav1.LabelSelector `json:"namespaceSelector"`
			} `json:"watch"`
			Deploy struct {
				Type string `json:"type"`
			} `json:"deploy"`
		} `json:"kubernetes"`
	} `json:"provider"`
}

// ReadEnvoyGatewayConfig reads and decodes the envoy-gateway-config
// ConfigMap the chart renders in a tenant's namespace.
func ReadEnvoyGatewayConfig(kube kubernetes.Interface, namespace string) (*EnvoyGatewayConfig, error) {
	cm, err := kube.CoreV1().ConfigMaps(namespace).Get(context.Background(), "envoy-gateway-config", metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	var cfg EnvoyGatewayConfig
	if err := yaml.Unmarshal([]byte(cm.Data["envoy-gateway.yaml"]), &cfg); err != nil {
		return nil, fmt.Errorf("envoy-gateway.yaml in %s: %w", namespace, err)
	}
	return &cfg, nil
}

// RoleNamespaces lists the namespaces holding Roles of a Helm release (the
// chart names them <release>-gateway-helm-...).
func RoleNamespaces(kube kubernetes.Interface, release string) ([]string, error) {
	roles, err := kube.RbacV1().Roles("").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range roles.Items {
		if strings.HasPrefix(r.Name, release+"-") {
			seen[r.Namespace] = true
		}
	}
	out := make([]string, 0, len(seen))
	for ns := range seen {
		out = append(out, ns)
	}
	sort.Strings(out)
	return out, nil
}

// CanList asks the API server (SubjectAccessReview) whether a user may list
// a resource in a namespace ("" for all namespaces).
func CanList(t testing.TB, kube kubernetes.Interface, user, group, resource, namespace string) bool {
	t.Helper()
	return Can(t, kube, user, "list", group, resource, namespace)
}

// Can asks the API server's authorizer (a SubjectAccessReview) whether user,
// a ServiceAccount, may do verb on a resource in namespace ("" for a
// cluster-scoped resource or all namespaces). resource may name a
// subresource: "gatewayclasses/status".
func Can(t testing.TB, kube kubernetes.Interface, user, verb, group, resource, namespace string) bool {
	t.Helper()
	resource, subresource, _ := strings.Cut(resource, "/")
	sar, err := kube.AuthorizationV1().SubjectAccessReviews().Create(context.Background(), &authorizationv1.SubjectAccessReview{
		Spec: authorizationv1.SubjectAccessReviewSpec{
			User:   user,
			Groups: []string{"system:serviceaccounts", "system:authenticated"},
			ResourceAttributes: &authorizationv1.ResourceAttributes{
				Verb: verb, Group: group, Resource: resource, Subresource: subresource, Namespace: namespace,
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("SubjectAccessReview: %v", err)
	}
	return sar.Status.Allowed
}

// HelmReleaseRecords counts Helm's release Secrets of a release in a namespace.
func HelmReleaseRecords(kube kubernetes.Interface, namespace, release string) (int, error) {
	list, err := kube.CoreV1().Secrets(namespace).List(context.Background(),
		metav1.ListOptions{LabelSelector: "owner=helm,name=" + release})
	if err != nil {
		return 0, err
	}
	return len(list.Items), nil
}

// HelmConfig is a Helm SDK configuration for a namespace, for tests that act
// as a person running helm by hand.
func HelmConfig(t testing.TB, cfg *rest.Config, namespace string) *action.Configuration {
	t.Helper()
	ac, err := clients.HelmActionConfig(cfg, namespace)
	if err != nil {
		t.Fatal(err)
	}
	return ac
}

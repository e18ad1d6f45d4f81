// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"k8s.io/client-go/kubernetes"

	egacc "github.com/egplatform/terraform-provider-eg/internal/acctest"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// access is one row of the isolation table: a verb on a resource.
type access struct{ verb, group, resource string }

var isolationRows = []access{
	{"get", "gateway.networking.k8s.io", "gateways"}, {"list", "gateway.networking.k8s.io", "gateways"},
	{"watch", "gateway.networking.k8s.io", "gateways"}, {"list", "gateway.networking.k8s.io", "httproutes"},
	{"get", "", "secrets"}, {"list", "", "secrets"}, {"watch", "", "secrets"},
	{"list", "", "configmaps"},
}

// TestAccTenant_isolationTable asks the API server's authorizer what each
// watch mode lets a tenant's controller do, inside its watch and outside it,
// and checks it against the table in the reliability guide: a namespaces
// watch confines reads to the watched namespaces; a selector watch and the
// default watch read cluster-wide, Secrets included (other tenants' TLS
// keys and Helm release records); every tenant may patch every
// GatewayClass, and update its status.
func TestAccTenant_isolationTable(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kube := kubetest.Kubernetes(t, cfg)
	chart := kubetest.EnvoyGatewayChart(t)
	byNS, bySel, all := acctest.RandomWithPrefix("iso-ns"), acctest.RandomWithPrefix("iso-sel"), acctest.RandomWithPrefix("iso-all")
	outside := kubetest.Namespace(t, kube, "iso-outside")
	config := tenantProvider(chart) +
		tenantHCL("ns", byNS, fmt.Sprintf("watch = { namespaces = [%q] }", byNS), "") +
		tenantHCL("sel", bySel, `watch = { namespace_selector = { match_labels = { team = "iso" } } }`, "") +
		tenantHCL("all", all, "", "")
	// Per mode: may it, in its own namespace and outside its watch?
	want := map[string][2]bool{byNS: {true, false}, bySel: {true, true}, all: {true, true}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { egacc.PreCheck(t) },
		ProtoV6ProviderFactories: egacc.ProviderFactories,
		CheckDestroy:             checkTenantsGone(kube, []string{byNS, bySel, all}, []string{byNS, bySel, all}),
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				var table strings.Builder
				table.WriteString("| watch | verb resource | in its namespace | outside its watch |\n|---|---|---|---|\n")
				var wrong []string
				for _, tenant := range []string{byNS, bySel, all} {
					mode := map[string]string{byNS: "namespaces", bySel: "namespace_selector", all: "all namespaces"}[tenant]
					for _, r := range isolationRows {
						inside, out := can(t, kube, tenant, r, tenant), can(t, kube, tenant, r, outside)
						fmt.Fprintf(&table, "| %s | %s %s | %v | %v |\n", mode, r.verb, r.resource, inside, out)
						if [2]bool{inside, out} != want[tenant] {
							wrong = append(wrong, fmt.Sprintf("%s: %s %s inside %v, outside %v", mode, r.verb, r.resource, inside, out))
						}
					}
					for _, r := range []access{{"patch", "gateway.networking.k8s.io", "gatewayclasses"}, {"update", "gateway.networking.k8s.io", "gatewayclasses/status"}} {
						ok := can(t, kube, tenant, r, "")
						fmt.Fprintf(&table, "| %s | %s %s (every class) | %v | |\n", mode, r.verb, r.resource, ok)
						if !ok {
							wrong = append(wrong, fmt.Sprintf("%s: cannot %s %s", mode, r.verb, r.resource))
						}
					}
				}
				t.Logf("isolation by watch mode (SubjectAccessReviews):\n%s", table.String())
				if len(wrong) > 0 {
					return fmt.Errorf("the authorizer disagrees with the guide's isolation table: %s", strings.Join(wrong, "; "))
				}
				return nil
			},
		}},
	})
}

func can(t *testing.T, kube kubernetes.Interface, tenant string, r access, namespace string) bool {
	return kubetest.Can(t, kube, "system:serviceaccount:"+tenant+":envoy-gateway", r.verb, r.group, r.resource, namespace)
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

var routesResource = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}

// TestAccApiserverAgreesWithRouteSchemaPhase creates every HTTPRoute of
// the route agreement table on the test bed's kube-apiserver with the
// Gateway API v1.6.3 standard CRDs, as a server-side dry run, and checks
// that the API server accepts exactly the routes PhaseSchema accepts.
//
//	TF_ACC=1 KUBECONFIG=... go test -run TestAccApiserver ./internal/translate/
func TestAccApiserverAgreesWithRouteSchemaPhase(t *testing.T) {
	dyn := gatewayAPICluster(t)
	routes := dyn.Resource(routesResource).Namespace("default")
	var agree, disagree int
	for _, c := range routeAgreementCases() {
		t.Run(c.name, func(t *testing.T) {
			c.route.Namespace = Known("default") // exists on every cluster
			errs := routeSchemaErrors(c.route)
			translatorOK := len(errs) == 0
			obj, err := RenderHTTPRoute(c.route)
			if err != nil {
				t.Fatal(err)
			}
			apiErr := dryRunCreate(routes, obj)
			if apiOK := apiErr == nil; apiOK == translatorOK {
				agree++
			} else {
				disagree++
				t.Errorf("API server accepts: %v, translator accepts: %v\n  API server: %v\n  translator: %s",
					apiOK, translatorOK, apiErr, summaries(errs))
			}
			if (apiErr == nil) != c.crdValid {
				t.Errorf("the table says CRD-valid = %v, the API server says %v (%v)", c.crdValid, apiErr == nil, apiErr)
			}
			if apiErr != nil {
				t.Logf("API server: %v", apiErr)
			}
		})
	}
	t.Logf("%d route cases: %d agreements, %d disagreements", agree+disagree, agree, disagree)
}

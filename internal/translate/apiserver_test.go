// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package translate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"

	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// TestApiserverAgreesWithSchemaPhase creates every Gateway of the agreement
// table on a real kube-apiserver with the Gateway API v1.6.3 standard CRDs,
// as a server-side dry run (nothing is stored), and checks that the API
// server accepts exactly the Gateways the translator's PhaseSchema accepts.
// Controller rules are not CRD rules; the API server accepts those
// Gateways, and so does PhaseSchema.
//
//	TF_ACC=1 KUBECONFIG=... go test -run TestAccApiserver ./internal/translate/
func TestAccApiserverAgreesWithSchemaPhase(t *testing.T) {
	dyn := gatewayAPICluster(t)
	gateways := dyn.Resource(gatewaysResource).Namespace("default")
	var agree, disagree int
	for _, c := range agreementCases() {
		t.Run(c.name, func(t *testing.T) {
			errs := schemaErrors(c.gateway)
			translatorOK := len(errs) == 0
			obj, err := RenderGateway(c.gateway)
			if err != nil {
				t.Fatal(err)
			}
			apiErr := dryRunCreate(gateways, obj)
			apiOK := apiErr == nil
			if apiOK == translatorOK {
				agree++
			} else {
				disagree++
				t.Errorf("API server accepts: %v, translator accepts: %v\n  API server: %v\n  translator: %s",
					apiOK, translatorOK, apiErr, summaries(errs))
			}
			if apiOK != c.crdValid {
				t.Errorf("the table says CRD-valid = %v, the API server says %v (%v)", c.crdValid, apiOK, apiErr)
			}
			if apiErr != nil {
				t.Logf("API server: %v", apiErr)
			}
		})
	}
	t.Logf("%d cases: %d agreements, %d disagreements", agree+disagree, agree, disagree)
}

var (
	gatewaysResource = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
	classesResource  = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}
)

// gatewayAPICluster returns a client for the test bed once the Gateway API
// v1.6.3 standard CRDs are served there, installing them if missing. On
// make testacc's own, disposable control plane (EG_ACC_DELETE_CRDS=1) other
// Gateway API CRDs, such as the ones Envoy Gateway's chart brings, are
// replaced first; elsewhere the test skips rather than touch them.
func gatewayAPICluster(t *testing.T) dynamic.Interface {
	t.Helper()
	cfg := kubetest.RESTConfig(t)
	if os.Getenv("EG_ACC_DELETE_CRDS") == "1" {
		crds := kubetest.APIExtensions(t, cfg).ApiextensionsV1().CustomResourceDefinitions()
		if crd, err := crds.Get(context.Background(), "gateways.gateway.networking.k8s.io", metav1.GetOptions{}); err == nil &&
			crd.Annotations["gateway.networking.k8s.io/bundle-version"] != kubetest.GatewayAPIVersion {
			list, err := crds.List(context.Background(), metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range list.Items {
				if c.Spec.Group == "gateway.networking.k8s.io" {
					names = append(names, c.Name)
				}
			}
			kubetest.DeleteCRDs(t, cfg, names)
		}
	}
	kubetest.ApplyCRDs(t, cfg, kubetest.GatewayAPICRDDir(t, "standard"))
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	crd, err := dyn.Resource(schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}).
		Get(context.Background(), "gateways.gateway.networking.k8s.io", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ann := crd.GetAnnotations()
	version, channel := ann["gateway.networking.k8s.io/bundle-version"], ann["gateway.networking.k8s.io/channel"]
	t.Logf("Gateway CRD: bundle %s, channel %s", version, channel)
	if version != "v1.6.3" {
		t.Skipf("the cluster serves Gateway API %s CRDs installed by someone else; this test compares with v1.6.3 and does not replace them", version)
	}
	return dyn
}

// dryRunCreate creates an object server-side without storing it.
func dryRunCreate(ri dynamic.ResourceInterface, obj any) error {
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return err
	}
	_, err = ri.Create(context.Background(), &unstructured.Unstructured{Object: u}, metav1.CreateOptions{
		DryRun: []string{metav1.DryRunAll}, FieldManager: kubetest.FieldManager,
	})
	return err
}

// TestApiserverAgreesOnGoldenObjects does the same for every planned
// Gateway, GatewayClass and HTTPRoute of the golden scenarios that renders
// (all values known): real-world shapes beyond the table. Gateways and
// routes with a valid namespace are created in "default", which exists on every cluster.
func TestAccApiserverAgreesOnGoldenObjects(t *testing.T) {
	dyn := gatewayAPICluster(t)
	var agree, disagree int
	check := func(what string, ri dynamic.ResourceInterface, obj any, errs []Problem) {
		apiErr := dryRunCreate(ri, obj)
		if (apiErr == nil) == (len(errs) == 0) {
			agree++
			return
		}
		disagree++
		t.Errorf("%s: API server accepts: %v (%v), translator accepts: %v (%s)", what, apiErr == nil, apiErr, len(errs) == 0, summaries(errs))
	}
	for _, name := range scenarios(t) {
		set := readSet(t, filepath.Join("testdata", name+".in.yaml"))
		for _, g := range set.Gateways {
			if g.Origin == Live {
				continue
			}
			if metaNamespaceOK(g.Namespace) {
				g.Namespace = Known("default")
			}
			obj, err := RenderGateway(g)
			if err != nil {
				continue // unknown values: nothing to compare
			}
			check(name+": gateway "+g.Name.String(), dyn.Resource(gatewaysResource).Namespace(obj.Namespace), obj, schemaErrors(g))
		}
		for _, c := range set.GatewayClasses {
			if c.Origin == Live {
				continue
			}
			obj, err := RenderGatewayClass(c)
			if err != nil {
				continue
			}
			var errs []Problem
			for _, p := range ValidatePhases(Set{GatewayClasses: []GatewayClass{c}, ClusterUnknown: true}, PhaseSchema) {
				if p.Severity == SeverityError {
					errs = append(errs, p)
				}
			}
			check(name+": class "+c.Name.String(), dyn.Resource(classesResource), obj, errs)
		}
		for _, r := range set.HTTPRoutes {
			if r.Origin == Live {
				continue
			}
			if metaNamespaceOK(r.Namespace) {
				r.Namespace = Known("default")
			}
			obj, err := RenderHTTPRoute(r)
			if err != nil {
				continue
			}
			check(name+": route "+r.Name.String(), dyn.Resource(routesResource).Namespace(obj.Namespace), obj, routeSchemaErrors(r))
		}
	}
	t.Logf("%d objects: %d agreements, %d disagreements", agree+disagree, agree, disagree)
}

func summaries(ps []Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path.String()+": "+p.Summary)
	}
	if len(out) == 0 {
		return "(no problems)"
	}
	return strings.Join(out, "; ")
}

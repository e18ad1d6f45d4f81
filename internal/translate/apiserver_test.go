package translate

import (
	"context"
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
//	TF_ACC=1 KUBECONFIG=... go test -run Apiserver ./internal/translate/
func TestApiserverAgreesWithSchemaPhase(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kubetest.ApplyCRDs(t, cfg, kubetest.GatewayAPICRDDir(t, "standard"))

	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	crd, err := dyn.Resource(schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}).
		Get(ctx, "gateways.gateway.networking.k8s.io", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ann := crd.GetAnnotations()
	version, channel := ann["gateway.networking.k8s.io/bundle-version"], ann["gateway.networking.k8s.io/channel"]
	t.Logf("Gateway CRD: bundle %s, channel %s", version, channel)
	if version != "v1.6.3" {
		t.Skipf("the cluster serves Gateway API %s CRDs installed by someone else; this test compares with v1.6.3 and does not replace them", version)
	}

	gateways := dyn.Resource(schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}).Namespace("default")
	var agree, disagree int
	for _, c := range agreementCases() {
		t.Run(c.name, func(t *testing.T) {
			errs := schemaErrors(c.gateway)
			translatorOK := len(errs) == 0
			obj, err := RenderGateway(c.gateway)
			if err != nil {
				t.Fatal(err)
			}
			u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
			if err != nil {
				t.Fatal(err)
			}
			_, apiErr := gateways.Create(ctx, &unstructured.Unstructured{Object: u}, metav1.CreateOptions{
				DryRun: []string{metav1.DryRunAll}, FieldManager: kubetest.FieldManager,
			})
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

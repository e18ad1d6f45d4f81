package translate

import (
	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// RenderMergedProxy builds the EnvoyProxy of an eg_merged_proxy:
// spec.mergeGateways true and nothing else.
func RenderMergedProxy(p MergedProxy) (*egv1a1.EnvoyProxy, error) {
	name, ns, err := knownNames(p.Name, p.Namespace)
	if err != nil {
		return nil, err
	}
	merge := true
	return &egv1a1.EnvoyProxy{
		TypeMeta:   metav1.TypeMeta{APIVersion: egv1a1.GroupVersion.String(), Kind: egv1a1.KindEnvoyProxy},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       egv1a1.EnvoyProxySpec{MergeGateways: &merge},
	}, nil
}

// ParseMergedProxy reads an EnvoyProxy from the cluster as the translator's
// input; Key and Origin are left to the caller. merges is false when the
// proxy does not merge Gateways, which makes it no MergedProxy at all.
func ParseMergedProxy(p *egv1a1.EnvoyProxy) (proxy MergedProxy, merges bool) {
	return MergedProxy{Name: Known(p.Name), Namespace: Known(p.Namespace)},
		p.Spec.MergeGateways != nil && *p.Spec.MergeGateways
}

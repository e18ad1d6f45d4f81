package resources

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// This file turns objects read from the cluster into the translator's
// input, as live objects of other owners: every value is known.

func liveGatewayClass(gc *gwapiv1.GatewayClass) translate.GatewayClass {
	out := translate.GatewayClass{
		Key:            "live:" + objectID(translate.KindGatewayClass, "", gc.Name),
		Origin:         translate.Live,
		Name:           translate.Known(gc.Name),
		ControllerName: translate.Known(string(gc.Spec.ControllerName)),
	}
	if gc.Spec.Description != nil {
		out.Description = translate.Known(*gc.Spec.Description)
	}
	if r := gc.Spec.ParametersRef; r != nil {
		ref := translate.ParametersRef{
			Group: translate.Known(string(r.Group)),
			Kind:  translate.Known(string(r.Kind)),
			Name:  translate.Known(r.Name),
		}
		if r.Namespace != nil {
			ref.Namespace = translate.Known(string(*r.Namespace))
		}
		out.ParametersRef = translate.Known(ref)
	}
	return out
}

func liveGateway(gw *gwapiv1.Gateway) translate.Gateway {
	ls := make([]translate.Listener, 0, len(gw.Spec.Listeners))
	for i := range gw.Spec.Listeners {
		ls = append(ls, liveListener(&gw.Spec.Listeners[i]))
	}
	return translate.Gateway{
		Key:              "live:" + objectID(translate.KindGateway, gw.Namespace, gw.Name),
		Origin:           translate.Live,
		Name:             translate.Known(gw.Name),
		Namespace:        translate.Known(gw.Namespace),
		GatewayClassName: translate.Known(string(gw.Spec.GatewayClassName)),
		Listeners:        translate.Known(ls),
	}
}

func liveListener(l *gwapiv1.Listener) translate.Listener {
	out := translate.Listener{
		Name:     translate.Known(string(l.Name)),
		Port:     translate.Known(int64(l.Port)),
		Protocol: translate.Known(string(l.Protocol)),
	}
	if l.Hostname != nil {
		out.Hostname = translate.Known(string(*l.Hostname))
	}
	if t := l.TLS; t != nil {
		tls := translate.ListenerTLS{}
		if t.Mode != nil {
			tls.Mode = translate.Known(string(*t.Mode))
		}
		refs := make([]translate.CertificateRef, 0, len(t.CertificateRefs))
		for _, r := range t.CertificateRefs {
			ref := translate.CertificateRef{Name: translate.Known(string(r.Name))}
			if r.Namespace != nil {
				ref.Namespace = translate.Known(string(*r.Namespace))
			}
			refs = append(refs, ref)
		}
		tls.CertificateRefs = translate.Known(refs)
		out.TLS = translate.Known(tls)
	}
	if ar := l.AllowedRoutes; ar != nil {
		a := translate.AllowedRoutes{}
		if ns := ar.Namespaces; ns != nil {
			rn := translate.RouteNamespaces{}
			if ns.From != nil {
				rn.From = translate.Known(string(*ns.From))
			}
			if ns.Selector != nil {
				rn.Selector = translate.Known(translateSelector(ns.Selector))
			}
			a.Namespaces = translate.Known(rn)
		}
		out.AllowedRoutes = translate.Known(a)
	}
	return out
}

func translateSelector(sel *metav1.LabelSelector) translate.LabelSelector {
	out := translate.LabelSelector{}
	if sel.MatchLabels != nil {
		out.MatchLabels = translate.Known(sel.MatchLabels)
	}
	if sel.MatchExpressions != nil {
		reqs := make([]translate.LabelSelectorRequirement, 0, len(sel.MatchExpressions))
		for _, r := range sel.MatchExpressions {
			req := translate.LabelSelectorRequirement{Key: translate.Known(r.Key), Operator: translate.Known(string(r.Operator))}
			if r.Values != nil {
				req.Values = translate.Known(r.Values)
			}
			reqs = append(reqs, req)
		}
		out.MatchExpressions = translate.Known(reqs)
	}
	return out
}

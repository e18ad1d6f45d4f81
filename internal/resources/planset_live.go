// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"sync"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// liveObjects are the cluster's Envoy Gateway installs, GatewayClasses,
// merging EnvoyProxies, Gateways and namespaces, read once per provider
// process (one LIST each, retried when transient) the first time a plan
// needs them.
type liveObjects struct {
	once sync.Once
	err  error
	byID map[objectID]liveObject // set under PlanSet.mu once read

	// The Services and ReferenceGrants, read once the first route is
	// checked (a plan without routes never lists them).
	backendsOnce sync.Once
}

// liveObject is one object read from the cluster.
type liveObject struct {
	obj translate.Object
	// labelled is true when it carries this provider's managed-by label.
	labelled bool
}

// loadLive reads the live objects once per process and places them in the
// index. It returns the error that kept them out, and nil when the
// connection is unknown (nothing to read).
func (s *PlanSet) loadLive(ctx context.Context, d *ProviderData) error {
	if !d.Kube.Known() {
		return nil
	}
	s.live.once.Do(func() {
		done := logStep(ctx, "listing the cluster's objects for the plan-time checks", nil)
		objs, nss, err := readLive(ctx, d)
		done(nil)
		if err != nil {
			tflog.Debug(ctx, "the cluster's objects could not be listed", map[string]any{"error": err.Error()})
			s.live.err = err
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.live.byID = objs
		s.index.SetNamespaces(nss)
		for id := range objs {
			s.placeLive(id)
		}
	})
	return s.live.err
}

// placeLive puts the live copy of an object into the index as what it
// stands for now, or takes it out. Called with s.mu held, after every
// change of what is known about the object.
func (s *PlanSet) placeLive(id objectID) {
	o, ok := s.live.byID[id]
	if !ok {
		return
	}
	key := "live:" + id.String()
	if s.dropped[id] || s.planned[id] && s.managed[id] {
		s.index.Delete(key) // the plan says what it becomes
		return
	}
	origin := translate.Live
	// A Gateway with this provider's label may be this configuration's,
	// refreshed only after other objects are planned (or not at all with
	// -refresh=false); its live listeners may be about to move. An object
	// with the label that a resource is created over may be the write of
	// an apply whose answer was lost: the create adopts it if this provider
	// applied it moments ago, and refuses it otherwise.
	if s.managed[id] || o.labelled && (s.planned[id] || id.kind == translate.KindGateway) {
		origin = translate.Refreshed
	}
	s.index.Put(o.obj.WithKey(key, origin))
}

// readLive lists the live objects by objectID, and the namespaces.
func readLive(ctx context.Context, d *ProviderData) (map[objectID]liveObject, []translate.Namespace, error) {
	out := map[objectID]liveObject{}
	add := func(id objectID, labels map[string]string, obj translate.Object) {
		out[id] = liveObject{obj: obj, labelled: clients.IsManagedByProvider(labels)}
	}
	var releases []clients.TenantRelease
	var classes []gwapiv1.GatewayClass
	var proxies []egv1a1.EnvoyProxy
	var gateways []gwapiv1.Gateway
	var nsList *corev1.NamespaceList
	for _, list := range []func() error{
		func() (err error) { releases, err = d.Kube.TenantConfigs(ctx); return err },
		func() (err error) { classes, err = clients.GatewayClasses.List(ctx, d.Kube); return err },
		func() (err error) { proxies, err = clients.EnvoyProxies.List(ctx, d.Kube); return err },
		func() (err error) { gateways, err = clients.Gateways.List(ctx, d.Kube); return err },
		func() (err error) { nsList, err = listNamespaces(ctx, d.Kube); return err },
	} {
		if err := clients.RetryTransient(ctx, list); err != nil {
			return nil, nil, err
		}
	}
	for _, r := range releases {
		name, ok := translate.TenantNameOfRelease(r.Name)
		if !ok {
			name = r.Name // installed by hand, e.g. helm install eg
		}
		ctrl := translate.Known(r.ControllerName)
		if r.ControllerName == "" {
			ctrl = translate.Unknown[string]() // its configuration cannot be read
		}
		add(objectID{translate.KindTenant, r.Namespace, r.Name}, nil, translate.Tenant{Name: translate.Known(name),
			ReleaseName: translate.Known(r.Name), Namespace: translate.Known(r.Namespace), ControllerName: ctrl})
	}
	for i := range classes {
		add(objectID{translate.KindGatewayClass, "", classes[i].Name}, classes[i].Labels, translate.ParseGatewayClass(&classes[i]))
	}
	for i := range proxies {
		p, err := translate.ParseEnvoyProxy(&proxies[i])
		if err != nil {
			return nil, nil, err
		}
		add(objectID{translate.KindEnvoyProxy, proxies[i].Namespace, proxies[i].Name}, proxies[i].Labels, p)
	}
	for i := range gateways {
		add(objectID{translate.KindGateway, gateways[i].Namespace, gateways[i].Name}, gateways[i].Labels, translate.ParseGateway(&gateways[i]))
	}
	var nss []translate.Namespace
	for _, ns := range nsList.Items {
		if ns.Status.Phase != corev1.NamespaceTerminating {
			nss = append(nss, translate.Namespace{Name: ns.Name, Labels: translate.Known(ns.Labels)})
		}
	}
	return out, nss, nil
}

func listNamespaces(ctx context.Context, k *clients.Kube) (*corev1.NamespaceList, error) {
	kube, err := k.Core()
	if err != nil {
		return nil, err
	}
	return kube.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
}

// loadBackends reads, once per process, the facts the rules about routes'
// backends read. Those rules only warn: when the facts cannot be read they
// are skipped, and the log says why.
func (s *PlanSet) loadBackends(ctx context.Context, d *ProviderData) {
	if !d.Kube.Known() {
		return
	}
	s.live.backendsOnce.Do(func() {
		var services []string
		var grants []gwapiv1.ReferenceGrant
		for _, list := range []func() error{
			func() (err error) { services, err = d.Kube.ServiceNames(ctx); return err },
			func() (err error) { grants, err = clients.ReferenceGrants.List(ctx, d.Kube); return err },
		} {
			if err := clients.RetryTransient(ctx, list); err != nil {
				tflog.Debug(ctx, "the backends' facts could not be read; the backend checks are skipped", map[string]any{"error": err.Error()})
				return
			}
		}
		b := &translate.Backends{Services: services}
		for _, g := range grants {
			b.ReferenceGrants = append(b.ReferenceGrants, referenceGrant(g))
		}
		s.mu.Lock()
		s.index.SetBackends(b)
		s.mu.Unlock()
	})
}

func referenceGrant(g gwapiv1.ReferenceGrant) translate.ReferenceGrant {
	out := translate.ReferenceGrant{Namespace: g.Namespace}
	for _, f := range g.Spec.From {
		out.From = append(out.From, translate.GrantFrom{Group: string(f.Group), Kind: string(f.Kind), Namespace: string(f.Namespace)})
	}
	for _, to := range g.Spec.To {
		gt := translate.GrantTo{Group: string(to.Group), Kind: string(to.Kind)}
		if to.Name != nil {
			gt.Name = string(*to.Name)
		}
		out.To = append(out.To, gt)
	}
	return out
}

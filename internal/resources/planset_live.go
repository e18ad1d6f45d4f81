package resources

import (
	"context"
	"errors"
	"sync"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/translate"
)

// gatewayLive holds the cluster's GatewayClasses, merging EnvoyProxies and
// Gateways, read once per provider process (one LIST each) the first time a
// gateway resource is planned, and the namespaces, read only when a tenant
// watches by label selector.
type gatewayLive struct {
	once     sync.Once
	classes  []liveObject[translate.GatewayClass]
	proxies  []liveObject[translate.MergedProxy]
	gateways []liveObject[translate.Gateway]
	err      error

	nsOnce     sync.Once
	namespaces []translate.Namespace
	nsErr      error
}

// liveObject is one object read from the cluster: its identity (objectID),
// whether it carries this provider's managed-by label, and its translator
// form (Origin Live).
type liveObject[T any] struct {
	id       string
	labelled bool
	obj      T
}

func (l *gatewayLive) load(ctx context.Context, c *clients.Clients) error {
	l.once.Do(func() {
		var classes []gwapiv1.GatewayClass
		err := clients.RetryTransient(ctx, func() (err error) { classes, err = c.ListGatewayClasses(ctx); return err })
		if err != nil {
			l.err = err
			return
		}
		for i := range classes {
			gc := &classes[i]
			l.classes = append(l.classes, liveObject[translate.GatewayClass]{
				id: objectID(translate.KindGatewayClass, "", gc.Name), labelled: clients.IsManagedByProvider(gc.Labels),
				obj: liveGatewayClass(gc),
			})
		}
		var proxies []egv1a1.EnvoyProxy
		err = clients.RetryTransient(ctx, func() (err error) { proxies, err = c.ListEnvoyProxies(ctx); return err })
		if err != nil {
			l.err = err
			return
		}
		for _, p := range proxies {
			// Only a proxy that merges makes its classes merged.
			if p.Spec.MergeGateways == nil || !*p.Spec.MergeGateways {
				continue
			}
			l.proxies = append(l.proxies, liveObject[translate.MergedProxy]{
				id: objectID(translate.KindMergedProxy, p.Namespace, p.Name), labelled: clients.IsManagedByProvider(p.Labels),
				obj: translate.MergedProxy{Key: "live:" + objectID(translate.KindMergedProxy, p.Namespace, p.Name), Origin: translate.Live,
					Name: translate.Known(p.Name), Namespace: translate.Known(p.Namespace)},
			})
		}
		var gateways []gwapiv1.Gateway
		err = clients.RetryTransient(ctx, func() (err error) { gateways, err = c.ListGateways(ctx); return err })
		if err != nil {
			l.err = err
			return
		}
		for i := range gateways {
			gw := &gateways[i]
			l.gateways = append(l.gateways, liveObject[translate.Gateway]{
				id: objectID(translate.KindGateway, gw.Namespace, gw.Name), labelled: clients.IsManagedByProvider(gw.Labels),
				obj: liveGateway(gw),
			})
		}
	})
	return l.err
}

func (l *gatewayLive) loadNamespaces(ctx context.Context, c *clients.Clients) ([]translate.Namespace, error) {
	l.nsOnce.Do(func() {
		kube, err := c.Kubernetes()
		if err != nil {
			l.nsErr = err
			return
		}
		var list *corev1.NamespaceList
		err = clients.RetryTransient(ctx, func() (err error) {
			list, err = kube.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
			return err
		})
		if err != nil {
			l.nsErr = err
			return
		}
		for _, ns := range list.Items {
			if ns.Status.Phase == corev1.NamespaceTerminating {
				continue
			}
			l.namespaces = append(l.namespaces, translate.Namespace{Name: ns.Name, Labels: translate.Known(ns.Labels)})
		}
	})
	return l.namespaces, l.nsErr
}

// checkSet is what the cross-resource rules run over when one gateway
// resource is planned: every object this provider process planned, plus,
// when the cluster can be read, the live objects that stand for something
// else than a plan:
//
//   - tenants (Envoy Gateway releases), GatewayClasses and merging
//     EnvoyProxies, unless planned or planned for destruction here. One this
//     configuration manages but has not planned yet stands for itself (it
//     exists now), so that "no tenant runs this controller" and "no such
//     class" are never claimed for something that exists.
//   - Gateways of other owners only: not carrying this provider's
//     managed-by label, not refreshed or planned by this configuration.
//     Gateways this provider created are checked through their plans; their
//     live listeners may be about to move, and a stale copy would raise
//     false conflicts (a listener moved between two gateways in one plan).
//
// When the cluster cannot be read, Set.ClusterUnknown skips the rules that
// must prove an absence, and every resource planned says so: each lost a check.
func (d *ProviderData) checkSet(ctx context.Context) (translate.Set, diag.Diagnostics) {
	var diags diag.Diagnostics
	s, c := d.Plan, d.Clients
	set := s.plannedSet()
	if !c.Known() {
		set.ClusterUnknown = true // the cluster is created by this apply
		logCheckSet(ctx, set, "the connection is known only at apply")
		return set, diags
	}
	err := s.gw.load(ctx, c)
	tenants, ok := s.LiveTenants(c, func(ns, release string) bool {
		return s.PlannedRelease(ns, release) || s.droppedRelease(ns, release)
	})
	if err == nil && !ok {
		err = s.liveErr
	}
	if err != nil || !ok {
		set.ClusterUnknown = true
		if err == nil {
			err = errors.New("the Envoy Gateway releases could not be listed")
		}
		diags.Append(checksWithoutCluster(err))
		logCheckSet(ctx, set, "the cluster could not be read")
		return set, diags
	}
	set.Tenants = append(set.Tenants, tenants...)
	s.addLive(&set)
	if watchesBySelector(set.Tenants) {
		nss, err := s.gw.loadNamespaces(ctx, c)
		if err == nil {
			set.Namespaces = nss
		}
		// Without them, namespace_selector scopes are unknown and skipped.
	}
	logCheckSet(ctx, set, "")
	return set, diags
}

// logCheckSet logs what the cross-resource rules are about to see, and why
// the rules that need the cluster are skipped, if they are.
func logCheckSet(ctx context.Context, set translate.Set, skipped string) {
	fields := map[string]any{"tenants": len(set.Tenants), "gateway_classes": len(set.GatewayClasses),
		"merged_proxies": len(set.MergedProxies), "gateways": len(set.Gateways), "namespaces": len(set.Namespaces)}
	if skipped != "" {
		fields["cluster_rules_skipped"] = skipped
	}
	tflog.Debug(ctx, "plan-time checks", fields)
}

// addLive adds the live classes, merging proxies and gateways that take
// part in the checks (see checkSet) to set.
func (s *PlanSet) addLive(set *translate.Set) {
	for _, o := range s.gw.classes {
		if !s.replacedOrDropped(o.id) {
			set.GatewayClasses = append(set.GatewayClasses, o.obj)
		}
	}
	for _, o := range s.gw.proxies {
		if !s.replacedOrDropped(o.id) {
			set.MergedProxies = append(set.MergedProxies, o.obj)
		}
	}
	for _, o := range s.gw.gateways {
		if !o.labelled && !s.managedHere(o.id) && !s.replacedOrDropped(o.id) {
			set.Gateways = append(set.Gateways, o.obj)
		}
	}
}

// watchesBySelector reports whether a tenant's scope depends on namespace
// labels.
func watchesBySelector(ts []translate.Tenant) bool {
	for _, t := range ts {
		if w, ok := t.Watch.Get(); ok && w.NamespaceSelector.IsKnown() {
			return true
		}
	}
	return false
}

// checksWithoutCluster is the warning of every resource whose plan-time
// checks ran without the cluster's objects (it could not be read, even
// after retries).
func checksWithoutCluster(err error) diag.Diagnostic {
	summary, detail := clients.Explain(err, "reading the cluster's Envoy Gateway objects for the plan-time checks")
	return diag.NewWarningDiagnostic("Plan-time checks ran without the cluster: "+summary,
		detail+" Checks against objects of other owners, and those that prove something is missing, were skipped for this resource.")
}

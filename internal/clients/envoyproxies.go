package clients

import (
	"context"

	egv1a1 "github.com/envoyproxy/gateway/api/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// envoyProxies is the EnvoyProxy resource, addressed directly: no REST
// mapper, no discovery.
var envoyProxies = schema.GroupVersionResource{Group: egv1a1.GroupName, Version: egv1a1.GroupVersion.Version, Resource: "envoyproxies"}

// GetEnvoyProxy reads one EnvoyProxy.
func (c *Clients) GetEnvoyProxy(ctx context.Context, namespace, name string) (*egv1a1.EnvoyProxy, error) {
	dc, err := c.Dynamic()
	if err != nil {
		return nil, err
	}
	u, err := dc.Resource(envoyProxies).Namespace(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return envoyProxyFrom(u)
}

// ListEnvoyProxies lists the EnvoyProxies of all namespaces; none when the
// CRD is not installed.
func (c *Clients) ListEnvoyProxies(ctx context.Context) ([]egv1a1.EnvoyProxy, error) {
	dc, err := c.Dynamic()
	if err != nil {
		return nil, err
	}
	list, err := dc.Resource(envoyProxies).Namespace("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, ignoreNotServed(err)
	}
	out := make([]egv1a1.EnvoyProxy, 0, len(list.Items))
	for i := range list.Items {
		p, err := envoyProxyFrom(&list.Items[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}

// CreateEnvoyProxy waits for the CRD, refuses to adopt an existing proxy,
// and applies the proxy (see createNew).
func (c *Clients) CreateEnvoyProxy(ctx context.Context, p *egv1a1.EnvoyProxy) (*egv1a1.EnvoyProxy, error) {
	if err := c.WaitCRDEstablished(ctx, CRDEnvoyProxies); err != nil {
		return nil, err
	}
	id := p.Namespace + "/" + p.Name
	return createNew(ctx, "EnvoyProxy "+id, id,
		func(ctx context.Context) (*egv1a1.EnvoyProxy, error) {
			return c.GetEnvoyProxy(ctx, p.Namespace, p.Name)
		},
		func(ctx context.Context) (*egv1a1.EnvoyProxy, error) { return c.ApplyEnvoyProxy(ctx, p) })
}

// ApplyEnvoyProxy applies the proxy's mergeGateways server-side, without
// force. Only that field is sent: the typed object's non-pointer structs
// (logging) would otherwise claim empty fields.
func (c *Clients) ApplyEnvoyProxy(ctx context.Context, p *egv1a1.EnvoyProxy) (*egv1a1.EnvoyProxy, error) {
	dc, err := c.Dynamic()
	if err != nil {
		return nil, err
	}
	spec := map[string]any{}
	if p.Spec.MergeGateways != nil {
		spec["mergeGateways"] = *p.Spec.MergeGateways
	}
	labels := map[string]any{}
	for k, v := range managedLabels() {
		labels[k] = v
	}
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": egv1a1.GroupVersion.String(),
		"kind":       egv1a1.KindEnvoyProxy,
		"metadata":   map[string]any{"name": p.Name, "namespace": p.Namespace, "labels": labels},
		"spec":       spec,
	}}
	var out *unstructured.Unstructured
	err = retryNotServed(ctx, func() (err error) {
		out, err = dc.Resource(envoyProxies).Namespace(p.Namespace).Apply(ctx, p.Name, u, metav1.ApplyOptions{FieldManager: FieldManager})
		return err
	})
	if err = applyError(err, "EnvoyProxy "+p.Namespace+"/"+p.Name, p.Namespace); err != nil {
		return nil, err
	}
	return envoyProxyFrom(out)
}

// DeleteEnvoyProxy deletes a proxy and waits until it is gone or ctx ends.
// A missing proxy is not an error.
func (c *Clients) DeleteEnvoyProxy(ctx context.Context, namespace, name string) error {
	dc, err := c.Dynamic()
	if err != nil {
		return err
	}
	if err := dc.Resource(envoyProxies).Namespace(namespace).Delete(ctx, name, metav1.DeleteOptions{}); ignoreNotServed(err) != nil {
		return err
	}
	return waitGone(ctx, "EnvoyProxy "+namespace+"/"+name, func(ctx context.Context) (metav1.Object, error) {
		return c.GetEnvoyProxy(ctx, namespace, name)
	})
}

func envoyProxyFrom(u *unstructured.Unstructured) (*egv1a1.EnvoyProxy, error) {
	var p egv1a1.EnvoyProxy
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

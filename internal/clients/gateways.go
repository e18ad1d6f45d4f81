package clients

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	applyv1 "sigs.k8s.io/gateway-api/applyconfiguration/apis/v1"
)

// GetGateway reads one Gateway.
func (c *Clients) GetGateway(ctx context.Context, namespace, name string) (*gwapiv1.Gateway, error) {
	cs, err := c.GatewayAPI()
	if err != nil {
		return nil, err
	}
	return cs.GatewayV1().Gateways(namespace).Get(ctx, name, metav1.GetOptions{})
}

// ListGateways lists the Gateways of all namespaces; none when the CRD is
// not installed.
func (c *Clients) ListGateways(ctx context.Context) ([]gwapiv1.Gateway, error) {
	cs, err := c.GatewayAPI()
	if err != nil {
		return nil, err
	}
	list, err := cs.GatewayV1().Gateways("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, ignoreNotServed(err)
	}
	return list.Items, nil
}

// CreateGateway waits for the CRD, refuses to adopt an existing Gateway,
// and applies the Gateway (see createNew).
func (c *Clients) CreateGateway(ctx context.Context, gw *gwapiv1.Gateway) (*gwapiv1.Gateway, error) {
	if err := c.WaitCRDEstablished(ctx, CRDGateways); err != nil {
		return nil, err
	}
	id := gw.Namespace + "/" + gw.Name
	return createNew(ctx, "Gateway "+id, id,
		func(ctx context.Context) (*gwapiv1.Gateway, error) { return c.GetGateway(ctx, gw.Namespace, gw.Name) },
		func(ctx context.Context) (*gwapiv1.Gateway, error) { return c.ApplyGateway(ctx, gw) })
}

// ApplyGateway applies a Gateway server-side, without force.
func (c *Clients) ApplyGateway(ctx context.Context, gw *gwapiv1.Gateway) (*gwapiv1.Gateway, error) {
	cs, err := c.GatewayAPI()
	if err != nil {
		return nil, err
	}
	ac := &applyv1.GatewayApplyConfiguration{}
	if err := toApplyConfiguration(gw, ac); err != nil {
		return nil, err
	}
	ac.Status = nil
	ac.WithLabels(managedLabels())
	var out *gwapiv1.Gateway
	err = retryNotServed(ctx, func() (err error) {
		out, err = cs.GatewayV1().Gateways(gw.Namespace).Apply(ctx, ac, metav1.ApplyOptions{FieldManager: FieldManager})
		return err
	})
	return out, applyError(err, "Gateway "+gw.Namespace+"/"+gw.Name, gw.Namespace)
}

// DeleteGateway deletes a Gateway and waits until it is gone or ctx ends. A
// missing Gateway is not an error.
func (c *Clients) DeleteGateway(ctx context.Context, namespace, name string) error {
	cs, err := c.GatewayAPI()
	if err != nil {
		return err
	}
	if err := cs.GatewayV1().Gateways(namespace).Delete(ctx, name, metav1.DeleteOptions{}); ignoreNotServed(err) != nil {
		return err
	}
	return waitGone(ctx, "Gateway "+namespace+"/"+name, func(ctx context.Context) (metav1.Object, error) {
		return c.GetGateway(ctx, namespace, name)
	})
}

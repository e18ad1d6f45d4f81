package clients

import (
	"context"
	"encoding/json"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	applyv1 "sigs.k8s.io/gateway-api/applyconfiguration/apis/v1"
)

// GetGatewayClass reads one GatewayClass.
func (c *Clients) GetGatewayClass(ctx context.Context, name string) (*gwapiv1.GatewayClass, error) {
	cs, err := c.GatewayAPI()
	if err != nil {
		return nil, err
	}
	return cs.GatewayV1().GatewayClasses().Get(ctx, name, metav1.GetOptions{})
}

// ListGatewayClasses lists every GatewayClass; none when the CRD is not installed.
func (c *Clients) ListGatewayClasses(ctx context.Context) ([]gwapiv1.GatewayClass, error) {
	cs, err := c.GatewayAPI()
	if err != nil {
		return nil, err
	}
	list, err := cs.GatewayV1().GatewayClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, ignoreNotServed(err)
	}
	return list.Items, nil
}

// CreateGatewayClass waits for the CRD, refuses to adopt an existing class,
// and applies the class (see createNew).
func (c *Clients) CreateGatewayClass(ctx context.Context, gc *gwapiv1.GatewayClass) (*gwapiv1.GatewayClass, error) {
	if err := c.WaitCRDEstablished(ctx, CRDGatewayClasses); err != nil {
		return nil, err
	}
	return createNew(ctx, "GatewayClass "+gc.Name, gc.Name,
		func(ctx context.Context) (*gwapiv1.GatewayClass, error) { return c.GetGatewayClass(ctx, gc.Name) },
		func(ctx context.Context) (*gwapiv1.GatewayClass, error) { return c.ApplyGatewayClass(ctx, gc) })
}

// ApplyGatewayClass applies a class server-side, without force.
func (c *Clients) ApplyGatewayClass(ctx context.Context, gc *gwapiv1.GatewayClass) (*gwapiv1.GatewayClass, error) {
	cs, err := c.GatewayAPI()
	if err != nil {
		return nil, err
	}
	ac := &applyv1.GatewayClassApplyConfiguration{}
	if err := toApplyConfiguration(gc, ac); err != nil {
		return nil, err
	}
	ac.Status = nil
	ac.WithLabels(managedLabels())
	var out *gwapiv1.GatewayClass
	err = retryNotServed(ctx, func() (err error) {
		out, err = cs.GatewayV1().GatewayClasses().Apply(ctx, ac, metav1.ApplyOptions{FieldManager: FieldManager})
		return err
	})
	return out, applyError(err, "GatewayClass "+gc.Name, "")
}

// DeleteGatewayClass deletes a class and waits until it is gone (finalizers
// included) or ctx ends. A missing class is not an error.
func (c *Clients) DeleteGatewayClass(ctx context.Context, name string) error {
	cs, err := c.GatewayAPI()
	if err != nil {
		return err
	}
	if err := cs.GatewayV1().GatewayClasses().Delete(ctx, name, metav1.DeleteOptions{}); ignoreNotServed(err) != nil {
		return err
	}
	return waitGone(ctx, "GatewayClass "+name, func(ctx context.Context) (metav1.Object, error) {
		return c.GetGatewayClass(ctx, name)
	})
}

// toApplyConfiguration converts a typed object into its apply
// configuration through JSON. Apply configurations hold pointers only, so
// fields the object leaves out (nil, omitempty) stay out of the apply and
// the provider claims only the fields it sets.
func toApplyConfiguration(obj, ac any) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, ac)
}

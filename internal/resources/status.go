// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// reasonPending is the reason shown while no controller has reported on the
// object's current generation. It is also the reason of the condition the
// Gateway API CRDs default ("Waiting for controller").
const reasonPending = "Pending"

// conditionState reads a status condition honestly: true or false only when
// the controller reported it for the current generation; null with reason
// Pending when the condition is missing, Unknown, or about an older
// generation (the controller has not caught up).
func conditionState(conds []metav1.Condition, typ string, generation int64) (types.Bool, types.String) {
	c := findCondition(conds, typ)
	if c == nil || c.ObservedGeneration < generation && c.ObservedGeneration != 0 {
		return types.BoolNull(), types.StringValue(reasonPending)
	}
	switch c.Status {
	case metav1.ConditionTrue:
		return types.BoolValue(true), types.StringValue(c.Reason)
	case metav1.ConditionFalse:
		return types.BoolValue(false), types.StringValue(c.Reason)
	}
	reason := c.Reason
	if reason == "" {
		reason = reasonPending
	}
	return types.BoolNull(), types.StringValue(reason)
}

func findCondition(conds []metav1.Condition, typ string) *metav1.Condition {
	for i := range conds {
		if conds[i].Type == typ {
			return &conds[i]
		}
	}
	return nil
}

// errNotAccepted marks a controller's explicit refusal.
var errNotAccepted = errors.New("not accepted")

// waitAccepted polls an object until its Accepted condition is True for
// its current generation. A False condition for the current generation
// ends the wait at once: the controller refused the object. read returns
// the object's conditions and generation.
func waitAccepted(ctx context.Context, what string, read func(context.Context) ([]metav1.Condition, int64, error)) error {
	var (
		last    *metav1.Condition
		lastErr error
	)
	err := wait.PollUntilContextCancel(ctx, 2*time.Second, true, func(ctx context.Context) (bool, error) {
		conds, gen, err := read(ctx)
		if err == nil {
			last = findCondition(conds, "Accepted")
			return acceptedVerdict(last, gen, what)
		}
		// A failed read is transient: kept for the timeout's message, and
		// polled again until the deadline.
		lastErr = err
		return false, nil
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errNotAccepted):
		return err
	case last != nil:
		return fmt.Errorf("%s was not Accepted in time: Accepted=%s, reason %s: %s. Check that the tenant serving its class runs "+
			"(on a cluster that cannot run pods no controller ever reports; set wait_for_accepted = false there)", what, last.Status, last.Reason, last.Message)
	case lastErr != nil:
		return fmt.Errorf("%s was not Accepted in time; the last read failed: %w", what, lastErr)
	}
	return fmt.Errorf("%s was not Accepted in time: no controller has reported on it yet", what)
}

// acceptedVerdict reads an Accepted condition: true when True for
// generation gen, an errNotAccepted when False for it, else not yet.
func acceptedVerdict(c *metav1.Condition, gen int64, what string) (bool, error) {
	if c == nil || c.ObservedGeneration != 0 && c.ObservedGeneration < gen {
		return false, nil
	}
	switch c.Status {
	case metav1.ConditionTrue:
		return true, nil
	case metav1.ConditionFalse:
		return false, fmt.Errorf("%w: the controller refused %s: %s: %s", errNotAccepted, what, c.Reason, c.Message)
	}
	return false, nil
}

// waitProgrammed polls a Gateway until its controller reports it
// Programmed with an address assigned. Programmed False is no verdict
// while the fleet starts (AddressNotAssigned, pods not ready), so it waits
// to the end and then names the condition's last reason.
func waitProgrammed(ctx context.Context, what string, read func(context.Context) (*gwapiv1.Gateway, error)) error {
	var (
		last    *metav1.Condition
		lastErr error
	)
	err := wait.PollUntilContextCancel(ctx, 2*time.Second, true, func(ctx context.Context) (bool, error) {
		gw, err := read(ctx)
		if err == nil {
			c := findCondition(gw.Status.Conditions, string(gwapiv1.GatewayConditionProgrammed))
			last = c
			current := c != nil && (c.ObservedGeneration == 0 || c.ObservedGeneration >= gw.Generation)
			return current && c.Status == metav1.ConditionTrue && len(gw.Status.Addresses) > 0, nil
		}
		// A failed read is transient: kept for the timeout's message, and
		// polled again until the deadline.
		lastErr = err
		return false, nil
	})
	switch {
	case err == nil:
		return nil
	case last != nil:
		return fmt.Errorf("%s was not Programmed in time: Programmed=%s, reason %s: %s. Envoy Gateway programs a Gateway once its "+
			"Envoy pods run and its Service has an address (a LoadBalancer needs a cloud or MetalLB to assign one)",
			what, last.Status, last.Reason, last.Message)
	case lastErr != nil:
		return fmt.Errorf("%s was not Programmed in time; the last read failed: %w", what, lastErr)
	}
	return fmt.Errorf("%s was not Programmed in time: no controller has reported on it yet", what)
}

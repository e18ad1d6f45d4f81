// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// crdAbsentGrace is how long a missing CRD is waited for before giving up:
// a CRD that is being installed exists within seconds, one nobody installs
// never will, and the create timeout (minutes) is too long to find that out.
const crdAbsentGrace = 30 * time.Second

// WaitCRDEstablished waits until a CRD is Established, that is, until the
// API server serves its resource. A tenant installed in the same apply
// creates the CRDs moments before classes and gateways are written. Each
// CRD is checked once per provider process. A CRD nobody installs is a
// *CRDMissingError.
func (k *Kube) WaitCRDEstablished(ctx context.Context, name string) error {
	k.mu.Lock()
	done := k.established[name]
	k.mu.Unlock()
	if done {
		return nil
	}
	ext, err := k.APIExtensions()
	if err != nil {
		return err
	}
	var (
		last      *apiextensionsv1.CustomResourceDefinition
		lastErr   error
		absentFor time.Time
	)
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		crd, err := ext.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
		switch {
		case err == nil:
			last, lastErr = crd, nil
			return crdEstablished(crd), nil
		case apierrors.IsNotFound(err):
			if absentFor.IsZero() {
				absentFor = time.Now()
			}
			if time.Since(absentFor) > crdAbsentGrace {
				return false, &CRDMissingError{Name: name}
			}
			return false, nil
		default:
			// A failed read is transient: kept for the timeout's message,
			// and polled again until the deadline.
			lastErr = err
			return false, nil
		}
	})
	var missing *CRDMissingError
	switch {
	case errors.As(err, &missing):
		return err
	case err != nil && lastErr != nil:
		return fmt.Errorf("waiting for CRD %s to be established: %w", name, lastErr)
	case err != nil && last == nil:
		return &CRDMissingError{Name: name}
	case err != nil:
		return fmt.Errorf("CRD %s is not Established yet (%s); the API server does not serve it. Check the CRD's conditions with kubectl describe crd %s",
			name, crdConditions(last), name)
	}
	k.mu.Lock()
	if k.established == nil {
		k.established = map[string]bool{}
	}
	k.established[name] = true
	k.mu.Unlock()
	return nil
}

func crdEstablished(crd *apiextensionsv1.CustomResourceDefinition) bool {
	for _, cond := range crd.Status.Conditions {
		if cond.Type == apiextensionsv1.Established && cond.Status == apiextensionsv1.ConditionTrue {
			return true
		}
	}
	return false
}

func crdConditions(crd *apiextensionsv1.CustomResourceDefinition) string {
	s := ""
	for _, cond := range crd.Status.Conditions {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%s=%s %s", cond.Type, cond.Status, cond.Reason)
	}
	if s == "" {
		return "no conditions"
	}
	return s
}

// retryNotServed runs an apply until the API server serves its resource: on
// API servers behind a load balancer, an instance may serve a freshly
// Established CRD a moment after another. Other errors return at once.
func retryNotServed(ctx context.Context, apply func() error) error {
	var err error
	_ = wait.PollUntilContextTimeout(ctx, time.Second, 30*time.Second, true, func(context.Context) (bool, error) {
		err = apply()
		return !isNotServed(err), nil
	})
	return err
}

// isNotServed reports a 404 about the resource type rather than about the
// object's namespace (an apply creates missing objects, so a 404 on apply is
// one or the other).
func isNotServed(err error) bool {
	var st apierrors.APIStatus
	if !apierrors.IsNotFound(err) || !errors.As(err, &st) {
		return false
	}
	d := st.Status().Details
	return d == nil || d.Kind != "namespaces"
}

// ignoreNotServed makes a list of a resource whose CRD is not installed an
// empty list: no such object can exist.
func ignoreNotServed(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"errors"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// applyConflict is the error the API server returns for a server-side apply
// that would change fields another manager owns.
func applyConflict() error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: 409, Reason: metav1.StatusReasonConflict,
		Message: `Apply failed with 2 conflicts: conflict with "kubectl-edit" using gateway.networking.k8s.io/v1: .spec.listeners[name="http"].port`,
		Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{
			{Type: metav1.CauseTypeFieldManagerConflict, Message: `conflict with "kubectl-edit" using gateway.networking.k8s.io/v1`, Field: `.spec.listeners[name="http"].port`},
			{Type: metav1.CauseTypeFieldManagerConflict, Message: `conflict with "argocd-controller"`, Field: `.spec.gatewayClassName`},
		}},
	}}
}

func TestApplyConflictNamesManagersAndFields(t *testing.T) {
	err := applyError(applyConflict(), "Gateway team/web", "team")
	var c *ConflictError
	if !errors.As(err, &c) {
		t.Fatalf("got %T %v, want *ConflictError", err, err)
	}
	if strings.Join(c.Managers, ",") != "argocd-controller,kubectl-edit" {
		t.Errorf("managers %v", c.Managers)
	}
	if strings.Join(c.Fields, ",") != `.spec.listeners[name="http"].port,.spec.gatewayClassName` {
		t.Errorf("fields %v", c.Fields)
	}
	if msg := err.Error(); !strings.Contains(msg, `"kubectl-edit"`) || !strings.Contains(msg, "spec.gatewayClassName") {
		t.Errorf("error: %q", msg)
	}
}

func TestAnOptimisticLockConflictIsNoFieldConflict(t *testing.T) {
	err := apierrors.NewConflict(schema.GroupResource{Resource: "gateways"}, "web", errors.New("the object has been modified"))
	if c := conflictFrom(err, "Gateway team/web"); c != nil {
		t.Errorf("an update conflict read as a field manager conflict: %v", c)
	}
}

func TestNotFoundOnApply(t *testing.T) {
	missingNS := apierrors.NewNotFound(schema.GroupResource{Resource: "namespaces"}, "team")
	if isNotServed(missingNS) {
		t.Error("a missing namespace read as a resource not served")
	}
	var nsErr *NamespaceMissingError
	if err := applyError(missingNS, "Gateway team/web", "team"); !errors.As(err, &nsErr) || nsErr.Namespace != "team" {
		t.Errorf("missing namespace: %v", err)
	}
	notServed := &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: 404,
		Reason: metav1.StatusReasonNotFound, Message: "the server could not find the requested resource"}}
	if !isNotServed(notServed) {
		t.Error("a resource type not served read as a missing namespace")
	}
	if ignoreNotServed(notServed) != nil {
		t.Error("a list of a kind whose CRD is missing is not empty")
	}
}

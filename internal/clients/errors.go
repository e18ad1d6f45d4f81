// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// The typed errors of this package say what happened; what a user should
// do about it, in Terraform's words, is the resources package's to say.

// CRDMissingError says a CRD an object needs is not installed.
type CRDMissingError struct{ Name string }

func (e *CRDMissingError) Error() string { return fmt.Sprintf("CRD %s is not installed", e.Name) }

// NamespaceMissingError says an object's namespace does not exist.
type NamespaceMissingError struct{ Namespace, Object string }

func (e *NamespaceMissingError) Error() string {
	return fmt.Sprintf("namespace %q of %s does not exist", e.Namespace, e.Object)
}

// ExistsError says an object the provider was asked to create exists, and
// was not written by this provider.
type ExistsError struct{ Object, ImportID string }

func (e *ExistsError) Error() string { return e.Object + " already exists in the cluster" }

// ConflictError says a server-side apply would change fields another field
// manager owns. The provider never forces: the other owner (a person with
// kubectl, a controller, another tool) changed them on purpose.
type ConflictError struct {
	Object   string
	Managers []string // the other field managers, sorted
	Fields   []string // the contested fields, as the API server names them
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: fields %s are owned by field manager(s) %s, which changed them after this provider did",
		e.Object, strings.Join(e.Fields, ", "), quoteAll(e.Managers))
}

// StillDeletingError says an object outlived the wait for its deletion;
// Finalizers are those that held it, if any.
type StillDeletingError struct {
	Object     string
	Finalizers []string
	Err        error
}

func (e *StillDeletingError) Error() string {
	if len(e.Finalizers) > 0 {
		return fmt.Sprintf("%s is still being deleted: finalizers %v hold it", e.Object, e.Finalizers)
	}
	return fmt.Sprintf("%s is still being deleted: %v", e.Object, e.Err)
}

func (e *StillDeletingError) Unwrap() error { return e.Err }

// applyError turns an apply's error into a typed one where it can: a field
// manager conflict, a missing namespace.
func applyError(err error, object, namespace string) error {
	if err == nil {
		return nil
	}
	if c := conflictFrom(err, object); c != nil {
		return c
	}
	if apierrors.IsNotFound(err) && !isNotServed(err) {
		return &NamespaceMissingError{Namespace: namespace, Object: object}
	}
	return fmt.Errorf("apply %s: %w", object, err)
}

// conflictFrom reads the managers and fields out of an apply conflict. It
// returns nil when err is no apply conflict.
func conflictFrom(err error, object string) *ConflictError {
	var st apierrors.APIStatus
	if !apierrors.IsConflict(err) || !errors.As(err, &st) || st.Status().Details == nil {
		return nil
	}
	out := &ConflictError{Object: object}
	for _, c := range st.Status().Details.Causes {
		if c.Type != metav1.CauseTypeFieldManagerConflict {
			continue
		}
		out.Fields = append(out.Fields, c.Field)
		// The message is `conflict with "manager"` or
		// `conflict with "manager" using group/version`.
		if _, rest, ok := strings.Cut(c.Message, `conflict with "`); ok {
			if m, _, ok := strings.Cut(rest, `"`); ok && !slices.Contains(out.Managers, m) {
				out.Managers = append(out.Managers, m)
			}
		}
	}
	if len(out.Fields) == 0 {
		return nil
	}
	slices.Sort(out.Managers)
	return out
}

func quoteAll(ss []string) string {
	if len(ss) == 0 {
		return "(unnamed)"
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// OtherManagers lists the field managers of an object other than this
// provider, for messages about fields the provider could not set.
func OtherManagers(obj metav1.Object) []string {
	var out []string
	for _, mf := range obj.GetManagedFields() {
		if mf.Manager != FieldManager && mf.Subresource == "" && !slices.Contains(out, mf.Manager) {
			out = append(out, mf.Manager)
		}
	}
	slices.Sort(out)
	return out
}

// waitGone polls get until the object is gone, or ends with a
// *StillDeletingError naming the finalizers that hold it.
func waitGone(ctx context.Context, object string, get func(context.Context) (metav1.Object, error)) error {
	var last metav1.Object
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		obj, err := get(ctx)
		switch {
		case err == nil:
			last = obj
		case apierrors.IsNotFound(err):
			return true, nil
		}
		// Still there, or a failed read (transient): poll again until the
		// deadline.
		return false, nil
	})
	if err == nil {
		return nil
	}
	out := &StillDeletingError{Object: object, Err: err}
	if last != nil {
		out.Finalizers = last.GetFinalizers()
	}
	return out
}

// managedLabels are the labels the provider sets on every object it writes:
// they tell, at plan time, objects created by this provider from those of
// other owners.
func managedLabels() map[string]string {
	return map[string]string{ManagedByLabel: ManagedByValue}
}

// IsManagedByProvider reports whether an object carries the provider's label.
func IsManagedByProvider(labels map[string]string) bool {
	return labels[ManagedByLabel] == ManagedByValue
}

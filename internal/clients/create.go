// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// adoptWindow is how recently this provider must have applied an object
// for a create of the same name to take it over: long enough for the apply
// after one whose answer was lost, short enough that an object another
// configuration has kept for a while is refused (import it instead).
const adoptWindow = 15 * time.Minute

// createNew is the create of every gateway kind: refuse an object that
// exists (import it instead), unless this provider applied it moments ago
// (a create whose answer was lost, retried: adopted); never take a failed
// read for "absent"; and when the write's answer is lost (a timeout, a
// 5xx, a reset connection or stream) read again: an object that now
// carries this provider's label and field manager is the write that went
// through.
func createNew[T metav1.Object](ctx context.Context, object, importID string,
	get func(context.Context) (T, error), apply func(context.Context) (T, error)) (T, error) {
	var zero, existing T
	err := RetryTransient(ctx, func() (err error) { existing, err = get(ctx); return err })
	switch {
	case err == nil && !appliedByProviderSince(existing, time.Now().Add(-adoptWindow)):
		return zero, &ExistsError{Object: object, ImportID: importID}
	case err != nil && !apierrors.IsNotFound(err):
		return zero, fmt.Errorf("read %s before creating it: %w", object, err)
	}
	out, err := apply(ctx)
	if err == nil || !answerLost(err) {
		return out, err
	}
	var again T
	if RetryTransient(ctx, func() (gerr error) { again, gerr = get(ctx); return gerr }) == nil && WrittenByProvider(again) {
		return again, nil
	}
	return zero, err
}

// answerLost reports whether a write may have gone through without its
// answer arriving: a transient status, or no status at all (a connection
// or HTTP/2 stream reset, an EOF).
func answerLost(err error) bool {
	var status apierrors.APIStatus
	return Transient(err) || !errors.As(err, &status)
}

// appliedByProviderSince reports whether this provider wrote obj (see
// WrittenByProvider) and last applied it after since.
func appliedByProviderSince(obj metav1.Object, since time.Time) bool {
	if !WrittenByProvider(obj) {
		return false
	}
	for _, f := range obj.GetManagedFields() {
		if f.Manager == FieldManager && f.Operation == metav1.ManagedFieldsOperationApply && f.Time != nil && f.Time.After(since) {
			return true
		}
	}
	return false
}

// WrittenByProvider reports whether an object carries this provider's label
// and fields applied by its field manager.
func WrittenByProvider(obj metav1.Object) bool {
	if !IsManagedByProvider(obj.GetLabels()) {
		return false
	}
	for _, f := range obj.GetManagedFields() {
		if f.Manager == FieldManager && f.Operation == metav1.ManagedFieldsOperationApply {
			return true
		}
	}
	return false
}

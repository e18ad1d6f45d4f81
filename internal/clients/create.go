package clients

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// createNew is the create of every gateway kind: refuse an object that
// exists (import it instead), never take a failed read for "absent", and
// when the write's answer is lost (a timeout, a 5xx, a reset connection)
// read again: an object that now carries this provider's label and field
// manager is the write that went through.
func createNew[T metav1.Object](ctx context.Context, object, importID string,
	get func(context.Context) (T, error), apply func(context.Context) (T, error)) (T, error) {
	var zero T
	err := RetryTransient(ctx, func() (err error) { _, err = get(ctx); return err })
	switch {
	case err == nil:
		return zero, &ExistsError{Object: object, ImportID: importID}
	case !apierrors.IsNotFound(err):
		return zero, fmt.Errorf("read %s before creating it: %w", object, err)
	}
	out, err := apply(ctx)
	if err == nil || !Transient(err) {
		return out, err
	}
	var again T
	if RetryTransient(ctx, func() (gerr error) { again, gerr = get(ctx); return gerr }) == nil && WrittenByProvider(again) {
		return again, nil
	}
	return zero, err
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

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestRetryTransientRetriesOnlyWhatPasses(t *testing.T) {
	gr := schema.GroupResource{Group: "gateway.networking.k8s.io", Resource: "gateways"}
	calls := 0
	err := RetryTransient(context.Background(), func() error {
		calls++
		if calls < 3 {
			return apierrors.NewTooManyRequests("slow down", 0)
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("two 429s then success: err %v after %d calls", err, calls)
	}
	calls = 0
	forbidden := apierrors.NewForbidden(gr, "", errors.New("rbac"))
	if err := RetryTransient(context.Background(), func() error { calls++; return forbidden }); !apierrors.IsForbidden(err) || calls != 1 {
		t.Fatalf("403 is final: err %v after %d calls", err, calls)
	}
	calls = 0
	if err := RetryTransient(context.Background(), func() error { calls++; return apierrors.NewInternalError(errors.New("etcd")) }); err == nil || calls != readBackoff.Steps {
		t.Fatalf("a lasting 500: err %v after %d calls, want %d", err, calls, readBackoff.Steps)
	}
}

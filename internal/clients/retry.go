// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"net"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/retry"
)

// readBackoff spaces the retries of a read that failed for a passing
// reason: about 3 s in all.
var readBackoff = wait.Backoff{Steps: 5, Duration: 200 * time.Millisecond, Factor: 2, Jitter: 0.1}

// RetryTransient runs a read again while it fails for a reason that passes
// (429 Too Many Requests, 500, 503, 504, a server or network timeout), with
// backoff, and returns the last error. Only for reads: a write whose
// response was lost may have been done.
func RetryTransient(ctx context.Context, read func() error) error {
	return retry.OnError(readBackoff, func(err error) bool { return ctx.Err() == nil && Transient(err) }, read)
}

// Transient reports whether an error is one that passes with time.
func Transient(err error) bool {
	var netErr net.Error
	switch {
	case err == nil:
		return false
	case apierrors.IsTooManyRequests(err), apierrors.IsInternalError(err), apierrors.IsServiceUnavailable(err),
		apierrors.IsServerTimeout(err), apierrors.IsTimeout(err), apierrors.IsUnexpectedServerError(err):
		return true
	case errors.As(err, &netErr):
		return netErr.Timeout()
	}
	return false
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// readRetries is how often a read is tried in all, and readRetryWait the
// first pause between tries (doubled each time: about 3 s in all), as
// readBackoff for the plan-time reads.
const readRetries = 5

var readRetryWait = 200 * time.Millisecond // tests shorten it

// retryReads makes every GET and HEAD this provider sends, its own and the
// Helm SDK's (discovery, release records, the objects it waits on), try
// again when the API server answers 500, 502, 503 or 504 without
// Retry-After (client-go waits out those that carry one), or when the
// request never got an answer (a refused or reset connection, a stream the
// server reset). A read changes nothing, so trying it again is safe; writes
// are never tried again here: one whose answer was lost may have been done.
type retryReads struct {
	next http.RoundTripper
}

func (r retryReads) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return r.next.RoundTrip(req)
	}
	wait := readRetryWait
	for try := 1; ; try++ {
		resp, err := r.next.RoundTrip(req)
		if try == readRetries || !retryable(resp, err) {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
}

func retryable(resp *http.Response, err error) bool {
	if err != nil {
		// A request its caller cancelled or that timed out is not retried.
		var netErr net.Error
		timedOut := errors.As(err, &netErr) && netErr.Timeout()
		return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) && !timedOut
	}
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return resp.Header.Get("Retry-After") == ""
	}
	return false
}

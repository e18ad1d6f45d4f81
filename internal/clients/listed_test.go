// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/egplatform/terraform-provider-eg/internal/clients"
	"github.com/egplatform/terraform-provider-eg/internal/kubetest"
)

// requestCounter counts a client's requests to one resource by verb, as
// the API server receives them.
type requestCounter struct {
	mu       sync.Mutex
	resource string
	byVerb   map[string]int
}

func (c *requestCounter) wrap(cfg *rest.Config) *rest.Config {
	cfg = rest.CopyConfig(cfg)
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return roundTripper(func(req *http.Request) (*http.Response, error) {
			if verb := verbOf(req, c.resource); verb != "" {
				c.mu.Lock()
				c.byVerb[verb]++
				c.mu.Unlock()
			}
			return rt.RoundTrip(req)
		})
	}
	return cfg
}

// verbOf names a request to resource: LIST, or its method (GET of one
// object, PATCH, ...); "" for a request to another resource.
func verbOf(req *http.Request, resource string) string {
	_, after, ok := strings.Cut(req.URL.Path, "/"+resource)
	if !ok || after != "" && after[0] != '/' {
		return ""
	}
	if req.Method == http.MethodGet && after == "" {
		return "LIST"
	}
	return req.Method
}

func (c *requestCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.byVerb
	c.byVerb = map[string]int{}
	return out
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Reads of many objects of a kind are one LIST (here in pages of two),
// not a GET each; what the LIST could not have seen is a GET; a write
// makes the next read list again.
func TestAccListingServesReads(t *testing.T) {
	cfg := kubetest.RESTConfig(t)
	kubetest.ApplyCRDs(t, cfg, kubetest.GatewayAPICRDDir(t, "standard"))
	defer clients.SetListPageSize(2)()
	writer := clients.KubeOf(cfg)
	prefix := acctest.RandomWithPrefix("listed")
	class := func(i int, description string) *gwapiv1.GatewayClass {
		return &gwapiv1.GatewayClass{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s-%d", prefix, i)},
			Spec:       gwapiv1.GatewayClassSpec{ControllerName: "example.com/listed", Description: &description},
		}
	}
	ctx := context.Background()
	for i := range 5 {
		if _, err := clients.GatewayClasses.Apply(ctx, writer, class(i, "first")); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = clients.GatewayClasses.Delete(context.Background(), writer, "", class(i, "").Name) })
	}

	counter := &requestCounter{resource: "gatewayclasses", byVerb: map[string]int{}}
	reader := clients.KubeOf(counter.wrap(cfg))
	for i := range 5 {
		got, err := clients.GatewayClasses.Read(ctx, reader, "", class(i, "").Name)
		if err != nil || *got.Spec.Description != "first" {
			t.Fatalf("read %d: %v, %+v", i, err, got)
		}
	}
	if got := counter.take(); got["GET"] != 0 || got["LIST"] < 3 {
		t.Errorf("5 reads made %v, want pages of one LIST (at least 3 of 2 objects) and no GET", got)
	}

	// Created after the LIST: read with a GET. Absent: NotFound, by GET.
	if _, err := clients.GatewayClasses.Apply(ctx, writer, class(5, "late")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = clients.GatewayClasses.Delete(context.Background(), writer, "", class(5, "").Name) })
	if got, err := clients.GatewayClasses.Read(ctx, reader, "", class(5, "").Name); err != nil || *got.Spec.Description != "late" {
		t.Fatalf("read of a class created after the LIST: %v, %+v", err, got)
	}
	if _, err := clients.GatewayClasses.Read(ctx, reader, "", prefix+"-absent"); !apierrors.IsNotFound(err) {
		t.Fatalf("read of an absent class: %v, want NotFound", err)
	}
	if got := counter.take(); got["GET"] != 2 || got["LIST"] != 0 {
		t.Errorf("reads outside the LIST made %v, want 2 GETs", got)
	}

	// Written by this connection: listed again, and the read sees the write.
	if _, err := clients.GatewayClasses.Apply(ctx, reader, class(0, "second")); err != nil {
		t.Fatal(err)
	}
	counter.take()
	if got, err := clients.GatewayClasses.Read(ctx, reader, "", class(0, "").Name); err != nil || *got.Spec.Description != "second" {
		t.Fatalf("read after this connection's write: %v, %+v", err, got)
	}
	if got := counter.take(); got["LIST"] == 0 {
		t.Errorf("the read after a write made %v, want a new LIST", got)
	}
	all, err := clients.GatewayClasses.List(ctx, reader)
	if err != nil {
		t.Fatal(err)
	}
	if n := countPrefix(all, prefix); n != 6 {
		t.Errorf("List has %d of the 6 classes", n)
	}
	if got := counter.take(); got["LIST"] != 0 || got["GET"] != 0 {
		t.Errorf("List after the reads made %v, want none: it shares their LIST", got)
	}
}

func countPrefix(classes []gwapiv1.GatewayClass, prefix string) int {
	n := 0
	for _, c := range classes {
		if strings.HasPrefix(c.Name, prefix+"-") {
			n++
		}
	}
	return n
}

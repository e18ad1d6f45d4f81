// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// listPageSize bounds one page of a LIST: a thousand Gateways are a few
// requests, and no response holds them all.
var listPageSize int64 = 500

// listings are what this process listed, one LIST (paged) per resource,
// so that refreshing N objects of a kind costs one request, not N. A kind
// this process writes is listed again when next needed.
type listings struct {
	mu    sync.Mutex
	byRes map[schema.GroupVersionResource]*listing
}

// listing is every object of one resource in the cluster, by
// namespace/name, or the error that kept them out.
type listing struct {
	once  sync.Once
	err   error
	items map[string]*unstructured.Unstructured
}

func listingKey(namespace, name string) string { return namespace + "/" + name }

// of returns the listing of a resource, listing it on first use.
func (l *listings) of(ctx context.Context, res schema.GroupVersionResource, rc dynamic.ResourceInterface) *listing {
	l.mu.Lock()
	if l.byRes == nil {
		l.byRes = map[schema.GroupVersionResource]*listing{}
	}
	li, ok := l.byRes[res]
	if !ok {
		li = &listing{}
		l.byRes[res] = li
	}
	l.mu.Unlock()
	li.once.Do(func() {
		li.err = RetryTransient(ctx, func() (err error) {
			li.items, err = listAll(ctx, rc)
			return err
		})
	})
	return li
}

// forget drops what was listed of a resource after this process wrote one
// of its objects.
func (l *listings) forget(res schema.GroupVersionResource) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byRes, res)
}

// listAll reads every object of a resource, page by page. A resource
// whose CRD is not served lists as empty.
func listAll(ctx context.Context, rc dynamic.ResourceInterface) (map[string]*unstructured.Unstructured, error) {
	items := map[string]*unstructured.Unstructured{}
	opts := metav1.ListOptions{Limit: listPageSize}
	for {
		page, err := rc.List(ctx, opts)
		if err != nil {
			if apierrors.IsResourceExpired(err) && opts.Continue != "" {
				// The continue token outlived etcd's compaction: start over.
				items, opts.Continue = map[string]*unstructured.Unstructured{}, ""
				continue
			}
			return items, ignoreNotServed(err)
		}
		for i := range page.Items {
			u := &page.Items[i]
			items[listingKey(u.GetNamespace(), u.GetName())] = u
		}
		if opts.Continue = page.GetContinue(); opts.Continue == "" {
			return items, nil
		}
	}
}

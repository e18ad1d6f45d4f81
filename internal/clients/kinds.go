// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// Kind is one kind of object the provider writes, addressed by a fixed
// resource through the dynamic client: no discovery and no REST mapper, so
// it works the moment its CRD is served. T is the object's Go type; every
// kind reads, creates, applies and deletes the same way.
type Kind[T any, PT interface {
	*T
	metav1.Object
}] struct {
	// Name is the kind's name in messages: "Gateway".
	Name     string
	Resource schema.GroupVersionResource
	// CRD is the definition a create waits for: a tenant installed in the
	// same apply creates it moments before.
	CRD        string
	Namespaced bool
	// Body is what a server-side apply sends of an object: the fields the
	// provider sets and nothing else, so that it claims no other field.
	Body func(obj PT) (map[string]any, error)
}

func (k Kind[T, PT]) client(kube *Kube, namespace string) (dynamic.ResourceInterface, error) {
	dc, err := kube.Dynamic()
	if err != nil {
		return nil, err
	}
	if k.Namespaced {
		return dc.Resource(k.Resource).Namespace(namespace), nil
	}
	return dc.Resource(k.Resource), nil
}

// Describe names one object of the kind: "Gateway team/web".
func (k Kind[T, PT]) Describe(namespace, name string) string {
	if k.Namespaced {
		return k.Name + " " + namespace + "/" + name
	}
	return k.Name + " " + name
}

// Get reads one object.
func (k Kind[T, PT]) Get(ctx context.Context, kube *Kube, namespace, name string) (PT, error) {
	rc, err := k.client(kube, namespace)
	if err != nil {
		return nil, err
	}
	u, err := rc.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return k.decode(u)
}

// List returns every object of the kind in the cluster, from the one LIST
// (paged) this process makes of it; none when its CRD is not installed.
func (k Kind[T, PT]) List(ctx context.Context, kube *Kube) ([]T, error) {
	rc, err := k.client(kube, metav1.NamespaceAll)
	if err != nil {
		return nil, err
	}
	li := kube.listed.of(ctx, k.Resource, rc)
	if li.err != nil {
		return nil, li.err
	}
	out := make([]T, 0, len(li.items))
	for _, u := range li.items {
		obj, err := k.decode(u)
		if err != nil {
			return nil, err
		}
		out = append(out, *obj)
	}
	return out, nil
}

// Read is Get served from that LIST: a refresh of N objects of the kind is
// one request, not N. What the LIST could not answer (an object created
// since, a LIST the credentials may not make) is read with a GET. For
// reads that must see a change, such as waits, use Get.
func (k Kind[T, PT]) Read(ctx context.Context, kube *Kube, namespace, name string) (PT, error) {
	rc, err := k.client(kube, metav1.NamespaceAll)
	if err != nil {
		return nil, err
	}
	li := kube.listed.of(ctx, k.Resource, rc)
	if u, ok := li.items[listingKey(namespace, name)]; ok && li.err == nil {
		return k.decode(u)
	}
	return k.Get(ctx, kube, namespace, name)
}

// Create waits for the CRD, refuses to adopt an existing object, and
// applies obj (see createNew).
func (k Kind[T, PT]) Create(ctx context.Context, kube *Kube, obj PT) (PT, error) {
	if err := kube.WaitCRDEstablished(ctx, k.CRD); err != nil {
		return nil, err
	}
	ns, name := obj.GetNamespace(), obj.GetName()
	importID := name
	if k.Namespaced {
		importID = ns + "/" + name
	}
	return createNew(ctx, k.Describe(ns, name), importID,
		func(ctx context.Context) (PT, error) { return k.Get(ctx, kube, ns, name) },
		func(ctx context.Context) (PT, error) { return k.Apply(ctx, kube, obj) })
}

// Apply applies obj server-side with the provider's field manager, its
// labels (and the provider's) and annotations, without force: fields
// another manager owns are a *ConflictError.
func (k Kind[T, PT]) Apply(ctx context.Context, kube *Kube, obj PT) (PT, error) {
	rc, err := k.client(kube, obj.GetNamespace())
	if err != nil {
		return nil, err
	}
	if k.Body == nil {
		return nil, fmt.Errorf("%s is read, never written, by this provider", k.Name)
	}
	body, err := k.Body(obj)
	if err != nil {
		return nil, err
	}
	labels := map[string]any{}
	for k, v := range obj.GetLabels() {
		labels[k] = v
	}
	for k, v := range managedLabels() {
		labels[k] = v
	}
	meta := map[string]any{"name": obj.GetName(), "labels": labels}
	if a := obj.GetAnnotations(); len(a) > 0 {
		annotations := make(map[string]any, len(a))
		for k, v := range a {
			annotations[k] = v
		}
		meta["annotations"] = annotations
	}
	if k.Namespaced {
		meta["namespace"] = obj.GetNamespace()
	}
	body["apiVersion"] = k.Resource.GroupVersion().String()
	body["kind"] = k.Name
	body["metadata"] = meta
	var out *unstructured.Unstructured
	err = retryNotServed(ctx, func() (err error) {
		out, err = rc.Apply(ctx, obj.GetName(), &unstructured.Unstructured{Object: body}, metav1.ApplyOptions{FieldManager: FieldManager})
		return err
	})
	kube.listed.forget(k.Resource)
	if err = applyError(err, k.Describe(obj.GetNamespace(), obj.GetName()), obj.GetNamespace()); err != nil {
		return nil, err
	}
	return k.decode(out)
}

// Delete deletes an object and waits until it is gone (finalizers
// included) or ctx ends. A missing object is not an error.
func (k Kind[T, PT]) Delete(ctx context.Context, kube *Kube, namespace, name string) error {
	rc, err := k.client(kube, namespace)
	if err != nil {
		return err
	}
	kube.listed.forget(k.Resource)
	if err := rc.Delete(ctx, name, metav1.DeleteOptions{}); ignoreNotServed(err) != nil {
		return err
	}
	return waitGone(ctx, k.Describe(namespace, name), func(ctx context.Context) (metav1.Object, error) {
		return k.Get(ctx, kube, namespace, name)
	})
}

func (k Kind[T, PT]) decode(u *unstructured.Unstructured) (PT, error) {
	obj := PT(new(T))
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
		return nil, fmt.Errorf("decode %s: %w", k.Describe(u.GetNamespace(), u.GetName()), err)
	}
	return obj, nil
}

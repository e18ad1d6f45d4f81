// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// Labels and annotations the provider puts on what it creates.
const (
	ManagedByLabel = "app.kubernetes.io/managed-by"
	ManagedByValue = "terraform-provider-eg"
	// CreatedForAnnotation names the tenant ("namespace/name") that created
	// a namespace; only that tenant deletes it.
	CreatedForAnnotation = "eg.egplatform.io/created-for-tenant"
)

// EnsureNamespace creates a namespace unless it exists. It reports whether
// it created it. A namespace that is being deleted is an error: creating
// objects in it would fail half-way.
func (k *Kube) EnsureNamespace(ctx context.Context, name, tenant string) (created bool, err error) {
	kube, err := k.Core()
	if err != nil {
		return false, err
	}
	ns, err := kube.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if err == nil {
		if ns.DeletionTimestamp != nil {
			return false, fmt.Errorf("namespace %s is being deleted; wait until it is gone and apply again", name)
		}
		return false, nil
	}
	if !apierrors.IsNotFound(err) {
		return false, err
	}
	_, err = kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:        name,
		Labels:      map[string]string{ManagedByLabel: ManagedByValue},
		Annotations: map[string]string{CreatedForAnnotation: tenant},
	}}, metav1.CreateOptions{FieldManager: ManagedByValue})
	if apierrors.IsAlreadyExists(err) {
		return false, nil
	}
	return err == nil, err
}

// NamespaceExists reports whether a namespace exists.
func (k *Kube) NamespaceExists(ctx context.Context, name string) (bool, error) {
	kube, err := k.Core()
	if err != nil {
		return false, err
	}
	_, err = kube.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// NamespacesCreatedFor lists the namespaces a tenant created.
func (k *Kube) NamespacesCreatedFor(ctx context.Context, tenant string) ([]string, error) {
	kube, err := k.Core()
	if err != nil {
		return nil, err
	}
	list, err := kube.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: ManagedByLabel + "=" + ManagedByValue})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ns := range list.Items {
		if ns.Annotations[CreatedForAnnotation] == tenant {
			out = append(out, ns.Name)
		}
	}
	return out, nil
}

// DeleteNamespaces deletes namespaces and waits until they are gone or ctx ends.
func (k *Kube) DeleteNamespaces(ctx context.Context, names []string) error {
	kube, err := k.Core()
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := kube.CoreV1().Namespaces().Delete(ctx, n, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("delete namespace %s: %w", n, err)
		}
	}
	for _, n := range names {
		err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
			_, err := kube.CoreV1().Namespaces().Get(ctx, n, metav1.GetOptions{})
			return apierrors.IsNotFound(err), nil
		})
		if err != nil {
			return fmt.Errorf("namespace %s is still terminating: %w", n, err)
		}
	}
	return nil
}

// WaitDeploymentAvailable waits for a Deployment's Available condition.
func (k *Kube) WaitDeploymentAvailable(ctx context.Context, namespace, name string) error {
	kube, err := k.Core()
	if err != nil {
		return err
	}
	var last *appsv1.Deployment
	err = wait.PollUntilContextCancel(ctx, 2*time.Second, true, func(ctx context.Context) (bool, error) {
		d, err := kube.AppsV1().Deployments(namespace).Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			last = d
			return deploymentAvailable(d), nil
		}
		// Not there yet, or a failed read (transient): poll again until
		// the deadline.
		return false, nil
	})
	if err == nil {
		return nil
	}
	state := "it does not exist"
	if last != nil {
		state = fmt.Sprintf("%d of %d replicas ready", last.Status.ReadyReplicas, last.Status.Replicas)
		for _, cond := range last.Status.Conditions {
			state += fmt.Sprintf("; %s=%s (%s: %s)", cond.Type, cond.Status, cond.Reason, cond.Message)
		}
	}
	return &NotAvailableError{Deployment: namespace + "/" + name, State: state}
}

func deploymentAvailable(d *appsv1.Deployment) bool {
	for _, cond := range d.Status.Conditions {
		if cond.Type == appsv1.DeploymentAvailable && cond.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

// NotAvailableError says a Deployment did not become Available in time.
type NotAvailableError struct{ Deployment, State string }

func (e *NotAvailableError) Error() string {
	return fmt.Sprintf("deployment %s is not Available: %s", e.Deployment, e.State)
}

// ServiceNames lists "namespace/name" of every Service in the cluster,
// metadata only.
func (k *Kube) ServiceNames(ctx context.Context) ([]string, error) {
	meta, err := k.Metadata()
	if err != nil {
		return nil, err
	}
	list, err := meta.Resource(corev1.SchemeGroupVersion.WithResource("services")).Namespace(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(list.Items))
	for _, s := range list.Items {
		out = append(out, s.Namespace+"/"+s.Name)
	}
	return out, nil
}

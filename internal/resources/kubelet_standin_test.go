// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package resources_test

import (
	"context"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
)

// kubeletStandIn stands in for the kubelet the test bed does not have, for
// the pods of one selector only: it reports each pod the ReplicaSet
// controller creates as Running and Ready through the pods/status
// subresource, as a kubelet would once the containers pass their readiness
// probes. Nothing runs: the Deployment becomes Available on this word
// alone, which is all Envoy Gateway reads to program a Gateway.
type kubeletStandIn struct {
	mu      sync.Mutex
	ready   map[string]bool // pods reported Ready
	lastErr error
}

// skipWithNodes skips a test that needs a cluster where no pod runs (the
// test bed): it has no Node.
func skipWithNodes(t *testing.T, kube kubernetes.Interface) {
	t.Helper()
	nodes, err := kube.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes.Items) > 0 {
		t.Skipf("needs a cluster without kubelets, where no Envoy pod runs unless the test says so; this one has %d nodes", len(nodes.Items))
	}
}

// standInKubelet starts the stand-in for the pods in ns that sel selects;
// it stops when the test ends.
func standInKubelet(t *testing.T, kube kubernetes.Interface, ns string, sel labels.Selector) *kubeletStandIn {
	t.Helper()
	k := &kubeletStandIn{ready: map[string]bool{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			k.reportPods(ctx, kube, ns, sel)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("the kubelet stand-in reported %d pods Ready in %s (%s); last error: %v", k.count(), ns, sel, k.err())
		}
	})
	return k
}

// reportPods reports every selected pod not yet Ready as Running and Ready.
func (k *kubeletStandIn) reportPods(ctx context.Context, kube kubernetes.Interface, ns string, sel labels.Selector) {
	pods, err := kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
	if err != nil {
		k.fail(err)
		return
	}
	for i := range pods.Items {
		pod := &pods.Items[i]
		if pod.DeletionTimestamp != nil || podReady(pod) {
			continue
		}
		runningAndReady(pod)
		if _, err := kube.CoreV1().Pods(ns).UpdateStatus(ctx, pod, metav1.UpdateOptions{FieldManager: "kubelet-stand-in"}); err != nil {
			k.fail(err)
			continue
		}
		k.mu.Lock()
		k.ready[pod.Name] = true
		k.mu.Unlock()
	}
}

// runningAndReady sets the status a kubelet reports for a pod whose
// containers started and passed their readiness probes.
func runningAndReady(pod *corev1.Pod) {
	now := metav1.Now()
	pod.Status.Phase = corev1.PodRunning
	pod.Status.StartTime = &now
	pod.Status.Conditions = nil
	for _, typ := range []corev1.PodConditionType{corev1.PodInitialized, corev1.ContainersReady, corev1.PodReady} {
		pod.Status.Conditions = append(pod.Status.Conditions,
			corev1.PodCondition{Type: typ, Status: corev1.ConditionTrue, LastTransitionTime: now})
	}
	pod.Status.ContainerStatuses = nil
	for _, c := range pod.Spec.Containers {
		started := true
		pod.Status.ContainerStatuses = append(pod.Status.ContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, Ready: true, Started: &started,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		})
	}
}

func podReady(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func (k *kubeletStandIn) fail(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lastErr = err
}

func (k *kubeletStandIn) err() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lastErr
}

// count is how many pods the stand-in reported Ready.
func (k *kubeletStandIn) count() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.ready)
}

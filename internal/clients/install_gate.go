// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"helm.sh/helm/v3/pkg/release"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// guardedPolicy is the one object of Envoy Gateway's chart that two
// releases race on: cluster-scoped, rendered only when a `lookup` finds it
// absent (or owned by the release), so two releases rendered before it
// exists both create it, and the second fails on its ownership.
const guardedPolicy = "safe-upgrades.gateway.networking.k8s.io"

// guardedPolicyPoll is how often a running install checks whether it has
// created the guarded policy, which lets the installs waiting behind it go.
const guardedPolicyPoll = 200 * time.Millisecond

// installGate lets chart installs and upgrades of one provider process run
// together once the guarded policy exists, and one at a time before: the
// first install holds the gate until it has created the policy (or ended).
type installGate struct{ mu sync.Mutex }

var installs installGate

// run runs op, alone while the guarded policy is absent (exists tells).
func (g *installGate) run(ctx context.Context, exists func(context.Context) bool, op func() error) error {
	if exists(ctx) {
		return op()
	}
	g.mu.Lock()
	if exists(ctx) { // created by the install this one waited for
		g.mu.Unlock()
		return op()
	}
	var once sync.Once
	unlock := func() { once.Do(g.mu.Unlock) }
	defer unlock()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(guardedPolicyPoll)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if exists(ctx) {
					unlock()
					return
				}
			}
		}
	}()
	return op()
}

// guardedPolicyExists reports whether the guarded policy is in the
// cluster; false when that cannot be told (the gate then stays shut).
func (h *Helm) guardedPolicyExists(ctx context.Context) bool {
	if h.kube == nil {
		return false
	}
	core, err := h.kube.Core()
	if err != nil {
		return false
	}
	_, err = core.AdmissionregistrationV1().ValidatingAdmissionPolicies().Get(ctx, guardedPolicy, metav1.GetOptions{})
	return err == nil
}

// lostGuardedPolicyRace reports whether an install failed because another
// release created the guarded policy first: another provider process (the
// gate holds within one) or a helm command installed at the same time.
func lostGuardedPolicyRace(err error) bool {
	return err != nil && strings.Contains(err.Error(), guardedPolicy)
}

// forgetLostInstall deletes the record of a first install that lost the
// race on the guarded policy in Helm's create step: Helm had recorded the
// release, then marked it failed, and a record, even a failed one, makes the
// next install fail with "cannot re-use a name that is still in use". Only
// a failed revision 1 started by this process is deleted: the record, never
// the objects. Those the install created carry the release's ownership, so
// the next install adopts them; the policy stays with its owner. A race lost
// earlier, in Helm's conflict check, left no record and nothing to do.
func (h *Helm) forgetLostInstall(ctx context.Context, s ReleaseSpec) error {
	ac, err := h.helmConfig(ctx, s.Namespace)
	if err != nil {
		return err
	}
	last, err := ac.Releases.Last(s.Name)
	if errors.Is(err, ErrReleaseNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if last.Version != 1 || last.Info == nil || last.Info.Status != release.StatusFailed || !startedHere(last) {
		return nil
	}
	_, err = ac.Releases.Delete(s.Name, last.Version)
	return err
}

// startedHere reports whether this process started rel's operation.
func startedHere(rel *release.Release) bool {
	return rel.Labels[OperationHostLabel] == labelValue(hostname()) && rel.Labels[OperationPIDLabel] == strconv.Itoa(os.Getpid())
}

// logf sends a line to the provider's log, when it listens.
func (h *Helm) logf(ctx context.Context, format string, v ...any) {
	if h.Log != nil {
		h.Log(ctx, fmt.Sprintf(format, v...))
	}
}

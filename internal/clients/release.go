// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/kube"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage/driver"
	"k8s.io/client-go/rest"
)

// ErrReleaseNotFound says no revision of a release exists.
var ErrReleaseNotFound = driver.ErrReleaseNotFound

// ReleaseSpec is one Helm release to install or upgrade.
type ReleaseSpec struct {
	Name      string
	Namespace string
	Chart     *chart.Chart
	Values    map[string]any
	// DisableHooks skips chart hooks: Envoy Gateway's certgen Job never
	// completes on a cluster without a kubelet.
	DisableHooks bool
	Timeout      time.Duration
	// MaxHistory bounds the revisions Helm keeps (0: all). Each revision is
	// a Secret with that revision's values, sensitive ones included.
	MaxHistory int
	// Labels are stored on Helm's release record: the provider keeps there
	// what it needs to import a tenant without losing settings.
	Labels map[string]string
}

// helmConfig is the Helm SDK configuration for namespace; Helm's own log
// lines go to h.Log with ctx.
func (h *Helm) helmConfig(ctx context.Context, namespace string) (*action.Configuration, error) {
	if h.actionConfig != nil {
		return h.actionConfig(ctx, namespace)
	}
	cfg, err := h.kube.RESTConfig()
	if err != nil {
		return nil, err
	}
	ac, err := HelmActionConfig(cfg, namespace)
	if err == nil && h.Log != nil {
		ac.Log = func(format string, v ...any) { h.Log(ctx, "helm: "+fmt.Sprintf(format, v...)) }
		if kc, ok := ac.KubeClient.(*kube.Client); ok {
			kc.Log = ac.Log
		}
	}
	return ac, err
}

// HelmActionConfig is a Helm SDK configuration for one namespace, with
// release records kept in Secrets as the helm CLI keeps them.
func HelmActionConfig(cfg *rest.Config, namespace string) (*action.Configuration, error) {
	getter, err := newRESTGetter(cfg, namespace)
	if err != nil {
		return nil, err
	}
	ac := &action.Configuration{}
	if err := ac.Init(getter, namespace, "secret", func(string, ...any) {}); err != nil {
		return nil, err
	}
	return ac, nil
}

// Latest returns the newest revision of a release, whatever its
// status, or ErrReleaseNotFound.
func (h *Helm) Latest(name, namespace string) (*release.Release, error) {
	ac, err := h.helmConfig(context.Background(), namespace)
	if err != nil {
		return nil, err
	}
	return ac.Releases.Last(name)
}

// Install installs a new release (no wait: the caller waits for what
// it needs).
func (h *Helm) Install(ctx context.Context, s ReleaseSpec) (*release.Release, error) {
	rel, err := h.install(ctx, s)
	if !lostGuardedPolicyRace(err) {
		return rel, err
	}
	// Another process's first install created the policy after this one
	// rendered it. Rendered again, the chart leaves the policy to its owner.
	h.logf(ctx, "install of %s/%s lost the race on %s to another install; installing again", s.Namespace, s.Name, guardedPolicy)
	if ferr := h.forgetLostInstall(ctx, s); ferr != nil {
		return rel, fmt.Errorf("%w; then removing the failed record of that install: %w", err, ferr)
	}
	return h.install(ctx, s)
}

func (h *Helm) install(ctx context.Context, s ReleaseSpec) (rel *release.Release, err error) {
	ac, err := h.helmConfig(ctx, s.Namespace)
	if err != nil {
		return nil, err
	}
	in := action.NewInstall(ac)
	in.ReleaseName, in.Namespace = s.Name, s.Namespace
	in.DisableHooks = s.DisableHooks
	in.Timeout = s.Timeout
	in.Labels = withOperation(s.Labels)
	err = installs.run(ctx, h.guardedPolicyExists, func() (err error) {
		rel, err = in.RunWithContext(ctx, s.Chart, s.Values)
		return err
	})
	return rel, err
}

// Upgrade upgrades an existing release to the spec's chart and values
// (values are replaced, not reused, so what Terraform says is what runs).
func (h *Helm) Upgrade(ctx context.Context, s ReleaseSpec) (rel *release.Release, err error) {
	ac, err := h.helmConfig(ctx, s.Namespace)
	if err != nil {
		return nil, err
	}
	up := action.NewUpgrade(ac)
	up.Namespace = s.Namespace
	up.DisableHooks = s.DisableHooks
	up.Timeout = s.Timeout
	up.ResetValues = true
	up.MaxHistory = s.MaxHistory
	up.Labels = withOperation(s.Labels)
	err = installs.run(ctx, h.guardedPolicyExists, func() (err error) {
		rel, err = up.RunWithContext(ctx, s.Name, s.Chart, s.Values)
		return err
	})
	return rel, err
}

// Uninstall removes a release and its history. A missing release is
// not an error.
func (h *Helm) Uninstall(ctx context.Context, name, namespace string, disableHooks bool, timeout time.Duration) error {
	ac, err := h.helmConfig(ctx, namespace)
	if err != nil {
		return err
	}
	un := action.NewUninstall(ac)
	un.DisableHooks = disableHooks
	un.Timeout = timeout
	un.IgnoreNotFound = true
	_, err = un.Run(name)
	return err
}

// RecoverPending repairs a release that an interrupted apply left in a
// pending state, so the next install or upgrade does not fail with "another
// operation is in progress". It returns a sentence saying what it did, or ""
// when there was nothing to do, and whether the release still exists. A
// pending operation that may still be running (see pendingVerdict) is an
// *OperationInProgressError, and nothing is touched.
func (h *Helm) RecoverPending(ctx context.Context, name, namespace string, staleAfter time.Duration) (done string, exists bool, err error) {
	rel, err := h.Latest(name, namespace)
	if errors.Is(err, ErrReleaseNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if rel.Info != nil && rel.Info.Status == release.StatusUninstalling {
		// An interrupted uninstall: finish it, then the install runs again
		// (an upgrade over an uninstalling release fails forever).
		if err := h.Uninstall(ctx, name, namespace, true, 5*time.Minute); err != nil {
			return "", true, fmt.Errorf("finish the uninstall of release %s/%s: %w", namespace, name, err)
		}
		return fmt.Sprintf("Helm release %s/%s was left uninstalling by an interrupted destroy (revision %d); the uninstall was finished and the release is installed again.",
			namespace, name, rel.Version), false, nil
	}
	if rel.Info == nil || !rel.Info.Status.IsPending() {
		return "", true, nil
	}
	ok, why := pendingVerdict(rel, time.Now(), hostname(), processAlive, staleAfter)
	if !ok {
		return "", true, &OperationInProgressError{Release: namespace + "/" + name, Detail: why}
	}
	ac, err := h.helmConfig(ctx, namespace)
	if err != nil {
		return "", true, err
	}
	was := rel.Info.Status
	if was == release.StatusPendingInstall {
		// Nothing was ever deployed: what the interrupted install created is
		// removed and the install runs again.
		if err := h.Uninstall(ctx, name, namespace, true, 5*time.Minute); err != nil {
			return "", true, fmt.Errorf("remove release %s/%s left %s: %w", namespace, name, was, err)
		}
		return fmt.Sprintf("Helm release %s/%s was left %s by an interrupted apply (revision %d): %s. It was uninstalled and is installed again.",
			namespace, name, was, rel.Version, why), false, nil
	}
	// An interrupted upgrade or rollback: mark the revision failed so that
	// the upgrade can run over it, as `helm upgrade` would after a failure.
	rel.SetStatus(release.StatusFailed, fmt.Sprintf("marked failed by terraform-provider-eg: left %s by an interrupted operation", was))
	if err := ac.Releases.Update(rel); err != nil {
		return "", true, fmt.Errorf("mark release %s/%s revision %d failed: %w", namespace, name, rel.Version, err)
	}
	return fmt.Sprintf("Helm release %s/%s was left %s by an interrupted apply (revision %d): %s. That revision was marked failed and the release is upgraded.",
		namespace, name, was, rel.Version, why), true, nil
}

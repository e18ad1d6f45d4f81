// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
	kubefake "helm.sh/helm/v3/pkg/kube/fake"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage"
	"helm.sh/helm/v3/pkg/storage/driver"
	helmtime "helm.sh/helm/v3/pkg/time"
)

// memoryHelm runs the Helm SDK's real actions over its in-memory release
// storage and a Kubernetes client that applies nothing: the release logic
// without a cluster.
func memoryHelm(t *testing.T) (*Helm, *storage.Storage) {
	t.Helper()
	store := storage.Init(driver.NewMemory())
	h := &Helm{actionConfig: func(context.Context, string) (*action.Configuration, error) {
		return &action.Configuration{
			Releases:     store,
			KubeClient:   &kubefake.PrintingKubeClient{Out: io.Discard},
			Capabilities: chartutil.DefaultCapabilities,
			Log:          func(string, ...any) {},
		}, nil
	}}
	return h, store
}

func tinyChart() *chart.Chart {
	return &chart.Chart{
		Metadata:  &chart.Metadata{APIVersion: chart.APIVersionV2, Name: ChartName, Version: "1.0.0"},
		Templates: []*chart.File{{Name: "templates/cm.yaml", Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n")}},
	}
}

// pending stores revision version of release eg/eg-x in status st, started
// by process pid of this machine ago.
func pending(t *testing.T, store *storage.Storage, version int, st release.Status, pid int, ago time.Duration) {
	t.Helper()
	rel := &release.Release{Name: "eg-x", Namespace: "eg", Version: version, Chart: tinyChart(),
		Info:   &release.Info{Status: st, LastDeployed: helmtime.Time{Time: time.Now().Add(-ago)}},
		Labels: OperationLabels(pid)}
	if err := store.Create(rel); err != nil {
		t.Fatal(err)
	}
}

// A dead process's pid: a child that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	return p.Pid
}

func TestRecoverPending(t *testing.T) {
	ctx := context.Background()
	dead := deadPID(t)
	for _, c := range []struct {
		name       string
		setup      func(*storage.Storage)
		wantDone   string // substring; "" for nothing done
		wantExists bool
		wantStatus release.Status // of the newest revision afterwards; "" for none
		wantBusy   bool
	}{
		{name: "no release", setup: func(*storage.Storage) {}},
		{name: "deployed: nothing to do", setup: func(s *storage.Storage) { pending(t, s, 1, release.StatusDeployed, dead, time.Minute) },
			wantExists: true, wantStatus: release.StatusDeployed},
		{name: "install of a dead process: uninstalled", setup: func(s *storage.Storage) { pending(t, s, 1, release.StatusPendingInstall, dead, time.Minute) },
			wantDone: "was uninstalled and is installed again"},
		{name: "upgrade of a dead process: marked failed", setup: func(s *storage.Storage) {
			pending(t, s, 1, release.StatusSuperseded, dead, time.Hour)
			pending(t, s, 2, release.StatusPendingUpgrade, dead, time.Minute)
		}, wantDone: "marked failed", wantExists: true, wantStatus: release.StatusFailed},
		{name: "upgrade of a live process: left alone", setup: func(s *storage.Storage) {
			pending(t, s, 1, release.StatusPendingUpgrade, os.Getpid(), time.Minute)
		}, wantBusy: true, wantExists: true, wantStatus: release.StatusPendingUpgrade},
		{name: "stale past the timeout: recovered", setup: func(s *storage.Storage) {
			pending(t, s, 1, release.StatusPendingUpgrade, os.Getpid(), 2*time.Hour)
		}, wantDone: "longer than the tenant's timeout", wantExists: true, wantStatus: release.StatusFailed},
		{name: "interrupted uninstall: finished", setup: func(s *storage.Storage) { pending(t, s, 1, release.StatusUninstalling, dead, time.Minute) },
			wantDone: "the uninstall was finished"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, store := memoryHelm(t)
			c.setup(store)
			done, exists, err := h.RecoverPending(ctx, "eg-x", "eg", time.Hour)
			var busy *OperationInProgressError
			switch {
			case c.wantBusy != errors.As(err, &busy):
				t.Fatalf("err %v, want busy %v", err, c.wantBusy)
			case !c.wantBusy && err != nil:
				t.Fatal(err)
			case c.wantDone == "" && done != "", c.wantDone != "" && !strings.Contains(done, c.wantDone):
				t.Errorf("done %q, want %q", done, c.wantDone)
			case exists != c.wantExists:
				t.Errorf("exists %v, want %v", exists, c.wantExists)
			}
			last, err := store.Last("eg-x")
			switch {
			case c.wantStatus == "" && !errors.Is(err, driver.ErrReleaseNotFound):
				t.Errorf("release still there: %v %v", last, err)
			case c.wantStatus != "" && (err != nil || last.Info.Status != c.wantStatus):
				t.Errorf("newest revision %v (%v), want %s", last, err, c.wantStatus)
			}
		})
	}
}

// Install and upgrade record which process runs them and the caller's
// labels, bound the history, and replace the values rather than reuse them.
func TestInstallAndUpgradeRecordTheirOperation(t *testing.T) {
	ctx := context.Background()
	h, store := memoryHelm(t)
	spec := ReleaseSpec{Name: "eg-x", Namespace: "eg", Chart: tinyChart(), Values: map[string]any{"a": 1, "b": 2},
		Timeout: time.Minute, MaxHistory: 2, Labels: map[string]string{"eg.egplatform.io/wait": "false"}}
	rel, err := h.Install(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if rel.Labels[OperationPIDLabel] != strconv.Itoa(os.Getpid()) || rel.Labels["eg.egplatform.io/wait"] != "false" {
		t.Errorf("install labels %v", rel.Labels)
	}
	for i := range 3 {
		spec.Values = map[string]any{"a": i}
		if rel, err = h.Upgrade(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := rel.Config["b"]; ok || rel.Version != 4 {
		t.Errorf("revision %d values %v: want b gone (values replaced) at revision 4", rel.Version, rel.Config)
	}
	history, err := store.History("eg-x")
	if err != nil || len(history) != 2 {
		t.Errorf("history: %d revisions (%v), want max_history 2", len(history), err)
	}
	if _, err := h.Install(ctx, spec); err == nil {
		t.Error("a second install of a deployed release succeeded")
	}
}

// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/release"
	helmtime "helm.sh/helm/v3/pkg/time"
)

func TestPendingVerdict(t *testing.T) {
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	pending := func(age time.Duration, labels map[string]string) *release.Release {
		return &release.Release{Version: 3, Labels: labels,
			Info: &release.Info{Status: release.StatusPendingUpgrade, LastDeployed: helmtime.Time{Time: now.Add(-age)}}}
	}
	ours := func(pid string) map[string]string {
		return map[string]string{OperationHostLabel: "ci-host", OperationPIDLabel: pid}
	}
	alive := func(pid int) bool { return pid == 42 }
	cases := []struct {
		name    string
		rel     *release.Release
		recover bool
		why     string
	}{
		{"this machine's process is gone", pending(time.Minute, ours("7")), true, "(7 on this machine) is gone"},
		{"this machine's process still runs", pending(time.Minute, ours("42")), false, "by process 42 on ci-host"},
		{"another machine, recent", pending(time.Minute, map[string]string{OperationHostLabel: "other", OperationPIDLabel: "7"}), false, "by process 7 on other"},
		{"a helm command, recent", pending(time.Minute, nil), false, "by a helm command or another tool"},
		{"older than the timeout", pending(11*time.Minute, nil), true, "longer than the tenant's timeout (10m0s)"},
		{"no start time", pending(0, nil), false, ""},
	}
	cases[5].rel.Info.LastDeployed = helmtime.Time{}
	cases[5].recover, cases[5].why = true, "longer than the tenant's timeout"
	for _, c := range cases {
		ok, why := pendingVerdict(c.rel, now, "ci-host", alive, 10*time.Minute)
		if ok != c.recover || !strings.Contains(why, c.why) {
			t.Errorf("%s: recover %v (%s), want %v (%q)", c.name, ok, why, c.recover, c.why)
		}
	}
}

func TestLabelValue(t *testing.T) {
	if got := labelValue("build host.example.com_"); got != "build-host.example.com" {
		t.Fatalf("labelValue = %q", got)
	}
	if got := labelValue(strings.Repeat("a", 80)); len(got) != 63 {
		t.Fatalf("labelValue length %d", len(got))
	}
}

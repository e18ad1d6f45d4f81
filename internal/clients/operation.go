// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package clients

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/release"
)

// Labels on a release record that say which process started its current
// operation, so that a pending release is recovered only when that
// operation is dead, never while another apply or helm command works on it.
const (
	OperationHostLabel = "eg.egplatform.io/operation-host"
	OperationPIDLabel  = "eg.egplatform.io/operation-pid"
)

// OperationInProgressError says a pending release is another live
// operation's.
type OperationInProgressError struct{ Release, Detail string }

func (e *OperationInProgressError) Error() string {
	return fmt.Sprintf("Helm release %s: %s", e.Release, e.Detail)
}

// withOperation returns labels plus the labels naming this process.
func withOperation(labels map[string]string) map[string]string {
	out := OperationLabels(os.Getpid())
	for k, v := range labels {
		out[k] = v
	}
	return out
}

// OperationLabels are the labels that name process pid of this machine as
// the one running a release's operation.
func OperationLabels(pid int) map[string]string {
	return map[string]string{OperationHostLabel: labelValue(hostname()), OperationPIDLabel: strconv.Itoa(pid)}
}

// pendingVerdict decides whether a pending release may be recovered: its
// operation was started on this machine by a process that is gone, or it
// has been pending longer than staleAfter (the tenant's timeout: a live
// operation would have ended by then). why says which, or why not.
func pendingVerdict(rel *release.Release, now time.Time, host string, alive func(pid int) bool, staleAfter time.Duration) (recoverable bool, why string) {
	started := rel.Info.LastDeployed.Time
	age := now.Sub(started).Round(time.Second)
	pid, err := strconv.Atoi(rel.Labels[OperationPIDLabel])
	switch {
	case err == nil && rel.Labels[OperationHostLabel] == labelValue(host) && !alive(pid):
		return true, fmt.Sprintf("the process that started it (%d on this machine) is gone", pid)
	case started.IsZero() || age > staleAfter:
		return true, fmt.Sprintf("it has been %s for %s, longer than the tenant's timeout (%s)", rel.Info.Status, age, staleAfter)
	}
	by := "by a helm command or another tool"
	if err == nil {
		by = fmt.Sprintf("by process %d on %s", pid, rel.Labels[OperationHostLabel])
	}
	return false, fmt.Sprintf("revision %d has been %s for %s, %s, which may still be working on it. Wait until it ends; if nothing "+
		"works on it, the next apply after %s recovers it.", rel.Version, rel.Info.Status, age, by, started.Add(staleAfter).UTC().Format(time.RFC3339))
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "unknown"
	}
	return h
}

var notLabelChars = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// labelValue makes s a valid label value: Helm keeps a release's labels as
// the labels of its record's Secret.
func labelValue(s string) string {
	s = notLabelChars.ReplaceAllString(s, "-")
	if len(s) > 63 {
		s = s[:63]
	}
	return strings.Trim(s, "._-")
}

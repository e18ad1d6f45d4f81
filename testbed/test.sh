#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make test: the acceptance tests (testbed/acc.sh, with the builds of their
# tools) in the background, and lint, the unit tests and the docs check
# beside them at a lower priority. The acceptance tests mostly wait on the
# API server, the controllers and the CLI (about half of 2 cores idle), so
# the CPU-bound lint and unit builds fill that time instead of adding to it;
# nice keeps them off the acceptance tests' own path. The acceptance
# tests' output follows the rest at the end, whole; the exit status is
# non-zero if any part failed.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
mkdir -p .testbed
acc_log=.testbed/acc-run.log
log "acceptance tests (with their tools' builds) running in the background; output in $acc_log, printed at the end"
# Its own session, so that an interrupt stops its go test, CLIs and control plane too.
setsid bash testbed/acc.sh >"$acc_log" 2>&1 &
acc_pid=$!
trap 'kill -- "-$acc_pid" 2>/dev/null || true' INT TERM EXIT

rc=0
for target in lint unit docs-check; do
	nice -n 10 make --no-print-directory "$target" || { rc=1; log "make $target failed"; }
done
log "waiting for the acceptance tests"
acc_rc=0
wait "$acc_pid" || acc_rc=$?
trap - INT TERM EXIT
cat "$acc_log"
if [ "$acc_rc" != 0 ]; then
	log "the acceptance tests failed (exit $acc_rc)"
	rc=1
fi
exit "$rc"

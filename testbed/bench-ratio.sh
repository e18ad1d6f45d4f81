#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# Reads `go test -bench` output on stdin, passes it through, and ends with the
# translator's time over the floor measured in the same run: Validate of one
# merged class with 10,000 Gateways × 6 listeners against a bare map walk over
# the same protocol:hostname:port keys (internal/translate/bench_test.go).
# With -count > 1 each side is its fastest run: on a shared machine the
# minimum is the figure least disturbed by other work.
set -euo pipefail
awk '
	{ print }
	$1 ~ /^BenchmarkValidateMerged10kx6(-[0-9]+)?$/     && (eg == "" || $3 < eg)       { eg = $3 }
	$1 ~ /^BenchmarkFloorMergedKeyWalk10kx6(-[0-9]+)?$/ && (floor == "" || $3 < floor) { floor = $3 }
	END {
		if (eg == "" || floor == "") {
			print "bench-ratio: BenchmarkValidateMerged10kx6 or BenchmarkFloorMergedKeyWalk10kx6 missing" > "/dev/stderr"
			exit 1
		}
		printf "\ntranslator, 10,000 Gateways x 6 listeners: Validate %.1f ms, map-walk floor %.1f ms, ratio %.2fx (goal <= 3x)\n", eg / 1e6, floor / 1e6, eg / floor
	}'

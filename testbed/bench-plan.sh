#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make bench-plan: times plan from empty, apply and a no-change plan of N
# merged Gateways (and of a first, two-tenant configuration) with this
# worktree's provider, against the same configurations written with
# terraform_data, on the test bed's own control plane (started here, stopped
# at the end) or the cluster KUBECONFIG names. Prints the table and writes it
# to .testbed/bench/results.md (and .json). Arguments go to the harness
# (testbed/cmd/benchplan), for example: -n 100,400 -first=false -timeout 20m.
source "$(dirname "$0")/lib.sh"

VERSION=${VERSION:-0.1.0}
work="$ROOT/.testbed/bench"
cli=$(tf_cli)
test_bed=false
if [ -z "${KUBECONFIG:-}" ]; then
	test_bed=true # our own control plane: no pods, tenants without hooks or waiting
fi
cluster_up "$work/cluster"
provider_mirror "$work/provider" "$VERSION" release
chart=$(eg_chart "$work/chart")
harness="$EG_CACHE/bin/benchplan"
# Built as the provider is: the harness serves the plugin floor (echo.go).
(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$harness" ./testbed/cmd/benchplan)
log "measuring $(git -C "$ROOT" describe --always --dirty) against $KUBECONFIG"
"$harness" -cli "$cli" -provider "$work/provider/bin/terraform-provider-eg" -chart "$chart" \
	-kubeconfig "$KUBECONFIG" -dir "$work/run" -out "$work/results.md" -test-bed="$test_bed" "$@"

#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make chaos: applies of the merged and multi-tenant examples interrupted by
# a killed API server (etcd kept) and by a faulty network (a proxy that
# delays, drops answers and answers 409/429/500), each followed by an apply
# that must converge. Long (about an hour): not part of make test.
#
#   EG_CHAOS_KILLS=10        kills per example
#   EG_CHAOS_FAULT_RUNS=5    faulty applies per example
#   EG_CHAOS_SEED=N          repeat the draws of an earlier run
#   EG_CHAOS_TESTS=REGEXP    which tests (default ^TestChaos: both)
#
# It kills the API server, so it always runs its own control plane, never
# the cluster KUBECONFIG names. Results: .testbed/chaos/runs/{kill,faults}.json
# and chaos.log; each run's working directory is kept there.
source "$(dirname "$0")/lib.sh"

unset KUBECONFIG
cli=$(tf_cli)
cli_config "$ROOT/.testbed/chaos-cli.tfrc" # the tests write their own; this one is for `version`
plane="$ROOT/.testbed/chaos/cluster"
cluster_up "$plane" # stopped on exit
out="$ROOT/.testbed/chaos/runs"
rm -rf "$out" && mkdir -p "$out"
export EG_CHAOS=1 EG_CHAOS_PLANE="$plane" EG_CHAOS_OUT="$out"
export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli"
log "chaos with $("$cli" version | head -n 1); results in $out"
cd "$ROOT"
go test -count=1 -timeout 6h -v -run "${EG_CHAOS_TESTS:-^TestChaos}" ./testbed/reliability 2>&1 | tee "$out/chaos.log"
exit "${PIPESTATUS[0]}"

#!/usr/bin/env bash
# Acceptance tests (make testacc): against the cluster KUBECONFIG names, or
# the test bed's own control plane, started here and stopped at the end.
source "$(dirname "$0")/lib.sh"

cli=$(tf_cli)
controller_bin
cluster_up "$ROOT/.testbed/acc"
cli_config "$ROOT/.testbed/acc-cli.tfrc"
export TF_ACC=1 TF_ACC_TERRAFORM_PATH=$cli TF_ACC_PROVIDER_NAMESPACE=hashicorp
log "acceptance tests with $("$cli" version | head -n 1) against $KUBECONFIG"
cd "$ROOT"
# -p 1: the packages share one cluster.
go test -p 1 -count=1 -timeout 60m -run '^TestAcc' "$@" ./...

#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# Acceptance tests (make testacc): against the cluster KUBECONFIG names, or
# the test bed's own control plane, started here and stopped at the end.
source "$(dirname "$0")/lib.sh"

cli=$(tf_cli)
controller_bin
if [ -z "${KUBECONFIG:-}" ]; then
	# Our own disposable control plane: the deployment-mode tests may remove
	# the Gateway API CRDs to prove each mode in one apply from empty.
	export EG_ACC_DELETE_CRDS=1
fi
cluster_up "$ROOT/.testbed/acc"
cli_config "$ROOT/.testbed/acc-cli.tfrc"
export TF_ACC=1 TF_ACC_TERRAFORM_PATH=$cli TF_ACC_PROVIDER_NAMESPACE=hashicorp
log "acceptance tests with $("$cli" version | head -n 1) against $KUBECONFIG"
cd "$ROOT"
# -p 1: the packages share one cluster.
go test -p 1 -count=1 -timeout 60m -run '^TestAcc' "$@" ./...

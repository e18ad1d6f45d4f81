#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# Acceptance tests (make testacc): against the cluster KUBECONFIG names, or
# the test bed's own control plane, started here and stopped at the end. The
# whole suite on OpenTofu (or the CLI TF_ACC_TERRAFORM_PATH names); then,
# with EG_ACC_MATRIX=1, the plan-level and lifecycle tests on both Terraforms
# on the same control plane (testbed/acc-matrix.sh).
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
rm -f "$ACC_SUMMARY"
label=opentofu
case "$("$cli" version | head -n 1)" in Terraform*) label=terraform ;; esac
rc=0
acc_run "$label" "$cli" '^TestAcc' "$@" || rc=1
if [ "${EG_ACC_MATRIX:-0}" = 1 ]; then
	ACC_SUMMARY_LATER=1 bash "$ROOT/testbed/acc-matrix.sh" "$@" || rc=1
fi
acc_summary
exit "$rc"

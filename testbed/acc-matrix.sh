#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# The plan-level and lifecycle acceptance tests (MATRIX_RUN) on Terraform
# 1.5.7 and on the newest Terraform that builds here (make testacc-matrix),
# one after the other on one control plane: the cluster KUBECONFIG names, or
# the test bed's, started here. make testacc runs OpenTofu's full suite first.
#
#   MATRIX_CLIS  which CLIs, by build.sh target (default: terraform-1.5 terraform;
#                tofu is one too)
#   MATRIX_RUN   the go test -run pattern (default below)
source "$(dirname "$0")/lib.sh"

# Plan-time refusals and create/update/import/destroy of every resource and
# the data source; none needs an Envoy Gateway controller. ~5 min per CLI on
# an idle 2-core machine.
MATRIX_RUN=${MATRIX_RUN:-'^TestAcc(Tenant_(planTimeRules|multiTenant|passwordWriteOnlyByCLIVersion)|Gateway_(lifecycle|checksWithoutCluster|merged.*|namespaceOutsideTenantWatch|createOverAnotherOwnersObject)|GatewayClass_(lifecycle|controllerNoTenantRuns|controllerOfLiveTenant)|HTTPRoute_.*|EnvoyProxy_lifecycle|MergedProxy_lifecycle|ClusterDataSource_.*|Provider(Settings)?_.*)$'}
MATRIX_CLIS=${MATRIX_CLIS:-terraform-1.5 terraform}

clis=()
for target in $MATRIX_CLIS; do
	bin=terraform
	[ "$target" = tofu ] && bin=tofu
	clis+=("$target=$("$ROOT/testbed/build.sh" "$target" | tail -n 1)/$bin")
done
if [ -z "${KUBECONFIG:-}" ]; then
	export EG_ACC_DELETE_CRDS=1 # our own disposable control plane, as in acc.sh
fi
cluster_up "$ROOT/.testbed/acc"
cli_config "$ROOT/.testbed/acc-cli.tfrc"
rc=0
for entry in "${clis[@]}"; do
	acc_run "${entry%%=*}" "${entry#*=}" "$MATRIX_RUN" "$@" || rc=1
done
[ "${ACC_SUMMARY_LATER:-0}" = 1 ] || acc_summary
exit "$rc"

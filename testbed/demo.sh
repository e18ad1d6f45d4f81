#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make demo: bring up the test bed's control plane (unless KUBECONFIG names a
# cluster), build the provider, apply every example under examples/ that the
# demo lists, and print what was created. Where it can (root, ip netns), it
# runs every tenant's real Envoy Gateway controller and prints, after each
# example, the classes' Accepted condition and the Gateways' listener
# conditions they wrote; elsewhere it says that status stays Unknown. The
# control plane and controllers stay up so that what was created can be
# looked at; `make demo-down` stops them.
source "$(dirname "$0")/lib.sh"

VERSION=${VERSION:-0.1.0}
# The examples the demo applies, in order (examples/<name>/): what the
# cluster offers, then the four deployment modes, each in one apply.
EXAMPLES=(demo single-class multi-class multi-tenant merged)

work="$ROOT/.testbed/demo"
cli=$(tf_cli)
launcher=$(egbed)
own_cluster=0
if [ -z "${KUBECONFIG:-}" ]; then
	# A fresh control plane: state and controllers from an earlier demo
	# would describe or serve objects that no longer exist. It cannot run
	# pods, so tenants install without chart hooks and without waiting
	# (EG_TEST_BED=false overrides), and the controllers run out of cluster.
	own_cluster=1
	rm -rf "$work/run"
	"$launcher" controller down-all -dir "$work/controllers"
	EG_TEST_BED=${EG_TEST_BED:-true}
	controller_bin
fi
EG_TEST_BED=${EG_TEST_BED:-false}
KEEP=1 cluster_up "$work/cluster"
provider_mirror "$work/provider" "$VERSION"
cli_config "$work/cli.tfrc" "$work/provider"
# The chart from the Go module cache: no registry needed.
chart=$(eg_chart "$work/chart")

for ex in "${EXAMPLES[@]}"; do
	dir="$work/run/$ex"
	mkdir -p "$dir"
	# A copy keeps the working files (.terraform, state) out of examples/.
	cp "$ROOT/examples/$ex/"*.tf "$dir/"
	log "applying examples/$ex"
	# The deployment modes take the test bed's settings as variables, so the
	# examples stay right for real clusters.
	vars=()
	if grep -q '^variable "test_bed"' "$dir/main.tf"; then
		vars=(-var "test_bed=$EG_TEST_BED" -var "chart_repository=$chart")
	fi
	"$cli" -chdir="$dir" init -input=false -no-color >/dev/null
	"$cli" -chdir="$dir" apply -input=false -auto-approve -no-color "${vars[@]}" >"$dir/apply.log" ||
		{ cat "$dir/apply.log"; exit 1; }
	grep '^Apply complete' "$dir/apply.log"
	log "examples/$ex created:"
	"$cli" -chdir="$dir" output -no-color
	if [ "$own_cluster" = 0 ]; then
		log "status written by the cluster's own Envoy Gateway controllers after examples/$ex:"
		"$launcher" controller report -settle 30s
	elif [ -n "${EG_GATEWAY_BIN:-}" ]; then
		# A controller for every tenant release that has none running yet.
		"$launcher" controller up-all -dir "$work/controllers" -bin "$EG_GATEWAY_BIN" >/dev/null
		log "status the Envoy Gateway controllers wrote after examples/$ex:"
		"$launcher" controller report -settle 30s
	else
		log "no Envoy Gateway controller runs here (it needs root and ip netns): status stays Unknown"
		"$launcher" controller report
	fi
done

cat <<MSG

The demo cluster (and any Envoy Gateway controllers) is still running:
  export KUBECONFIG=$KUBECONFIG
Controllers' logs: $work/controllers/<tenant namespace>/logs/
Stop it with: make demo-down
MSG

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
#
# After the merged example it prints the route table the merged class's
# controller serves its Envoy fleet over xDS (testbed/cmd/xdsdump), for the
# HTTPRoute the example names below.
source "$(dirname "$0")/lib.sh"

VERSION=${VERSION:-0.1.0}
# The examples the demo applies, in order (examples/<name>/): what the
# cluster offers, then the four deployment modes, each in one apply.
EXAMPLES=(demo single-class multi-class multi-tenant merged)
# The merged example's route (its eg_http_route), whose fleet's xDS the demo
# prints.
XDS_EXAMPLE=merged
XDS_ROUTE=eg-merged/example

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

# route_backend NS/NAME: no pod runs on the test bed, so the demo stands in
# for the application a route sends to. When the HTTPRoute exists and its
# first backend Service does not, it creates that Service, without selector,
# and the EndpointSlice a pod would give it: one endpoint at a documentation
# address. Only on the test bed's own control plane.
DEMO_BACKEND=192.0.2.10
route_backend() {
	[ "$own_cluster" = 1 ] || return 0
	local ns=${1%%/*} name=${1#*/} kubectl="$EG_KUBE_BIN/kubectl" backend port
	backend=$("$kubectl" get httproute -n "$ns" "$name" --ignore-not-found -o jsonpath='{.spec.rules[0].backendRefs[0].name}')
	port=$("$kubectl" get httproute -n "$ns" "$name" --ignore-not-found -o jsonpath='{.spec.rules[0].backendRefs[0].port}')
	if [ -z "$backend" ] || [ -z "$port" ] || "$kubectl" get service -n "$ns" "$backend" >/dev/null 2>&1; then
		return 0
	fi
	log "standing in for the application of HTTPRoute $1: Service $ns/$backend port $port, one endpoint $DEMO_BACKEND:8080 (no pod runs on the test bed)"
	"$kubectl" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: $backend, namespace: $ns}
spec:
  ports: [{name: http, port: $port, targetPort: 8080, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: $backend-demo
  namespace: $ns
  labels: {kubernetes.io/service-name: $backend}
addressType: IPv4
endpoints: [{addresses: ["$DEMO_BACKEND"], conditions: {ready: true}}]
ports: [{name: http, port: 8080, protocol: TCP}]
YAML
}

# xds_table NS/NAME prints the route table the test bed's controller serves,
# over xDS, to the Envoy fleet of the HTTPRoute's Gateways, or why not.
xds_table() {
	local route=$1 ns=${1%%/*} name=${1#*/}
	if [ "$own_cluster" = 0 ]; then
		log "xDS route table skipped: xdsdump reaches the test bed's own controllers; for the cluster KUBECONFIG names, port-forward its controller's port 18000 and run go run ./testbed/cmd/xdsdump -route $route -addr 127.0.0.1:18000"
		return
	fi
	if [ -z "${EG_GATEWAY_BIN:-}" ]; then
		log "xDS route table skipped: no Envoy Gateway controller runs here (it needs root and ip netns), so nothing serves xDS"
		return
	fi
	if ! "$EG_KUBE_BIN/kubectl" get httproute -n "$ns" "$name" >/dev/null 2>&1; then
		log "xDS route table skipped: examples/$XDS_EXAMPLE has no HTTPRoute $route (an eg_http_route named $name in $ns)"
		return
	fi
	log "route table served over xDS to the Envoy fleet of HTTPRoute $route's Gateways:"
	"$(xdsdump_bin)" -route "$route" -controllers "$work/controllers" -settle 30s
}

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
	if [ "$ex" = "$XDS_EXAMPLE" ]; then
		route_backend "$XDS_ROUTE"
	fi
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
	if [ "$ex" = "$XDS_EXAMPLE" ]; then
		xds_table "$XDS_ROUTE"
	fi
done

cat <<MSG

The demo cluster (and any Envoy Gateway controllers) is still running:
  export KUBECONFIG=$KUBECONFIG
Controllers' logs: $work/controllers/<tenant namespace>/logs/
Stop it with: make demo-down
MSG

# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# Shared by the test bed's scripts (source it). Paths are absolute; the
# scripts run from any directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EG_CACHE=${EG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-eg}
TFPLUGINDOCS_VERSION=v0.25.0
export EG_CACHE
# Terraform (not OpenTofu) otherwise asks a remote service whether a newer
# version exists; offline that only costs time.
export CHECKPOINT_DISABLE=1

log() { printf '==> %s\n' "$*" >&2; }

# tf_cli prints the Terraform-compatible CLI to use: TF_ACC_TERRAFORM_PATH
# when set, else OpenTofu built and cached by build.sh.
tf_cli() {
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		echo "$TF_ACC_TERRAFORM_PATH"
		return
	fi
	echo "$("$ROOT/testbed/build.sh" tofu | tail -n 1)/tofu"
}

# acc_run LABEL CLI RUN [go test flags...]: the acceptance tests matching RUN
# with CLI (a Terraform or OpenTofu binary) against KUBECONFIG's cluster.
# Output goes to the terminal and to $ROOT/.testbed/acc-LABEL.log; the counts
# of top-level tests that passed, failed and skipped are appended to
# $ACC_SUMMARY (acc_summary prints them). Returns go test's status.
ACC_SUMMARY=${ACC_SUMMARY:-$ROOT/.testbed/acc-summary.tsv}
acc_run() {
	local label=$1 cli=$2 run=$3
	shift 3
	local out="$ROOT/.testbed/acc-$label.log" rc=0 start=$SECONDS
	mkdir -p "$ROOT/.testbed"
	log "$label: acceptance tests -run '$run' with $("$cli" version | head -n 1) against $KUBECONFIG"
	# -p 1: the packages share one cluster. -v: the per-test lines the counts come from.
	(cd "$ROOT" && TF_ACC=1 TF_ACC_TERRAFORM_PATH=$cli TF_ACC_PROVIDER_NAMESPACE=hashicorp \
		go test -p 1 -count=1 -v -timeout 60m -run "$run" "$@" ./...) 2>&1 | tee "$out" || rc=$?
	local pass fail skip
	pass=$(grep -c '^--- PASS: ' "$out" || true)
	fail=$(grep -c '^--- FAIL: ' "$out" || true)
	skip=$(grep -c '^--- SKIP: ' "$out" || true)
	# A package that failed outside any test (build error, panic, timeout) counts as a failure too.
	if [ "$rc" != 0 ] && [ "$fail" = 0 ]; then fail=1; fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$pass" "$fail" "$skip" "$(((SECONDS - start + 30) / 60))" \
		"$("$cli" version | head -n 1)" >>"$ACC_SUMMARY"
	return "$rc"
}

# acc_summary: the table acc_run filled, then empties it.
acc_summary() {
	[ -s "$ACC_SUMMARY" ] || return 0
	{
		printf '\n%-14s %5s %5s %5s %5s  %s\n' CLI pass fail skip min version
		while IFS=$'\t' read -r label pass fail skip min version; do
			printf '%-14s %5s %5s %5s %5s  %s\n' "$label" "$pass" "$fail" "$skip" "$min" "$version"
		done <"$ACC_SUMMARY"
		printf '(top-level tests; each run'"'"'s output is in .testbed/acc-<CLI>.log)\n'
	} >&2
	rm -f "$ACC_SUMMARY"
}

# egbed builds the control-plane launcher (seconds) and prints its path.
egbed() {
	local bin="$EG_CACHE/bin/egbed"
	(cd "$ROOT" && go build -o "$bin" ./testbed/cmd/egbed)
	echo "$bin"
}

# xdsdump_bin builds the xDS route table printer (seconds) and prints its
# path.
xdsdump_bin() {
	local bin="$EG_CACHE/bin/xdsdump"
	(cd "$ROOT" && go build -o "$bin" ./testbed/cmd/xdsdump)
	echo "$bin"
}

# cluster_up DIR: use the cluster KUBECONFIG names, or start the test bed's
# control plane in DIR (stopping one left there before) and export KUBECONFIG.
# With KEEP=1 the control plane outlives the script.
cluster_up() {
	local dir=$1
	if [ -n "${KUBECONFIG:-}" ]; then
		log "using the cluster KUBECONFIG names ($KUBECONFIG)"
		return
	fi
	local kubebin launcher
	kubebin=$("$ROOT/testbed/build.sh" kube | tail -n 1)
	export EG_KUBE_BIN=$kubebin # the control plane's own tests start more
	launcher=$(egbed)
	"$launcher" down -dir "$dir" || true
	log "starting the test bed's control plane in $dir"
	KUBECONFIG=$("$launcher" up -dir "$dir" -bin "$kubebin" | tail -n 1)
	export KUBECONFIG
	if [ "${KEEP:-0}" != 1 ]; then
		# shellcheck disable=SC2064 # expand now: the trap must stop this very directory
		trap "'$launcher' down -dir '$dir'" EXIT
	fi
}

# cli_config FILE [MIRROR]: a CLI configuration that exists (a missing
# TF_CLI_CONFIG_FILE makes OpenTofu print warnings that break -json output),
# optionally installing egplatform/eg from a filesystem mirror, offline.
cli_config() {
	local file=$1 mirror=${2:-}
	mkdir -p "$(dirname "$file")"
	if [ -z "$mirror" ]; then
		: >"$file"
	else
		cat >"$file" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/egplatform/eg" = "$mirror/bin"
  }
  filesystem_mirror {
    path    = "$mirror/plugins"
    include = ["registry.terraform.io/egplatform/eg"]
  }
  direct {
    exclude = ["registry.terraform.io/egplatform/eg"]
  }
}
CFG
	fi
	export TF_CLI_CONFIG_FILE=$file
}

# provider_mirror DIR VERSION [release]: builds the provider into DIR/bin
# (for dev_overrides) and DIR/plugins (a filesystem mirror, so that init
# works offline). With "release", built as .goreleaser.yml builds what users
# install (static, no symbols): the benchmark measures that binary's memory.
# A default build links C and exports every Go symbol for the plugin package
# a dependency imports, and its process starts about 30 MiB larger.
provider_mirror() {
	local dir=$1 version=$2 how=${3:-}
	local os_arch
	os_arch="$(go env GOOS)_$(go env GOARCH)"
	local plugin="$dir/plugins/registry.terraform.io/egplatform/eg/$version/$os_arch"
	mkdir -p "$dir/bin" "$plugin"
	if [ "$how" = release ]; then
		(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$dir/bin/terraform-provider-eg" .)
	else
		(cd "$ROOT" && go build -trimpath -ldflags "-X main.version=$version" -o "$dir/bin/terraform-provider-eg" .)
	fi
	cp "$dir/bin/terraform-provider-eg" "$plugin/terraform-provider-eg_v$version"
}

# controller_bin: where the machine can run Envoy Gateway controllers (root,
# network namespaces; iproute2 is installed when missing), build
# envoy-gateway (cold ~9 min, then cached) and export EG_GATEWAY_BIN.
# Elsewhere say why: the controller tests skip and statuses stay Unknown.
controller_bin() {
	if [ -n "${EG_GATEWAY_BIN:-}" ]; then
		return
	fi
	if [ "$(id -u)" != 0 ]; then
		log "not root: the Envoy Gateway controller cannot run in network namespaces here; its tests skip"
		return
	fi
	if ! command -v ip >/dev/null; then
		log "installing iproute2 (ip netns) for the Envoy Gateway controller"
		if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2; } >/dev/null; then
			log "could not install iproute2: the Envoy Gateway controller tests skip"
			return
		fi
	fi
	if ! ip netns add "egbed-probe-$$" 2>/dev/null; then
		log "cannot create network namespaces here: the Envoy Gateway controller tests skip"
		return
	fi
	ip netns del "egbed-probe-$$"
	EG_GATEWAY_BIN=$("$ROOT/testbed/build.sh" eg | tail -n 1)
	export EG_GATEWAY_BIN
}

# eg_chart DIR: prepares an installable copy of Envoy Gateway's chart in
# DIR/gateway-helm from the Go module cache (egbed chart, the code the tests
# use) and prints its path. The copy is never committed.
eg_chart() {
	local launcher
	launcher=$(egbed) && "$launcher" chart -dir "$1"
}

#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# Builds the test bed's tools from the Go module proxy and caches them under a
# directory keyed by version, so that a second run costs seconds.
#
#   testbed/build.sh tofu     OpenTofu CLI            -> $EG_CACHE/opentofu-$TOFU_VERSION/tofu
#   testbed/build.sh terraform-1.5  Terraform 1.5.7   -> $EG_CACHE/terraform-$TF15_VERSION/terraform
#                             (the last MPL release; cold ~5 min)
#   testbed/build.sh terraform      the newest Terraform -> $EG_CACHE/terraform-$TF_VERSION/terraform
#                             that builds here, its remote-state backends stubbed (cold ~6 min)
#   testbed/build.sh kube     etcd, kube-apiserver,   -> $EG_CACHE/kubernetes-$KUBE_VERSION/
#                             kube-controller-manager, kubectl
#   testbed/build.sh eg       the Envoy Gateway       -> $EG_CACHE/envoy-gateway-$EG_VERSION/envoy-gateway
#                             controller (cold: ~9 min)
#   testbed/build.sh goreleaser     goreleaser         -> $EG_CACHE/goreleaser-$GORELEASER_VERSION/goreleaser
#   testbed/build.sh golangci-lint  golangci-lint      -> $EG_CACHE/golangci-lint-$GOLANGCI_LINT_VERSION/golangci-lint
#   testbed/build.sh all      tofu and kube (eg and the release tools only when asked)
#
# Each prints the directory of the binaries on its last line.
set -euo pipefail

TOFU_VERSION=${TOFU_VERSION:-v1.12.6}
TF15_VERSION=v1.5.7
TF_VERSION=${TF_VERSION:-v1.13.3}
KUBE_VERSION=v1.37.2   # pinned by testbed/kube/go.mod
EG_VERSION=v1.9.1      # the chart version eg_tenant defaults to
# The newest v2 releases the module proxy serves that build with Go 1.26
# (goreleaser v2.18 and later need Go 1.27).
GORELEASER_VERSION=v2.17.0
GOLANGCI_LINT_VERSION=v2.15.0
EG_CACHE=${EG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-eg}
here=$(cd "$(dirname "$0")" && pwd)

log() { printf 'testbed: %s\n' "$*" >&2; }

build_tofu() {
	local out="$EG_CACHE/opentofu-$TOFU_VERSION"
	if [ -x "$out/tofu" ]; then echo "$out"; return; fi
	log "building OpenTofu $TOFU_VERSION (cold: ~10 min)"
	local dir
	# OpenTofu's go.mod has a replace line, so `go install` refuses it: build inside the module.
	dir=$(go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] || { log "could not download github.com/opentofu/opentofu@$TOFU_VERSION"; exit 1; }
	mkdir -p "$out.tmp"
	(cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
		-ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$out.tmp/tofu" ./cmd/tofu)
	rm -rf "$out" && mv "$out.tmp" "$out"
	echo "$out"
}

# build_terraform VERSION: Terraform from the module proxy. Up to v1.5 a plain
# build of the module works. From v1.6 its go.mod replaces the remote-state
# backends it imports (azure, consul, cos, gcs, kubernetes, oci, oss, pg, s3)
# and internal/legacy with nested modules under ./internal that the module
# zip leaves out, so the build runs in a copy of the module directory where
# each stands in as a stub module: New() returns a backend whose
# PrepareConfig and Configure fail with "backend not available in this
# build". The tests use the local backend only (local, remote, http, inmem
# and cloud are in the main module and built as they are).
build_terraform() {
	local version=$1
	local out="$EG_CACHE/terraform-$version"
	if [ -x "$out/terraform" ]; then echo "$out"; return; fi
	log "building Terraform $version (cold: ~5 min)"
	local dir
	dir=$(GOFLAGS= go mod download -json "github.com/hashicorp/terraform@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] || { log "could not download github.com/hashicorp/terraform@$version"; exit 1; }
	rm -rf "$out.tmp" && mkdir -p "$out.tmp"
	local src=$dir
	local stubs
	stubs=$(sed -n 's#^replace \(github.com/hashicorp/terraform/internal/[^ ]*\) => \./\(internal/[^ ]*\)$#\1 \2#p' "$dir/go.mod")
	if [ -n "$stubs" ]; then
		src="$out.tmp/src"
		cp -r "$dir" "$src" && chmod -R u+w "$src" # the module cache is read-only
		local goline mod rel pkg
		goline=$(grep -m1 '^go ' "$dir/go.mod")
		while read -r mod rel; do
			[ -e "$src/$rel/go.mod" ] && continue # shipped after all
			mkdir -p "$src/$rel"
			printf 'module %s\n\n%s\n' "$mod" "$goline" >"$src/$rel/go.mod"
			case "$rel" in internal/backend/remote-state/*) ;; *) continue ;; esac # a module only
			pkg=${rel##*/}
			cat >"$src/$rel/stub.go" <<GO
// Package $pkg stands in for Terraform's $pkg remote-state backend, whose
// module the module zip leaves out (built by terraform-provider-eg's test bed).
package $pkg

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

// stub fails at PrepareConfig and Configure, before any other method of the
// (nil) embedded Backend could be reached.
type stub struct{ backend.Backend }

func New() backend.Backend { return stub{} }

func (stub) ConfigSchema() *configschema.Block { return &configschema.Block{} }

func (stub) PrepareConfig(v cty.Value) (cty.Value, tfdiags.Diagnostics) {
	return v, unavailable()
}

func (stub) Configure(cty.Value) tfdiags.Diagnostics { return unavailable() }

func unavailable() tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(tfdiags.Sourceless(tfdiags.Error, "Backend not available",
		"The \"$pkg\" backend is not available in this build (a test build with stubbed remote-state backends)."))
}
GO
		done <<<"$stubs"
	fi
	# version.dev=no: from v1.6 the version reads "-dev" unless told otherwise
	# (an unknown -X symbol is ignored by older versions).
	(cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
		-ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out.tmp/terraform" .)
	rm -rf "$out.tmp/src"
	"$out.tmp/terraform" version >&2
	rm -rf "$out" && mv "$out.tmp" "$out"
	echo "$out"
}

build_kube() {
	local out="$EG_CACHE/kubernetes-$KUBE_VERSION"
	if [ -x "$out/kube-apiserver" ] && [ -x "$out/kube-controller-manager" ] &&
		[ -x "$out/kubectl" ] && [ -x "$out/etcd" ]; then echo "$out"; return; fi
	log "building etcd, kube-apiserver, kube-controller-manager, kubectl $KUBE_VERSION (cold: ~7 min)"
	local minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
	local pkg=k8s.io/component-base/version
	local ld="-s -w -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
	ld="$ld -X $pkg.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"
	mkdir -p "$out.tmp"
	(cd "$here/kube" && CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$out.tmp/" \
		k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
		k8s.io/kubernetes/cmd/kubectl ./etcd)
	rm -rf "$out" && mv "$out.tmp" "$out"
	echo "$out"
}

build_eg() {
	local out="$EG_CACHE/envoy-gateway-$EG_VERSION"
	if [ -x "$out/envoy-gateway" ]; then echo "$out"; return; fi
	log "building envoy-gateway $EG_VERSION (cold: ~9 min)"
	# Upstream's Makefile stamps the version the same way; nothing at run time
	# depends on it but `envoy-gateway version` and the admin console.
	local ld="-s -w -X github.com/envoyproxy/gateway/internal/cmd/version.envoyGatewayVersion=$EG_VERSION"
	mkdir -p "$out.tmp"
	# go install from the module proxy: the module has no replace lines. GOFLAGS
	# is cleared so a caller's -mod=vendor or similar cannot leak in.
	GOFLAGS= GOBIN="$out.tmp" CGO_ENABLED=0 go install -trimpath -ldflags "$ld" \
		"github.com/envoyproxy/gateway/cmd/envoy-gateway@$EG_VERSION"
	rm -rf "$out" && mv "$out.tmp" "$out"
	echo "$out"
}

# go_install_tool NAME VERSION MODULE_PATH: `go install` a tool with no
# replace lines in its go.mod into $EG_CACHE/NAME-VERSION/ and print the directory.
go_install_tool() {
	local name=$1 version=$2 pkg=$3
	local out="$EG_CACHE/$name-$version"
	if [ -x "$out/$name" ]; then echo "$out"; return; fi
	log "building $name $version"
	rm -rf "$out.tmp" && mkdir -p "$out.tmp"
	GOFLAGS= GOBIN="$out.tmp" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "$pkg@$version"
	rm -rf "$out" && mv "$out.tmp" "$out"
	echo "$out"
}

# locked TOOL: one build of a tool at a time (make test builds the
# acceptance tests' CLI while its docs check may ask for the same one); a
# build that waited finds the binary in the cache. Held until exit.
locked() {
	mkdir -p "$EG_CACHE"
	exec 9>"$EG_CACHE/.build-$1.lock"
	flock 9
}

case "${1:-all}" in
tofu) locked tofu; build_tofu ;;
terraform-1.5) locked terraform-1.5; build_terraform "$TF15_VERSION" ;;
terraform) locked terraform; build_terraform "$TF_VERSION" ;;
kube) locked kube; build_kube ;;
eg) locked eg; build_eg ;;
goreleaser) locked goreleaser; go_install_tool goreleaser "$GORELEASER_VERSION" github.com/goreleaser/goreleaser/v2 ;;
golangci-lint) locked golangci-lint; go_install_tool golangci-lint "$GOLANGCI_LINT_VERSION" github.com/golangci/golangci-lint/v2/cmd/golangci-lint ;;
all) "$0" kube; "$0" tofu ;;
*) echo "usage: $0 [tofu|terraform-1.5|terraform|kube|eg|goreleaser|golangci-lint|all]" >&2; exit 2 ;;
esac

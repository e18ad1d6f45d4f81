#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make lint: golangci-lint (built from the Go module proxy and cached) with
# .golangci.yml over the provider's module; it runs go vet's analyzers and
# the gofmt and goimports checks too. Arguments (flags, packages) replace the
# default ./... of `golangci-lint run`. The SPDX header check runs first.
source "$(dirname "$0")/lib.sh"

lint="$("$ROOT/testbed/build.sh" golangci-lint | tail -n 1)/golangci-lint"
cd "$ROOT"
"$ROOT/testbed/spdx.sh" check
"$lint" run "${@:-./...}"

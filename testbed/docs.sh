#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make generate: regenerate docs/ from the provider's schema, templates/ and
# examples/ with tfplugindocs. `docs.sh check` fails when docs/ is stale or
# invalid (tfplugindocs validate), or when examples/ is not fmt-clean.
source "$(dirname "$0")/lib.sh"

mode=${1:-generate}
work="$ROOT/.testbed/docs"
cli=$(tf_cli)
rm -rf "$work" && mkdir -p "$work/config"
provider_mirror "$work/provider" "${VERSION:-0.1.0}"
cli_config "$work/cli.tfrc" "$work/provider"
cat >"$work/config/main.tf" <<'TF'
terraform {
  required_providers {
    eg = { source = "registry.terraform.io/egplatform/eg" }
  }
}
TF
"$cli" -chdir="$work/config" init -input=false -no-color >/dev/null
# tfplugindocs looks the schema up by the short name (or under hashicorp/).
"$cli" -chdir="$work/config" providers schema -json |
	sed 's#"registry.terraform.io/egplatform/eg":#"eg":#' >"$work/schema.json"

# tfplugindocs takes the output directory relative to the provider directory.
docs=docs
if [ "$mode" = check ]; then
	docs=.testbed/docs/docs
	cp -r "$ROOT/docs" "$ROOT/$docs"
fi
GOBIN="$EG_CACHE/bin" go install "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@$TFPLUGINDOCS_VERSION"
(cd "$ROOT" && "$EG_CACHE/bin/tfplugindocs" generate --provider-name eg --rendered-provider-name "Envoy Gateway (eg)" \
	--providers-schema "$work/schema.json" --rendered-website-dir "$docs" >/dev/null)
if [ "$mode" = check ]; then
	if ! diff -ru "$ROOT/docs" "$ROOT/$docs"; then
		echo "docs/ is stale: run make generate and commit the result" >&2
		exit 1
	fi
	log "docs/ is up to date"
	if ! out=$(cd "$ROOT" && "$EG_CACHE/bin/tfplugindocs" validate --provider-name eg --providers-schema "$work/schema.json" 2>&1); then
		grep -v '\[DEBUG\]' <<<"$out" >&2
		echo "docs/ is not valid for a provider registry (tfplugindocs validate)" >&2
		exit 1
	fi
	log "docs/ is valid (tfplugindocs validate)"
	if ! "$cli" fmt -check -recursive -diff "$ROOT/examples"; then
		echo "examples/ is not formatted: run $cli fmt -recursive examples/ and commit the result" >&2
		exit 1
	fi
	log "examples/ is fmt-clean ($(basename "$cli") fmt -check)"
fi

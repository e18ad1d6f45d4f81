#!/usr/bin/env bash
# make demo: bring up the test bed's control plane (unless KUBECONFIG names a
# cluster), build the provider, apply every example under examples/ that the
# demo lists, and print what was created. The control plane stays up so that
# what was created can be looked at; `make demo-down` stops it.
source "$(dirname "$0")/lib.sh"

VERSION=${VERSION:-0.1.0}
# The examples the demo applies, in order (examples/<name>/).
EXAMPLES=(demo)

work="$ROOT/.testbed/demo"
cli=$(tf_cli)
if [ -z "${KUBECONFIG:-}" ]; then
	# A fresh control plane: state from an earlier demo would describe objects
	# that no longer exist.
	rm -rf "$work/run"
fi
KEEP=1 cluster_up "$work/cluster"
provider_mirror "$work/provider" "$VERSION"
cli_config "$work/cli.tfrc" "$work/provider"

for ex in "${EXAMPLES[@]}"; do
	dir="$work/run/$ex"
	mkdir -p "$dir"
	# A copy keeps the working files (.terraform, state) out of examples/.
	cp "$ROOT/examples/$ex/"*.tf "$dir/"
	log "applying examples/$ex"
	"$cli" -chdir="$dir" init -input=false -no-color >/dev/null
	"$cli" -chdir="$dir" apply -input=false -auto-approve -no-color >"$dir/apply.log" ||
		{ cat "$dir/apply.log"; exit 1; }
	grep '^Apply complete' "$dir/apply.log"
	log "examples/$ex created:"
	"$cli" -chdir="$dir" output -no-color
done

cat <<MSG

The demo cluster is still running:
  export KUBECONFIG=$KUBECONFIG
Stop it with: make demo-down
MSG

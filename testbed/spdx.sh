#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# SPDX headers on the project's own source files.
#
#   testbed/spdx.sh check [PATH...]   list files without the header; exit 1 if any
#   testbed/spdx.sh add [PATH...]     add the header where it is missing
#
# PATHs (default: the whole repository) limit the files to git's tracked and
# untracked-but-not-ignored files under them. Go files get `//` comments,
# shell, HCL and YAML files `#` comments (after a shebang). Left alone: what
# is generated (docs/, files marked "Code generated"), test data, and
# examples/, which the docs quote as users would copy them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COPYRIGHT="Copyright (c) The terraform-provider-eg Authors"
LICENSE_ID="SPDX-License-Identifier: MPL-2.0"

# candidates PATH...: the files that should carry the header.
candidates() {
	git -C "$ROOT" ls-files --cached --others --exclude-standard -- "$@" |
		grep -E '\.(go|sh|tf|hcl|ya?ml)$|^\.ci/run$' |
		grep -vE '(^|/)testdata/|^docs/|^examples/|^templates/' |
		while read -r f; do
			[ -f "$ROOT/$f" ] || continue
			# Generated Go files say so on a line of their own.
			grep -qE '^// Code generated .* DO NOT EDIT\.$' "$ROOT/$f" && continue
			echo "$f"
		done
}

has_header() { head -n 5 "$1" | grep -qF "$LICENSE_ID"; }

comment_prefix() {
	case "$1" in
	*.go) echo "//" ;;
	*) echo "#" ;;
	esac
}

# add_header FILE: the two lines and a blank line at the top, after a
# shebang if there is one; the blank line keeps the header out of a Go
# package's documentation.
add_header() {
	local file=$1 c tmp
	c=$(comment_prefix "$file")
	tmp=$(mktemp)
	{
		if head -n 1 "$file" | grep -q '^#!'; then
			head -n 1 "$file"
			printf '%s %s\n%s %s\n' "$c" "$COPYRIGHT" "$c" "$LICENSE_ID"
			tail -n +2 "$file" | sed '1{/^$/!s/^/\n/}'
		else
			printf '%s %s\n%s %s\n\n' "$c" "$COPYRIGHT" "$c" "$LICENSE_ID"
			cat "$file"
		fi
	} >"$tmp"
	cat "$tmp" >"$file" # keeps the file's mode
	rm -f "$tmp"
}

mode=${1:-check}
shift || true
case "$mode" in
check | add) ;;
*) echo "usage: $0 check|add [PATH...] (paths relative to the repository root)" >&2; exit 2 ;;
esac
missing=0
while read -r f; do
	has_header "$ROOT/$f" && continue
	case "$mode" in
	check) echo "missing SPDX header: $f"; missing=$((missing + 1)) ;;
	add) add_header "$ROOT/$f"; echo "added SPDX header: $f" ;;
	esac
done < <(candidates "$@")
if [ "$missing" -gt 0 ]; then
	echo "$missing files lack the SPDX header: run testbed/spdx.sh add" >&2
	exit 1
fi

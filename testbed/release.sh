#!/usr/bin/env bash
# Copyright (c) The terraform-provider-eg Authors
# SPDX-License-Identifier: MPL-2.0

# make release-snapshot: runs .goreleaser.yml in snapshot mode (goreleaser
# built from the Go module proxy and cached), signing the checksums with a
# throwaway GPG key, then checks what a provider registry would read: one zip
# per platform under the expected name, holding the stamped binary; a
# SHA256SUMS that verifies and lists the manifest; the manifest's content; and
# the detached signature.
source "$(dirname "$0")/lib.sh"

# Every platform Go supports among linux/darwin/windows/freebsd and
# amd64/arm64/arm/386 (go tool dist list): what .goreleaser.yml must build.
PLATFORMS=(darwin_amd64 darwin_arm64 freebsd_386 freebsd_amd64 freebsd_arm freebsd_arm64
	linux_386 linux_amd64 linux_arm linux_arm64 windows_386 windows_amd64 windows_arm64)
NAME=terraform-provider-eg

fail() { printf 'release-snapshot: %s\n' "$*" >&2; exit 1; }

ensure_gpg() {
	command -v gpg >/dev/null && return
	[ "$(id -u)" = 0 ] || fail "gpg is missing and only root can install it (apt-get install gnupg)"
	log "installing gnupg from Debian to sign the snapshot"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnupg; } >/dev/null
}

# throwaway_key: a signing key in a private GNUPGHOME, removed on exit;
# exports GPG_FINGERPRINT as the release workflow does.
throwaway_key() {
	GNUPGHOME=$(mktemp -d)
	export GNUPGHOME
	trap 'gpgconf --kill gpg-agent 2>/dev/null || true; rm -rf "$GNUPGHOME"' EXIT
	# RSA: the key type provider registries accept.
	gpg --batch --quiet --passphrase '' --quick-gen-key "$NAME snapshot <snapshot@invalid>" rsa3072 sign 1d 2>/dev/null
	GPG_FINGERPRINT=$(gpg --list-secret-keys --with-colons 2>/dev/null | awk -F: '/^fpr:/ { print $10; exit }')
	[ -n "$GPG_FINGERPRINT" ] || fail "no fingerprint for the throwaway key"
	export GPG_FINGERPRINT
}

# check_archive ZIP BINARY: the zip holds the binary, built as the release
# promises (static, trimmed, stamped with the version).
check_archive() {
	local zip=$1 binary=$2 tmp
	tmp=$(mktemp -d)
	unzip -q "$zip" -d "$tmp"
	[ -f "$tmp/$binary" ] || fail "$zip does not hold $binary: $(ls "$tmp")"
	# With -trimpath the build info leaves out -ldflags: look for the
	# stamped version string itself.
	grep -qaF -- "$version" "$tmp/$binary" || fail "$binary does not hold its version $version (main.version)"
	local info
	info=$(go version -m "$tmp/$binary")
	grep -q 'CGO_ENABLED=0' <<<"$info" || fail "$binary was built with cgo"
	grep -q -- '-trimpath=true' <<<"$info" || fail "$binary was built without -trimpath"
	rm -rf "$tmp"
}

check_archives() {
	local want=() p
	for p in "${PLATFORMS[@]}"; do want+=("${NAME}_${version}_$p.zip"); done
	local have
	have=$(cd "$dist" && ls ./*.zip | sed 's#^\./##' | sort)
	diff <(printf '%s\n' "${want[@]}" | sort) <(echo "$have") ||
		fail "the archives differ from the expected list (< expected, > made)"
	for p in "${PLATFORMS[@]}"; do
		local exe=""
		[[ $p == windows_* ]] && exe=.exe
		check_archive "$dist/${NAME}_${version}_$p.zip" "${NAME}_v$version$exe"
	done
	log "archives (${#PLATFORMS[@]}), each holding ${NAME}_v$version, static, trimmed and stamped:"
	(cd "$dist" && ls -l ./*.zip | awk '{ printf "  %9d  %s\n", $5, substr($9, 3) }')
}

# check_checksums: verifies every line where the release would publish it:
# the archives beside the manifest copy that release.extra_files uploads.
check_checksums() {
	local sums="${NAME}_${version}_SHA256SUMS" manifest="${NAME}_${version}_manifest.json"
	[ -f "$dist/$sums" ] || fail "no $sums in $dist"
	local want
	want=$(sha256sum "$ROOT/terraform-registry-manifest.json" | cut -d' ' -f1)
	grep -qx "$want  $manifest" "$dist/$sums" ||
		fail "$sums does not list $manifest with the checksum of terraform-registry-manifest.json"
	local published
	published=$(mktemp -d)
	cp "$dist"/*.zip "$dist/$sums" "$dist/$sums.sig" "$published/"
	cp "$ROOT/terraform-registry-manifest.json" "$published/$manifest"
	log "sha256sum -c $sums:"
	local out
	out=$(cd "$published" && sha256sum -c "$sums" 2>&1) || { echo "$out"; fail "$sums does not verify"; }
	sed 's/^/  /' <<<"$out"
	[ "$(wc -l <"$dist/$sums")" = $((${#PLATFORMS[@]} + 1)) ] || fail "$sums lists other files"
	log "gpg --verify $sums.sig $sums:"
	out=$(gpg --batch --verify "$published/$sums.sig" "$published/$sums" 2>&1) ||
		{ echo "$out"; fail "the signature of $sums does not verify"; }
	sed 's/^/  /' <<<"$out"
	rm -rf "$published"
}

ensure_gpg
goreleaser="$("$ROOT/testbed/build.sh" goreleaser | tail -n 1)/goreleaser"
throwaway_key
dist="$ROOT/dist"
mkdir -p "$ROOT/.testbed"
log "goreleaser release --snapshot --clean (signing with throwaway key $GPG_FINGERPRINT)"
# 13 cross builds of a provider that embeds Helm and client-go: on a busy
# 2-core machine they took longer than goreleaser's default limit of an hour.
(cd "$ROOT" && "$goreleaser" release --snapshot --clean --timeout 3h) >"$ROOT/.testbed/release-snapshot.log" 2>&1 ||
	{ tail -n 40 "$ROOT/.testbed/release-snapshot.log"; fail "goreleaser failed (log: .testbed/release-snapshot.log)"; }
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$dist/metadata.json")
[ -n "$version" ] || fail "no version in $dist/metadata.json"
log "snapshot version $version"
check_archives
check_checksums
log "release snapshot verified in $dist"

#!/usr/bin/env bash
# Installs byline for action.yml: the release archive for this runner, checked
# against its SHA-256 sum, or `cargo install --locked` where no archive fits.
set -euo pipefail

case "${RUNNER_OS:-}-${RUNNER_ARCH:-}" in
  Linux-X64) target=x86_64-unknown-linux-musl ;;
  Linux-ARM64) target=aarch64-unknown-linux-musl ;;
  macOS-X64) target=x86_64-apple-darwin ;;
  macOS-ARM64) target=aarch64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

repo="${REPO:-byline-ssg/byline}"
version="${VERSION:-latest}"
bin="${RUNNER_TEMP:-/tmp}/byline-bin"
mkdir -p "$bin"

if [[ "$version" == latest ]]; then
  base="https://github.com/$repo/releases/latest/download"
else
  base="https://github.com/$repo/releases/download/$version"
fi

installed=false
if [[ -n "$target" ]]; then
  archive="byline-$target.tar.gz"
  [[ "$target" == *windows* ]] && archive="byline-$target.zip"
  work="$(mktemp -d)"
  if curl -fsSL --retry 3 -o "$work/$archive" "$base/$archive" &&
    curl -fsSL --retry 3 -o "$work/$archive.sha256" "$base/$archive.sha256"; then
    (cd "$work" && if command -v sha256sum >/dev/null; then sha256sum -c "$archive.sha256"; else shasum -a 256 -c "$archive.sha256"; fi)
    if [[ "$archive" == *.zip ]]; then
      unzip -q "$work/$archive" -d "$work"
    else
      tar xzf "$work/$archive" -C "$work"
    fi
    cp "$work/byline-$target"/byline* "$bin/"
    installed=true
  else
    echo "::notice::no byline release archive for $target ($version); building it with cargo install"
  fi
fi

if [[ "$installed" == false ]]; then
  args=(install --locked --root "${RUNNER_TEMP:-/tmp}/byline-cargo" byline)
  if [[ "$version" != latest ]]; then args+=(--version "${version#v}"); fi
  cargo "${args[@]}"
  cp "${RUNNER_TEMP:-/tmp}/byline-cargo/bin/"byline* "$bin/"
fi

echo "$bin" >> "$GITHUB_PATH"
"$bin/byline" --version

#!/usr/bin/env bash
# Installs the pinned mdBook into the repository's own tool root, target/tools/bin/mdbook
# (ignored by git, beside the cargo build cache), so that nothing global is needed.
# A no-op, without touching the network, when that version is already there.
#
#   tests/book/install-mdbook.sh      prints the path of the mdbook binary on its last line
#
# Only the `search` feature: the test suite builds the book, it does not serve it, and
# leaving out `serve` and `watch` (a web server and a file watcher) halves the first build.
set -euo pipefail

readonly version="0.5.4"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/target/tools"
mdbook="$tools/bin/mdbook"

if [[ -x "$mdbook" ]] && [[ "$("$mdbook" --version 2>/dev/null)" == "mdbook v$version" ]]; then
  printf '%s\n' "$mdbook"
  exit 0
fi

command -v cargo >/dev/null || { echo "install-mdbook: cargo is missing (install Rust with rustup)" >&2; exit 2; }
echo "install-mdbook: building mdbook $version into $tools (once; a few minutes)" >&2
# The run-all script exports CARGO_TARGET_DIR (the workspace's target/); cargo install would
# build there and leave mdbook's dependencies beside the workspace's. A temporary directory
# of its own, which cargo deletes after the install, keeps them apart.
env -u CARGO_TARGET_DIR cargo install mdbook --locked --version "$version" \
  --no-default-features --features search --root "$tools" --quiet >&2
printf '%s\n' "$mdbook"

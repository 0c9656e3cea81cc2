#!/usr/bin/env bash
# Edit → verdict in `ferry watch`, against cargo's own incremental build of the same edit
# (figures, not a test; harness.md's bar: no more than cargo's time + 0.5 s).
# ferry watch runs in tmux on a copy of the tree with 01-hello's reference as the crate;
# each run appends a comment to a source file and times until the screen shows the
# verdict. Usage: tests/bench/watch_latency.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${1:-$root/build}"
runs="${2:-5}"
. "$root/tests/e2e/lib.sh"
command -v tmux >/dev/null || { echo "tmux is needed"; exit 2; }

scratch="$(mktemp -d /tmp/ferry-watch-bench-XXXXXX)"
sock="$scratch/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$scratch"' EXIT
copy_tree "$root" "$scratch/tree" bench-watch
crate="$scratch/tree/exercises/01-hello"
cp "$root"/reference-rust/01-hello/src/*.rs "$crate/src/"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$scratch/tree" && cargo build --quiet -p hello-bench-watch)

tmux -u -S "$sock" -f /dev/null new-session -d -x 180 -y 60 -s watch \
  "env FERRY_DB='$scratch/db' NO_COLOR=1 FERRY_NO_CLIPPY=1 '$build_dir/cpp-harness/ferry' --root '$scratch/tree' watch 01-hello"
screen() { tmux -S "$sock" capture-pane -p -J -t watch; }
verdict() { screen | grep -q "PASS 01-hello"; }
cleared() { ! screen | grep -q "keys:"; }
now() { date +%s.%N; }
# A finer poll for the timed part (20 ms), still bounded.
poll_fast() {
  local deadline=$((SECONDS + 120))
  until "$@"; do
    ((SECONDS < deadline)) || { echo "timed out" >&2; exit 1; }
    sleep 0.02
  done
}
poll_until "the first verdict" 600 verdict

ferry_times=()
cargo_times=()
for ((i = 1; i <= runs; i++)); do
  poll_until "the keys line" 60 bash -c "tmux -S '$sock' capture-pane -p -J -t watch | grep -q 'keys:'"
  start="$(now)"
  printf '// edit %d\n' "$i" >>"$crate/src/routes.rs"
  poll_fast cleared
  poll_fast verdict
  ferry_times+=("$(echo "$(now) - $start" | bc)")
  # The same kind of edit, built by cargo alone (ferry is idle: no check runs meanwhile).
  poll_until "the keys line" 60 bash -c "tmux -S '$sock' capture-pane -p -J -t watch | grep -q 'keys:'"
  tmux -S "$sock" kill-session -t watch
  printf '// cargo %d\n' "$i" >>"$crate/src/routes.rs"
  start="$(now)"
  (cd "$scratch/tree" && cargo build --quiet -p hello-bench-watch --message-format=json >/dev/null)
  cargo_times+=("$(echo "$(now) - $start" | bc)")
  tmux -u -S "$sock" -f /dev/null new-session -d -x 180 -y 60 -s watch \
    "env FERRY_DB='$scratch/db' NO_COLOR=1 FERRY_NO_CLIPPY=1 '$build_dir/cpp-harness/ferry' --root '$scratch/tree' watch 01-hello"
  poll_until "the verdict after a restart" 600 verdict
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "edit → verdict in ferry watch (s): ${ferry_times[*]}  median $(median "${ferry_times[@]}")"
echo "cargo build of the same edit (s):   ${cargo_times[*]}  median $(median "${cargo_times[@]}")"

#!/usr/bin/env bash
# ferry watch through a terminal multiplexer: start it in tmux on a copy of the tree,
# save files, press keys, and read the screen. Usage: watch_test.sh FERRY SOURCE_DIR
set -euo pipefail
ferry="$1"
source_dir="$2"
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null; then
  echo "SKIP: tmux is not installed (./ferry test installs it when run as root)"
  exit 77
fi

scratch="$(mktemp -d /tmp/ferry-watch-XXXXXX)"
sock="$scratch/tmux.sock"
cleanup() {
  tmux -S "$sock" kill-server 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

copy_tree "$source_dir" "$scratch/tree" e2e-watch
crate="$scratch/tree/exercises/01-hello"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$source_dir/target}"
db="$scratch/progress.db"

# A private tmux server; the pane's shell reports ferry's exit code and stays, so the
# test can read it.
tmux -u -S "$sock" -f /dev/null new-session -d -x 180 -y 60 -s watch \
  "env FERRY_DB='$db' NO_COLOR=1 FERRY_NO_CLIPPY=1 CARGO_TERM_COLOR=never '$ferry' --root '$scratch/tree' watch 01-hello; echo \"[ferry exited: \$?]\"; exec tail -f /dev/null"

screen() { tmux -S "$sock" capture-pane -p -J -t watch; }
shows() { screen | grep -qF -- "$1"; }
shows_not() { ! screen | grep -qF -- "$1"; }
wait_for() {
  if ! poll_until "the screen to show \"$1\"" "${2:-600}" shows "$1"; then
    echo "--- the screen:" >&2; screen | grep -v '^$' | tail -40 >&2; exit 1
  fi
}
attempts() { FERRY_DB="$db" "$ferry" --root "$scratch/tree" progress --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["attempts"])'; }

# 1. The first check runs at once: the starter panics at its todo!(), so it does not start.
wait_for "keys: n next exercise"
shows "01-hello" || fail "the screen does not name the exercise"
[[ "$(attempts)" == 1 ]] || fail "the first check should be one attempt; attempts: $(attempts)"
echo "ok: the first check ran and shows the keys"

# 2. Saving the reference's four files at once: one check (debounced), and it passes.
cp "$source_dir"/reference-rust/01-hello/src/*.rs "$crate/src/"
wait_for "press n for the next exercise, 02-users"
[[ "$(attempts)" == 2 ]] || fail "four files saved at once should make one check; attempts: $(attempts)"
echo "ok: a save re-checks, once"

# 3. h: the hint (none needed after a pass); l: the list.
tmux -S "$sock" send-keys -t watch h
wait_for "no hint needed"
tmux -S "$sock" send-keys -t watch l
wait_for "next: read lessons/02-users.md"
echo "ok: h and l answer"

# 4. r re-runs: a fresh screen with the verdict again.
tmux -S "$sock" send-keys -t watch r
poll_until "r to clear the list away" 600 shows_not "no hint needed" || { screen; exit 1; }
wait_for "next: every case passes"
[[ "$(attempts)" == 3 ]] || fail "r should make one more check; attempts: $(attempts)"
echo "ok: r re-runs"

# 5. n: the next exercise, checked at once (its starter does not start either).
tmux -S "$sock" send-keys -t watch n
wait_for "02-users (exercises/02-users)"
wait_for "keys: n next exercise"
echo "ok: n moves on to 02-users"

# 6. q: a clean exit, code 0.
tmux -S "$sock" send-keys -t watch q
wait_for "[ferry exited: 0]" 60
shows "ferry watch: bye" || fail "no goodbye"
echo "ok: q quits with 0"

# 7. --manual: no file watching; r re-checks, Ctrl-C interrupts with 130.
before="$(attempts)"
tmux -u -S "$sock" new-session -d -x 180 -y 60 -s manual \
  "env FERRY_DB='$db' NO_COLOR=1 FERRY_NO_CLIPPY=1 CARGO_TERM_COLOR=never '$ferry' --root '$scratch/tree' watch 01-hello --manual; echo \"[ferry exited: \$?]\"; exec tail -f /dev/null"
mscreen() { tmux -S "$sock" capture-pane -p -J -t manual; }
mshows() { mscreen | grep -qF -- "$1"; }
poll_until "--manual to show its keys" 600 mshows "keys: n next exercise" || { mscreen; exit 1; }
mshows "or save a file" && fail "--manual should not offer re-checks on save"
tmux -S "$sock" send-keys -t manual r
attempts_at_least() { [[ "$(attempts)" -ge "$1" ]]; }
poll_until "r to record another attempt" 600 attempts_at_least $((before + 2)) || { mscreen; exit 1; }
poll_until "the keys after the re-run" 600 mshows "keys: n next exercise" || { mscreen; exit 1; }
tmux -S "$sock" send-keys -t manual C-c
poll_until "Ctrl-C to end ferry watch" 60 mshows "[ferry exited: 130]" || { mscreen; exit 1; }
echo "ok: --manual re-checks on r, Ctrl-C exits with 130"
echo "watch: 8 passed, 0 failed"

#!/usr/bin/env bash
# ferry's whole test suite: what `./ferry test` and CI run.
#   1. build every Rust crate once (one shared target directory) and the Go references,
#   2. the Go references' own tests (with the race detector), go vet and gofmt,
#   3. the Rust references' and mutants' own tests, clippy and rustfmt,
#   4. the harness's unit and end-to-end tests (ctest), which grade real services.
# Usage: tests/run-all.sh BUILD_DIR [ctest -R regex]
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:?usage: tests/run-all.sh BUILD_DIR [ctest-regex]}"
filter="${2:-}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never

passed=0
failed=0
failures=()

step() {
  local name="$1"; shift
  local started=$SECONDS
  printf '\n== %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
    printf '== %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '== %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
  fi
}

# The cargo packages, from the manifest (the one list of exercises): references and
# mutants are tested; starters are only linted, their todo!()s are the learner's.
packages() {
  python3 - "$root/exercises/manifest.json" "$@" <<'PY'
import json, sys
manifest, roles = sys.argv[1], sys.argv[2:]
for exercise in json.load(open(manifest))["exercises"]:
    for role in roles:
        if exercise["packages"].get(role):
            print("-p")
            print(exercise["packages"][role])
PY
}
mapfile -t rust_checked < <(packages reference mutant)
mapfile -t starters < <(packages learner)

step "cargo build (every crate, shared target dir)" cargo build --workspace --quiet --manifest-path "$root/Cargo.toml"
step "go build" bash -c "cd '$root/reference-go' && go build ./..."
step "go vet" bash -c "cd '$root/reference-go' && go vet ./..."
step "gofmt" bash -c "cd '$root/reference-go' && test -z \"\$(gofmt -l .)\" || { gofmt -l .; exit 1; }"
# -race needs cgo (gcc); the references share state across goroutines from 04 on.
step "go test -race" bash -c "cd '$root/reference-go' && CGO_ENABLED=1 go test -race ./..."
step "cargo test (references and mutants)" cargo test --quiet --manifest-path "$root/Cargo.toml" "${rust_checked[@]}"
step "cargo clippy -D warnings" cargo clippy --quiet --manifest-path "$root/Cargo.toml" --all-targets \
  "${rust_checked[@]}" "${starters[@]}" -- -D warnings
step "cargo fmt --check" cargo fmt --manifest-path "$root/Cargo.toml" --all -- --check
step "JSON Schemas agree with the contracts" python3 "$root/tests/schema_check.py"
# The book: mdBook (pinned, installed into target/tools once) builds it, every link and
# anchor leads somewhere, every Rust snippet compiles or fails as marked, and `mdbook test`
# passes with the dependencies handed to rustdoc (tests/book/).
step "book: builds, links, snippets, mdbook test" "$root/tests/book/check-book.sh"
step "doxygen (warnings are errors)" cmake --build "$build_dir" --target docs
if [[ -n "$filter" ]]; then
  step "ctest ($filter)" ctest --test-dir "$build_dir" --output-on-failure -j2 -R "$filter"
else
  step "ctest (unit and end-to-end)" ctest --test-dir "$build_dir" --output-on-failure -j2
fi

printf '\n'
if [[ $failed -gt 0 ]]; then
  printf 'failed: %s\n' "${failures[@]}"
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]

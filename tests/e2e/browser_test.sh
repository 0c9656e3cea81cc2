#!/usr/bin/env bash
# The HTML progress report and the cohort dashboard in headless Chromium: real attempts
# and grades of 01-hello (in a copy of the tree), `progress --html`, `cohort import`
# (twice: idempotent), `ferry serve`; every page loads without console errors, its
# charts are laid out, and a screenshot of each is written to SHOT_DIR.
# Usage: browser_test.sh FERRY SOURCE_DIR SHOT_DIR
set -euo pipefail
ferry="$1"
source_dir="$2"
shots="$3"
. "$(dirname "$0")/lib.sh"

chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium_bin" ]]; then
  echo "SKIP: chromium is not installed (./ferry test installs it when run as root)"
  exit 77
fi

scratch="$(mktemp -d /tmp/ferry-browser-XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -INT "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$shots"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$source_dir/target}" CARGO_TERM_COLOR=never NO_COLOR=1
export FERRY_DB="$scratch/progress.db"
tree="$scratch/tree"
copy_tree "$source_dir" "$tree" e2e-browser
crate="$tree/exercises/01-hello"
run() { "$ferry" --root "$tree" "$@"; }

# Attempts and grades: the starter; the reference with unknown routes answered 200 (graded
# as a learner whose name needs escaping); the reference itself (graded as a second
# learner); then a crate with a use after move.
run check 01-hello >"$scratch/check1.log" 2>&1 && fail "the starter should not pass"
cp "$source_dir"/reference-rust/01-hello/src/*.rs "$crate/src/"
sed -i 's/Self::NotFound => StatusCode::NOT_FOUND/Self::NotFound => StatusCode::OK/' "$crate/src/error.rs"
run check 01-hello >"$scratch/check2.log" 2>&1 && fail "unknown routes answered 200 should fail a case"
run grade 01-hello --learner 'ana <script>alert(1)</script>' --results "$scratch/ana.json" >/dev/null 2>&1 &&
  fail "ana's grade should fail"
cp "$source_dir"/reference-rust/01-hello/src/error.rs "$crate/src/"
run check 01-hello >"$scratch/check3.log" 2>&1 || fail "the reference should pass: $(cat "$scratch/check3.log")"
run grade 01-hello --learner bo@example.com --results "$scratch/bo.json" >/dev/null 2>&1 || fail "grading the reference failed"
printf '\nfn ferry_e2e_moved() -> usize {\n    let s = String::from("x");\n    let t = s;\n    s.len() + t.len()\n}\n' >>"$crate/src/main.rs"
run check 01-hello >"$scratch/check4.log" 2>&1 && fail "a use after move should not build"
grep -q E0382 "$scratch/check4.log" || fail "the compiler's E0382 is not shown"

# The HTML report.
run progress --html "$scratch/report.html" >/dev/null

# The cohort: two files imported, then the same two again: nothing changes.
cohort="$scratch/cohort.db"
run --db "$cohort" cohort import "$scratch/ana.json" "$scratch/bo.json" >"$scratch/import1.log"
[[ "$(grep -c '^imported' "$scratch/import1.log")" == 2 ]] || fail "import: $(cat "$scratch/import1.log")"
run --db "$cohort" cohort import "$scratch/ana.json" "$scratch/bo.json" >"$scratch/import2.log"
[[ "$(grep -c '^skipped' "$scratch/import2.log")" == 2 ]] || fail "re-import: $(cat "$scratch/import2.log")"
rows="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from attempts").fetchone()[0])' "$cohort")"
[[ "$rows" == 2 ]] || fail "the cohort should hold 2 attempts after importing twice, not $rows"
echo "ok: import is idempotent (2 attempts after two imports of the same files)"

# The dashboard, on a free loopback port.
"$ferry" --root "$tree" --db "$cohort" serve --port 0 >"$scratch/serve.log" 2>&1 &
server_pid=$!
poll_until "ferry serve to print its address" 60 grep -q 'http://127.0.0.1:' "$scratch/serve.log" || { cat "$scratch/serve.log"; exit 1; }
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$scratch/serve.log")"

# browse NAME URL EXPECTED_CHARTS: the DOM after load, console messages, a screenshot.
browse() {
  local name="$1" url="$2" charts="$3"
  local flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars
               --user-data-dir="$scratch/chromium-$name" --enable-logging=stderr --v=0)
  timeout 120 "$chromium_bin" "${flags[@]}" --dump-dom "$url" >"$scratch/$name.dom" 2>"$scratch/$name.console" ||
    fail "$name: chromium could not load $url: $(tail -5 "$scratch/$name.console")"
  if grep -E 'CONSOLE|Uncaught' "$scratch/$name.console"; then
    fail "$name: the page logged to the console"
  fi
  if [[ -n "$charts" ]]; then
    grep -q "data-charts=\"$charts\"" "$scratch/$name.dom" ||
      fail "$name: expected $charts charts laid out, the body says: $(grep -o 'data-charts="[^"]*"' "$scratch/$name.dom" || echo nothing)"
  fi
  timeout 120 "$chromium_bin" "${flags[@]}" --window-size=1200,1800 --screenshot="$shots/$name.png" "$url" \
    >/dev/null 2>&1 || fail "$name: no screenshot"
  [[ -s "$shots/$name.png" ]] || fail "$name: the screenshot is empty"
  echo "ok: $name loads without console errors${charts:+, $charts charts drawn}; screenshot $shots/$name.png"
}

browse progress-report "file://$scratch/report.html" 3/3
grep -q 'E0382' "$scratch/progress-report.dom" || fail "the report does not show E0382"
browse cohort "$base/" ""
grep -q 'ana &lt;script&gt;alert(1)&lt;/script&gt;' "$scratch/cohort.dom" || fail "the learner's name is not escaped"
grep -q '<script>alert(1)' "$scratch/cohort.dom" && fail "a learner's name reached the page as markup"
grep -q 'bo@example.com' "$scratch/cohort.dom" || fail "the cohort table lacks bo@example.com"
browse learner "$base/learner/bo%40example.com" 3/3
grep -q 'Progress of bo@example.com' "$scratch/learner.dom" || fail "the learner page is not bo's"
browse cases "$base/cases" ""
grep -q '<table id="cases">' "$scratch/cases.dom" || fail "no case table"
# The cases only ana fails come first, each failed by 1 learner of the 2 who ran them: her
# unknown routes answered 200 fail unknown-route (and the probe of bad input, which also
# sends an unknown path); every row above them must be one of hers.
rows="$(grep -o '<tr><td>01-hello</td><td><code>[^<]*</code></td><td>[^<]*</td><td>[0-9]*</td><td>[0-9]*</td>' "$scratch/cases.dom")"
first_case="$(head -1 <<<"$rows")"
[[ "$first_case" == *'<td>1</td><td>2</td>' ]] || fail "the most failed case should be failed by 1 of 2: $first_case"
grep -q '<code>unknown-route</code>.*<td>1</td><td>2</td>' <<<"$rows" || fail "unknown-route is not failed by 1 of 2: $rows"

# Read-only over HTTP, and nothing but loopback.
status="$(python3 - "$base" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/", data=b"x", method="POST"))
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)
PY
)"
[[ "$status" == 405 ]] || fail "POST should be refused with 405, not $status"
if command -v ss >/dev/null; then
  port="${base##*:}"
  ss -ltn "sport = :$port" | grep -q '127.0.0.1' || fail "ferry serve is not bound to loopback"
fi
echo "ok: POST is refused (405); bound to 127.0.0.1"

kill -INT "$server_pid"
wait "$server_pid" && code=0 || code=$?
server_pid=""
[[ "$code" == 130 ]] || fail "ferry serve should end with 130 on Ctrl-C, not $code"
echo "browser: 8 passed, 0 failed"

#!/usr/bin/env bash
# The book's checks, one step of tests/run-all.sh (see tests/book/README.md):
#   1. the pinned mdBook, installed into target/tools once (install-mdbook.sh);
#   2. `mdbook build book`: the HTML, into target/book (ignored by git);
#   3. check_links.py: every relative link, #anchor and {{#include}} of book/src and
#      lessons/, the lesson anchors the contracts print, and the built pages' links;
#   4. check_snippets.py: every Rust snippet compiles (and runs), or fails as marked;
#   5. mdbook_test.py: `mdbook test book`, rustdoc given the book's dependencies.
# All of them run; the exit code is 1 if any failed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
failed=()

part() {
  local name="$1"; shift
  local started=$SECONDS
  printf -- '-- %s\n' "$name"
  if "$@"; then
    printf -- '-- %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    printf -- '-- %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
    failed+=("$name")
  fi
}

mdbook=""
install_mdbook() { mdbook="$("$root/tests/book/install-mdbook.sh" | tail -n 1)"; }
part "install mdbook (a no-op once installed)" install_mdbook
if [[ -n "$mdbook" ]]; then
  part "mdbook build book" "$mdbook" build --dest-dir "$root/target/book" "$root/book"
fi
part "links and anchors" python3 "$root/tests/book/check_links.py" --html "$root/target/book"
part "Rust snippets" python3 "$root/tests/book/check_snippets.py"
if [[ -n "$mdbook" ]]; then
  part "mdbook test" python3 "$root/tests/book/mdbook_test.py" "$mdbook"
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  printf 'book: failed: %s\n' "${failed[*]}"
  exit 1
fi

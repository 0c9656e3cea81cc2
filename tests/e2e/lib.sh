# Shared by the shell end-to-end tests (watch_test.sh, browser_test.sh). Source it.

# copy_tree SOURCE DEST SUFFIX: the source tree without .git, build and target, with the
# learner crates of 01-hello and 02-users renamed (hello-SUFFIX, users-SUFFIX) so that
# editing and building them never touches the real starters or their binaries.
copy_tree() {
  local source="$1" dest="$2" suffix="$3" pkg
  mkdir -p "$dest"
  tar -C "$source" --exclude=./.git --exclude=./target --exclude='./build*' -cf - . | tar -C "$dest" -xf -
  for pkg in hello:01-hello users:02-users; do
    local name="${pkg%%:*}" dir="${pkg#*:}"
    sed -i "s/^name = \"$name\"/name = \"$name-$suffix\"/" "$dest/exercises/$dir/Cargo.toml"
    sed -i "s/\"learner\": \"$name\"/\"learner\": \"$name-$suffix\"/" "$dest/exercises/manifest.json"
  done
}

# poll_until DESCRIPTION SECONDS COMMAND...: run COMMAND until it succeeds, at most
# SECONDS long; fail the test with DESCRIPTION otherwise. (A bounded poll, not a sleep.)
poll_until() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      echo "FAIL: timed out after ${seconds}s waiting for: $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

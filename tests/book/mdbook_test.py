#!/usr/bin/env python3
"""`mdbook test book`, with the book's dependencies in reach of rustdoc.

`mdbook test` hands each chapter to `rustdoc --test` with no way to pass `--extern`, so a
snippet that uses axum or tokio cannot find them (mdBook issues #394 and #706). This script
gives rustdoc the same `--extern` flags cargo gives rustc for a crate with the book's
dependencies:

1. check_snippets.prepare_workspace() writes target/book-snippets/, whose `externs` member
   (`book-externs`) is a library of nothing with the dependencies of the root Cargo.toml's
   [workspace.dependencies];
2. `cargo build -p book-externs -v` builds it (its dependencies are shared with the rest of
   the suite in target/), and the `Running rustc` line cargo prints for it is read for its
   `--extern NAME=PATH` and `-L` flags (each `.rmeta` becomes its `.rlib`: a test links);
3. a `rustdoc` wrapper in target/book-rustdoc/ adds those flags and runs the real rustdoc,
   and `mdbook test book` runs with that directory first on PATH.

Usage: tests/book/mdbook_test.py MDBOOK [-- MDBOOK-TEST-ARGS…]   (exit code: mdbook test's)
"""
from __future__ import annotations

import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_snippets  # noqa: E402
from bookmd import ROOT  # noqa: E402

WRAPPER_DIR = ROOT / "target" / "book-rustdoc"


def rustc_flags() -> list[str]:
    """The --extern and -L flags cargo passes when it compiles book-externs."""
    check_snippets.prepare_workspace()
    lib = check_snippets.SCRATCH / "externs" / "lib.rs"
    os.utime(lib)  # compiled again, so cargo prints how it runs rustc for it
    built = check_snippets.cargo(["build", "-p", "book-externs", "-v"])
    if built.returncode != 0:
        raise SystemExit(f"mdbook_test: cargo could not build the book's dependencies:\n{built.stderr[-4000:]}")
    line = next((l for l in built.stderr.splitlines() if "Running `" in l and "--crate-name book_externs" in l), None)
    if line is None:
        raise SystemExit("mdbook_test: cargo did not say how it ran rustc for book-externs")
    args = shlex.split(line[line.index("`") + 1:line.rindex("`")])
    flags: list[str] = []
    for i, arg in enumerate(args):
        if arg in ("--extern", "-L") and i + 1 < len(args):
            value = args[i + 1]
            if arg == "--extern":
                name, _, path = value.partition("=")
                value = f"{name}={re.sub(r'[.]rmeta$', '.rlib', path)}"
            flags += [arg, value]
    if not any(f == "--extern" for f in flags):
        raise SystemExit("mdbook_test: no --extern flags in cargo's rustc line for book-externs")
    return flags


def write_wrapper(flags: list[str]) -> None:
    real = shutil.which("rustdoc")
    if real is None:
        raise SystemExit("mdbook_test: rustdoc is missing (install Rust with rustup)")
    WRAPPER_DIR.mkdir(parents=True, exist_ok=True)
    wrapper = WRAPPER_DIR / "rustdoc"
    wrapper.write_text("#!/bin/sh\n"
                       "# Written by tests/book/mdbook_test.py: rustdoc with the book's dependencies.\n"
                       f'exec {shlex.quote(real)} "$@" {" ".join(shlex.quote(f) for f in flags)}\n')
    wrapper.chmod(0o755)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    mdbook = sys.argv[1]
    extra = sys.argv[3:] if len(sys.argv) > 2 and sys.argv[2] == "--" else sys.argv[2:]
    flags = rustc_flags()
    write_wrapper(flags)
    externs = [f.partition("=")[0] for i, f in enumerate(flags) if i > 0 and flags[i - 1] == "--extern"]
    print(f"mdbook_test: rustdoc gets --extern for {', '.join(externs)}", flush=True)
    env = dict(os.environ)
    env["PATH"] = f"{WRAPPER_DIR}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([mdbook, "test", str(ROOT / "book"), *extra], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Every Rust snippet of the book compiles, or fails to compile where it says it does.

Reads every ```rust block of lessons/*.md and book/src/*.md (includes expanded; a block
that a chapter includes from a lesson is checked once) and, by the rules in
tests/book/README.md (rustdoc's, as mdBook shows them):

- a plain block (`rust`, `rust,no_run`, `rust,should_panic`) must compile, against the
  dependencies of the root Cargo.toml's [workspace.dependencies], at the versions of the
  root Cargo.lock; then it runs, as a doctest does: `no_run` only compiles, and
  `should_panic` must panic;
- `rust,compile_fail` must not compile, and `rust,compile_fail,E0499` must fail with E0499
  among its errors (an error code in the block's first comment counts the same);
- `rust,ignore` is allowed only with its reason on its first line, `// ignore: why` (or
  hidden, `# // ignore: why`); the reasons are listed.

The snippets are compiled in a scratch workspace, target/book-snippets (not committed),
sharing the cargo target directory of the repository: the compiling ones as modules of one
library whose tests run them, each compile_fail one on its own. Errors are reported at the
snippet's line in the Markdown.

Usage: tests/book/check_snippets.py [-v] [FILTER]   (FILTER: a substring of file:line)
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import tomllib

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
import bookmd  # noqa: E402
from bookmd import ROOT, Block, BookError, Line, rel

SCRATCH = ROOT / "target" / "book-snippets"
EDITION = "2021"
KNOWN_TAGS = {"rust", "ignore", "no_run", "should_panic", "compile_fail", "edition2021"}
RUSTDOC_TAGS = KNOWN_TAGS | {"test_harness", "standalone_crate", "allow_fail"}


@dataclasses.dataclass
class Snippet:
    block: Block
    name: str  # a module name: lessons_02_users_l160
    mode: str  # "compile", "compile_fail", "ignore"
    run: str  # "run", "no_run", "should_panic"
    codes: list[str]  # error codes a compile_fail block expects
    reason: str = ""  # an ignore block's reason
    source: list[tuple[str, Line | None]] = dataclasses.field(default_factory=list)  # code lines, and their origin

    @property
    def where(self) -> str:
        return self.block.opening.where()


def is_rust(block: Block) -> bool:
    tags = block.tags
    if not tags:
        return False
    return tags[0] == "rust" or any(t in RUSTDOC_TAGS or re.fullmatch(r"E\d{4}", t) for t in tags)


def collect() -> tuple[list[Snippet], list[str]]:
    """Every Rust block, once, in reading order; and the problems with their fences."""
    seen: set[tuple[pathlib.Path, int]] = set()
    snippets: list[Snippet] = []
    problems: list[str] = []
    for page in bookmd.lesson_pages() + bookmd.book_pages():
        lines = bookmd.expand(page) if bookmd.BOOK_SRC in page.parents else bookmd.read_lines(page)
        blocks, _ = bookmd.split_blocks(lines)
        for block in blocks:
            key = (block.opening.file.resolve(), block.opening.number)
            if key in seen:
                continue
            seen.add(key)
            if not block.info:
                problems.append(f"{block.opening.where()}: a code block without a language: "
                                f"say ```rust, ```go, ```text, ```sh…")
                continue
            if not is_rust(block):
                continue
            snippet, problem = classify(block)
            if problem:
                problems.append(problem)
            else:
                snippets.append(snippet)
    return snippets, problems


def classify(block: Block) -> tuple[Snippet | None, str | None]:
    tags = block.tags
    where = block.opening.where()
    codes = [t for t in tags if re.fullmatch(r"E\d{4}", t)]
    unknown = [t for t in tags if t not in KNOWN_TAGS and t not in codes]
    if unknown:
        return None, (f"{where}: unknown tag(s) {', '.join(unknown)} in ```{block.info} "
                      f"(known: {', '.join(sorted(KNOWN_TAGS))} and error codes like E0499)")
    if tags[0] != "rust":
        return None, f"{where}: write ```rust,{block.info}: the language first, as mdBook highlights it"
    path = rel(block.opening.file).removesuffix(".md")
    name = re.sub(r"_+", "_", re.sub(r"\W", "_", f"{path}_l{block.opening.number}").lower()).strip("_")
    run = "no_run" if "no_run" in tags else "should_panic" if "should_panic" in tags else "run"
    first = block.body[0].text.strip() if block.body else ""
    first_comment = re.sub(r"^#\s", "", first) if first.startswith("# ") else first
    if "ignore" in tags:
        reason = re.match(r"//\s*ignore:\s*(\S.*)", first_comment)
        if not reason:
            return None, (f"{where}: ```rust,ignore needs its reason on the first line, `// ignore: why` "
                          f"(hidden as `# // ignore: why`), or hidden lines that make it compile")
        return Snippet(block, name, "ignore", run, [], reason=reason.group(1).strip()), None
    if "compile_fail" in tags:
        if first_comment.startswith("//"):
            codes += [c for c in re.findall(r"\bE\d{4}\b", first_comment) if c not in codes]
        if run != "run":
            return None, f"{where}: compile_fail with {run} makes no sense"
        return Snippet(block, name, "compile_fail", "no_run", codes), None
    if codes:
        return None, f"{where}: an error code ({', '.join(codes)}) on a block that is not compile_fail"
    return Snippet(block, name, "compile", run, []), None


def code_lines(snippet: Snippet) -> list[tuple[str, Line | None]]:
    """The code rustdoc would compile: hidden `# ` lines unhidden, and, when there is no
    `fn main` anywhere in the block (mdBook's test), everything wrapped in one."""
    lines: list[tuple[str, Line]] = []
    for line in snippet.block.body:
        text = line.text
        stripped = text.lstrip()
        indent = text[: len(text) - len(stripped)]
        if stripped == "#":
            text = ""
        elif stripped.startswith("# "):
            text = indent + stripped[2:]
        elif stripped.startswith("##"):
            text = indent + stripped[1:]
        lines.append((text, line))
    attrs = []
    while lines and (lines[0][0].lstrip().startswith("#![") or not lines[0][0].strip()):
        attrs.append(lines.pop(0))
    header: list[tuple[str, Line | None]] = [("#![allow(unused)]", None)] + attrs
    body_text = "\n".join(t for t, _ in lines)
    if "fn main" in body_text:
        return header + lines
    return header + [("fn main() {", None)] + lines + [("}", None)]


# ---------------------------------------------------------------- the scratch workspace


def dependency_table() -> str:
    """The root workspace's dependencies, as the scratch crates' [dependencies]."""
    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())["workspace"]["dependencies"]
    out = []
    for name, spec in workspace.items():
        if isinstance(spec, str):
            out.append(f'{name} = "{spec}"')
            continue
        fields = []
        for key, value in spec.items():
            fields.append(f"{key} = {json.dumps(value)}")
        out.append(f"{name} = {{ {', '.join(fields)} }}")
    return "\n".join(out) + "\n"


def write_if_changed(path: pathlib.Path, text: str) -> None:
    """Unchanged files keep their mtime, so cargo rebuilds only what changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def prepare_workspace() -> None:
    deps = dependency_table()
    write_if_changed(SCRATCH / "Cargo.toml",
                     "# Generated by tests/book/check_snippets.py: the book's Rust snippets.\n"
                     "[workspace]\nresolver = \"2\"\nmembers = [\"compiles\", \"fails\", \"externs\"]\n")
    write_if_changed(SCRATCH / "compiles" / "Cargo.toml",
                     f'[package]\nname = "book-snippets"\nversion = "0.0.0"\nedition = "{EDITION}"\n'
                     f"publish = false\n\n[lib]\npath = \"src/lib.rs\"\ndoctest = false\n\n[dependencies]\n{deps}")
    write_if_changed(SCRATCH / "fails" / "Cargo.toml",
                     f'[package]\nname = "book-snippet-fails"\nversion = "0.0.0"\nedition = "{EDITION}"\n'
                     f"publish = false\n\n[dependencies]\n{deps}")
    # The same dependencies as a library of nothing: tests/book/mdbook_test.py builds it to
    # read the --extern flags cargo gives rustc, for rustdoc under `mdbook test`.
    write_if_changed(SCRATCH / "externs" / "Cargo.toml",
                     f'[package]\nname = "book-externs"\nversion = "0.0.0"\nedition = "{EDITION}"\n'
                     f"publish = false\n\n[lib]\npath = \"lib.rs\"\ndoctest = false\n\n[dependencies]\n{deps}")
    write_if_changed(SCRATCH / "externs" / "lib.rs", "//! Nothing: its dependencies are the point.\n")
    main_rs = SCRATCH / "fails" / "src" / "main.rs"
    if not main_rs.exists():
        write_if_changed(main_rs, "fn main() {}\n")
    # The root lock file: the same versions as the workspace, so the builds are shared.
    lock = ROOT / "Cargo.lock"
    if lock.exists():
        write_if_changed(SCRATCH / "Cargo.lock", lock.read_text())


def cargo(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", str(ROOT / "target"))
    env["CARGO_TERM_COLOR"] = "never"
    return subprocess.run(["cargo", *args, "--manifest-path", str(SCRATCH / "Cargo.toml")],
                          capture_output=True, text=True, env=env)


def diagnostics(stdout: str) -> list[dict]:
    out = []
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        message = json.loads(line)
        if message.get("reason") == "compiler-message" and message["message"]["level"] in ("error", "error: internal compiler error"):
            out.append(message["message"])
    return out


def primary_location(message: dict, files: dict[str, list[tuple[str, Line | None]]]) -> tuple[str | None, str]:
    """Which snippet an error belongs to, and where in the Markdown it points."""
    spans = message.get("spans", [])
    for span in sorted(spans, key=lambda s: not s.get("is_primary")):
        # Follow macro expansions back to the snippet's own text.
        while span.get("expansion") and pathlib.Path(span["file_name"]).name not in files:
            span = span["expansion"]["span"]
        module = pathlib.Path(span["file_name"]).name
        if module in files:
            lines = files[module]
            n = span["line_start"]
            origin = lines[n - 1][1] if 0 < n <= len(lines) else None
            return module, origin.where() if origin else f"{module}:{n} (a line the checker added)"
    return None, "?"


def first_line(message: dict) -> str:
    code = message.get("code") or {}
    return f"error[{code['code']}]: {message['message']}" if code.get("code") else f"error: {message['message']}"


def module_text(snippet: Snippet) -> tuple[str, list[tuple[str, Line | None]]]:
    lines = code_lines(snippet)
    if snippet.run != "no_run":
        lines = lines + [
            ("", None),
            ("#[test]", None),
        ] + ([("#[should_panic]", None)] if snippet.run == "should_panic" else []) + [
            ("fn snippet_runs() {", None),
            ("    let code = std::process::Termination::report(main());", None),
            ('    assert_eq!(format!("{code:?}"), format!("{:?}", std::process::ExitCode::SUCCESS));', None),
            ("}", None),
        ]
    return "\n".join(t for t, _ in lines) + "\n", lines


def check_compiling(snippets: list[Snippet], verbose: bool) -> dict[str, str]:
    """Builds every compiling snippet as a module of one library and runs its tests.
    Returns the failures, by snippet name; a snippet with errors is left out and the
    build tried again, so one broken snippet does not hide the others."""
    failures: dict[str, str] = {}
    remaining = list(snippets)
    src = SCRATCH / "compiles" / "src"
    while True:
        files: dict[str, list[tuple[str, Line | None]]] = {}
        by_file: dict[str, Snippet] = {}
        for snippet in remaining:
            text, lines = module_text(snippet)
            write_if_changed(src / f"{snippet.name}.rs", text)
            files[f"{snippet.name}.rs"] = lines
            by_file[f"{snippet.name}.rs"] = snippet
        for stale in src.glob("*.rs"):
            if stale.name not in files and stale.name != "lib.rs":
                stale.unlink()
        write_if_changed(src / "lib.rs", "//! Generated by tests/book/check_snippets.py.\n" +
                         "".join(f"mod {s.name};\n" for s in remaining))
        built = cargo(["test", "-p", "book-snippets", "--no-run", "--message-format=json"])
        errors = diagnostics(built.stdout)
        if built.returncode == 0:
            break
        broken: dict[str, list[str]] = {}
        unplaced = []
        for message in errors:
            module, where = primary_location(message, files)
            if module is None:
                unplaced.append(message.get("rendered") or first_line(message))
            else:
                broken.setdefault(module, []).append(f"{where}: {first_line(message)}" +
                                                     (f"\n{message.get('rendered', '')}" if verbose else ""))
        if not broken:
            sys.stderr.write(built.stderr[-4000:] + "\n".join(unplaced))
            raise BookError("the snippets' crate did not build, and no error points at a snippet (see above)")
        for module, lines in broken.items():
            failures[by_file[module].name] = "does not compile:\n      " + "\n      ".join(lines)
        remaining = [s for s in remaining if f"{s.name}.rs" not in broken]
        if not remaining:
            return failures
    executable = None
    for line in built.stdout.splitlines():
        if line.startswith("{"):
            message = json.loads(line)
            if message.get("reason") == "compiler-artifact" and message.get("executable") and \
                    message["target"]["name"] == "book_snippets":
                executable = message["executable"]
    if executable is None:
        raise BookError("cargo built the snippets' tests but named no test executable")
    env = dict(os.environ, RUST_BACKTRACE="0")
    ran = subprocess.run([executable, "--test-threads=2"], capture_output=True, text=True, cwd=SCRATCH, env=env)
    # Every test of a module: snippet_runs, and the #[test]s a snippet may define itself.
    results: dict[str, list[tuple[str, str]]] = {}
    for module, test, status in re.findall(r"^test (\w+)::([\w:]+)(?: - should panic)? \.\.\. (\w+)", ran.stdout, re.M):
        results.setdefault(module, []).append((test, status))
    for snippet in remaining:
        tests = results.get(snippet.name, [])
        failed = [test for test, status in tests if status != "ok"]
        ran_main = snippet.run == "no_run" or any(test == "snippet_runs" for test, _ in tests)
        if not failed and ran_main:
            continue
        test = failed[0] if failed else "snippet_runs"
        section = re.search(rf"---- {snippet.name}::{test} stdout ----\n(.*?)(?=\n---- |\nfailures:\n)",
                            ran.stdout, re.S)
        detail = section.group(1).strip() if section else (ran.stdout + ran.stderr)[-2000:]

        def to_markdown(m: re.Match) -> str:  # the panic's location, in the Markdown
            lines = files.get(m.group(1), [])
            n = int(m.group(2))
            origin = lines[n - 1][1] if 0 < n <= len(lines) else None
            return origin.where() if origin else m.group(0)
        detail = re.sub(r"\bcompiles/src/(\w+\.rs):(\d+):\d+", to_markdown, detail)
        if snippet.run == "should_panic" and test == "snippet_runs":
            what = "did not panic (it is should_panic)"
        else:
            what = "compiles, but failed when run" + ("" if test == "snippet_runs" else f" (its test {test})")
        failures[snippet.name] = f"{what}:\n      " + detail.replace("\n", "\n      ")
    return failures


def check_failing(snippet: Snippet, verbose: bool) -> str | None:
    """A compile_fail snippet, alone as the crate root: it must not compile, with its codes."""
    lines = code_lines(snippet)
    write_if_changed(SCRATCH / "fails" / "src" / "main.rs", "\n".join(t for t, _ in lines) + "\n")
    built = cargo(["build", "-p", "book-snippet-fails", "--message-format=json"])
    errors = diagnostics(built.stdout)
    mine = [m for m in errors if any(pathlib.Path(s["file_name"]).name == "main.rs" for s in m.get("spans", []))] \
        or errors
    if built.returncode == 0:
        return "compiles, but it is marked compile_fail"
    if not mine:
        return "did not compile, but not because of an error in the snippet:\n" + built.stderr[-2000:]
    found = {(m.get("code") or {}).get("code") for m in mine}
    missing = [c for c in snippet.codes if c not in found]
    if missing:
        listed = "\n      ".join(first_line(m) for m in mine)
        return f"fails, but without {', '.join(missing)}:\n      {listed}"
    snippet.reason = first_line(mine[0])
    if verbose:
        snippet.reason += "\n" + (mine[0].get("rendered") or "")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("filter", nargs="?", default="", help="only snippets whose file:line contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="the compiler's full messages")
    args = parser.parse_args()
    if shutil.which("cargo") is None:
        print("check_snippets: cargo is missing", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        snippets, problems = collect()
        snippets = [s for s in snippets if args.filter in s.where]
        problems = [p for p in problems if args.filter in p.split(": ")[0]]
        prepare_workspace()
        compiling = [s for s in snippets if s.mode == "compile"]
        failing = [s for s in snippets if s.mode == "compile_fail"]
        ignored = [s for s in snippets if s.mode == "ignore"]
        failures = check_compiling(compiling, args.verbose) if compiling else {}
        for snippet in failing:
            failure = check_failing(snippet, args.verbose)
            if failure:
                failures[snippet.name] = failure
    except BookError as e:
        print(f"FAIL {e}")
        return 1
    for snippet in compiling:
        run = {"run": "compiled and ran", "no_run": "compiled (no_run)", "should_panic": "compiled, panicked as it should"}
        status = "FAIL" if snippet.name in failures else "ok  "
        print(f"{status} {snippet.where}: {failures.get(snippet.name) or run[snippet.run]}")
    for snippet in failing:
        status = "FAIL" if snippet.name in failures else "ok  "
        detail = failures.get(snippet.name) or f"does not compile, as marked: {snippet.reason}"
        print(f"{status} {snippet.where}: {detail}")
    for snippet in ignored:
        print(f"ignored {snippet.where}: {snippet.reason}")
    for problem in problems:
        print(f"FAIL {problem}")
    failed = len(failures) + len(problems)
    print(f"snippets: {len(compiling)} compile ({sum(s.run != 'no_run' for s in compiling)} of them run), "
          f"{len(failing)} compile_fail, {len(ignored)} ignore; {failed} failed "
          f"({time.monotonic() - started:.0f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

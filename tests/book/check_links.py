#!/usr/bin/env python3
"""Every relative link and every #anchor in the book and the lessons leads somewhere.

Checked, with file:line for each problem:
- book/src/*.md (SUMMARY.md included), as mdBook renders them; a page SUMMARY.md does not
  list is not built, so it is an error, and so is a link to it; {{#include}} directives
  expanded (a missing file or ANCHOR is an error), and every relative link resolved from
  book/src. A link must stay inside book/src, since only that directory becomes the built
  book: a lesson that links ../exercises/... works on GitHub and 404s in the book.
- lessons/*.md as files of the repository: links resolved from lessons/.
- a #fragment must name a heading of its target page, by mdBook 0.5's rules for ids
  (the same as GitHub's for the headings these pages use), or an id written in HTML.
- the lesson anchors ferry prints after `read:`: each contract's `lesson` fields and the
  `read: lessons/...#...` lines of the sample output quoted in the lessons and the book.
- with --html DIR (the built book): every href inside the built pages' <main> leads to a
  file of DIR and, with a fragment, to an id of that page: mdBook's own view of the same.
External links (http:, https:, mailto:) are not fetched.

Usage: tests/book/check_links.py [--html target/book]
"""
from __future__ import annotations

import argparse
import html.parser
import json
import pathlib
import re
import sys
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
import bookmd  # noqa: E402
from bookmd import BOOK_SRC, LESSONS, ROOT, BookError, Line, rel

problems: list[str] = []
checked = 0


def problem(where: str, message: str) -> None:
    problems.append(f"{where}: {message}")


def strip_code_spans(text: str) -> str:
    """Inline code is not a link: blank it out, keeping the columns."""
    return re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), text)


INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\s*\)")
REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")


def links_in(lines: list[Line]) -> list[tuple[Line, str]]:
    _, prose = bookmd.split_blocks(lines)
    found = []
    for line in prose:
        text = strip_code_spans(line.text)
        for pattern in (INLINE_LINK, REFERENCE_DEF, HTML_ATTR):
            for m in pattern.finditer(text):
                found.append((line, m.group(1)))
    return found


page_ids_cache: dict[pathlib.Path, set[str]] = {}


def page_ids(path: pathlib.Path) -> set[str]:
    path = path.resolve()
    if path not in page_ids_cache:
        in_book = BOOK_SRC.resolve() in path.parents
        lines = bookmd.expand(path) if in_book else bookmd.read_lines(path)
        page_ids_cache[path] = bookmd.heading_ids(lines)
    return page_ids_cache[path]


def check_target(line: Line, target: str, base: pathlib.Path, page: pathlib.Path, inside: pathlib.Path | None,
                 context: str = "") -> None:
    """One link, `target` as written, resolved from `base`; `page` is the page it is on."""
    global checked
    if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
        return  # external, or empty
    checked += 1
    where = line.where() + context
    path_part, _, fragment = target.partition("#")
    path_part = urllib.parse.unquote(path_part)
    fragment = urllib.parse.unquote(fragment)
    resolved = (base / path_part).resolve() if path_part else page.resolve()
    if not resolved.exists():
        problem(where, f"link {target!r}: no file {rel(resolved)}")
        return
    if inside is not None and inside.resolve() not in resolved.parents and resolved != inside.resolve():
        problem(where, f"link {target!r} leaves {rel(inside)}: the built book has no {rel(resolved)} "
                       f"(link a chapter, or name the path as `code`)")
        return
    if inside is not None and path_part and resolved.suffix == ".md" and resolved.name != "SUMMARY.md" and \
            resolved not in summary_chapters():
        problem(where, f"link {target!r}: {rel(resolved)} is not in SUMMARY.md, so the built book has no such page")
        return
    if fragment:
        if resolved.suffix != ".md":
            problem(where, f"link {target!r}: a #fragment into {rel(resolved)}, which is not a page")
        elif fragment not in page_ids(resolved):
            problem(where, f"link {target!r}: {rel(resolved)} has no heading with the id #{fragment}")


def summary_chapters() -> set[pathlib.Path]:
    """The pages mdBook builds: the ones SUMMARY.md links."""
    summary = BOOK_SRC / "SUMMARY.md"
    if not summary.is_file():
        return set()
    return {(BOOK_SRC / urllib.parse.unquote(target.partition("#")[0])).resolve()
            for _, target in links_in(bookmd.read_lines(summary)) if target.partition("#")[0]}


def check_book() -> None:
    chapters = summary_chapters()
    for page in sorted(BOOK_SRC.glob("*.md")):
        if page.name != "SUMMARY.md" and page.resolve() not in chapters:
            problem(rel(page), "not in SUMMARY.md: mdBook does not build it")
        try:
            lines = bookmd.expand(page)
        except BookError as e:
            problems.append(str(e))
            continue
        for line, target in links_in(lines):
            context = "" if line.file == page else f" (included in {rel(page)})"
            check_target(line, target, BOOK_SRC, page, BOOK_SRC, context)
        if page.name != "SUMMARY.md":
            check_read_lines([l for l in lines if l.file == page], page)


def check_read_lines(lines: list[Line], page: pathlib.Path) -> None:
    """The harness's output quoted in a page: `read: lessons/NN-name.md#anchor`."""
    blocks, _ = bookmd.split_blocks(lines)
    for block in blocks:
        for body_line in block.body:
            for m in re.finditer(r"\bread: (lessons/[\w.-]+\.md#[\w-]+)", body_line.text):
                check_target(body_line, m.group(1), ROOT, page, None, " (sample output of ferry)")


def check_lessons() -> None:
    for page in bookmd.lesson_pages():
        lines = bookmd.read_lines(page)
        for line, target in links_in(lines):
            check_target(line, target, page.parent, page, None)
        check_read_lines(lines, page)


def check_contracts() -> None:
    manifest_path = ROOT / "exercises" / "manifest.json"
    if not manifest_path.is_file():
        return
    manifest = json.loads(manifest_path.read_text())
    for exercise in manifest.get("exercises", []):
        contract_path = ROOT / exercise["contract"]
        if not contract_path.is_file():
            continue  # the harness's own tests report a missing contract
        lesson = exercise.get("lesson")
        if lesson:
            check_target(Line("", manifest_path, 0), lesson, ROOT, manifest_path, None,
                         f" ({exercise['id']}'s lesson)")
        contract = json.loads(contract_path.read_text())
        for case in contract.get("cases", []):
            if "lesson" in case:
                check_target(Line("", contract_path, 0), case["lesson"], ROOT, contract_path, None,
                             " (a case's lesson, printed after 'read:')")


class PageScan(html.parser.HTMLParser):
    """The ids of a built page, and the hrefs inside its <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.main_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "main":
            self.main_depth += 1
        elif self.main_depth and tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def check_html(build_dir: pathlib.Path) -> None:
    global checked
    pages: dict[pathlib.Path, PageScan] = {}
    for page in sorted(build_dir.glob("*.html")):
        if page.name in ("print.html", "toc.html", "404.html"):
            continue  # print.html repeats every chapter; toc and 404 are mdBook's own
        scan = PageScan()
        scan.feed(page.read_text(encoding="utf-8"))
        pages[page.resolve()] = scan
    if not pages:
        problem(rel(build_dir), "no built pages: run mdbook build book first")
        return
    for page, scan in pages.items():
        for href in scan.hrefs:
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith("//"):
                continue
            checked += 1
            path_part, _, fragment = href.partition("#")
            target = (page.parent / urllib.parse.unquote(path_part)).resolve() if path_part else page
            if not target.exists():
                problem(f"{rel(page)} (built)", f"href {href!r}: no file {rel(target)}")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if target in pages and urllib.parse.unquote(fragment) not in ids:
                    problem(f"{rel(page)} (built)", f"href {href!r}: {rel(target)} has no id #{fragment}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=pathlib.Path, help="the built book (mdbook build book writes target/book)")
    args = parser.parse_args()
    check_book()
    check_lessons()
    check_contracts()
    if args.html:
        check_html(args.html)
    counts: dict[str, int] = {}
    for p in problems:  # one line per problem, however many cases share it
        counts[p] = counts.get(p, 0) + 1
    for p, n in counts.items():
        print(f"FAIL {p}" + (f" (x{n})" if n > 1 else ""))
    print(f"links: {checked} checked, {len(problems)} broken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

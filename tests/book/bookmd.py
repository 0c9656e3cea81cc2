"""Reading the book's Markdown as mdBook does, for the two checkers beside this file.

- expand(): a chapter with its {{#include}} directives replaced, every line remembering
  the file and line it came from, so that a problem is reported where it can be fixed;
- blocks(): the fenced code blocks of a page, with their info strings;
- heading_ids(): the ids mdBook 0.5 gives a page's headings (mdbook-html's
  id_from_content and unique_id), plus any id written by hand.
"""
from __future__ import annotations

import dataclasses
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BOOK_SRC = ROOT / "book" / "src"
LESSONS = ROOT / "lessons"


@dataclasses.dataclass(frozen=True)
class Line:
    text: str
    file: pathlib.Path  # where this line is written
    number: int  # 1-based, in `file`

    def where(self) -> str:
        return f"{rel(self.file)}:{self.number}" if self.number else rel(self.file)


@dataclasses.dataclass
class Block:
    info: str  # the fence's info string, e.g. "rust,compile_fail,E0499"
    opening: Line  # the ``` line
    body: list[Line]

    @property
    def tags(self) -> list[str]:
        return [t for t in re.split(r"[\s,]+", self.info.strip()) if t]


class BookError(Exception):
    """A problem in the book's sources, already phrased for the reader of the output."""


def rel(path: pathlib.Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def read_lines(path: pathlib.Path) -> list[Line]:
    text = path.read_text(encoding="utf-8")
    return [Line(t, path, i) for i, t in enumerate(text.splitlines(), start=1)]


# {{#include path}}, {{#include path:anchor}}, {{#include path:3:10}}; also rustdoc_include.
INCLUDE = re.compile(r"(\\?)\{\{#(include|rustdoc_include)\s+([^}\s]+)\s*\}\}")


def include_target(directive: str, base: pathlib.Path) -> tuple[pathlib.Path, str | None]:
    """The file a directive names (relative to `base`), and what follows its first ':'."""
    path, _, selector = directive.partition(":")
    return (base / path), (selector or None)


def select(lines: list[Line], selector: str | None, what: str) -> list[Line]:
    """The part of an included file that a selector asks for (mdBook's rules)."""
    if selector is None:
        return lines
    if re.fullmatch(r"\d*(:\d*)?", selector):
        start, sep, end = selector.partition(":")
        if not sep:  # a single line
            n = int(start)
            return lines[n - 1:n]
        first = int(start) - 1 if start else 0
        last = int(end) if end else len(lines)
        return lines[first:last]
    # An anchor: the lines between ANCHOR: name and ANCHOR_END: name, markers removed.
    inside, found, out = False, False, []
    for line in lines:
        if re.search(rf"ANCHOR:\s*{re.escape(selector)}\b", line.text):
            inside, found = True, True
            continue
        if re.search(rf"ANCHOR_END:\s*{re.escape(selector)}\b", line.text):
            inside = False
            continue
        if inside and "ANCHOR" not in line.text:
            out.append(line)
    if not found:
        raise BookError(f"{what}: no 'ANCHOR: {selector}' in the included file")
    return out


def expand(path: pathlib.Path, depth: int = 0) -> list[Line]:
    """The page mdBook renders from `path`: includes replaced, recursively."""
    if depth > 10:
        raise BookError(f"{rel(path)}: includes nested more than 10 deep")
    out: list[Line] = []
    # mdBook replaces directives everywhere, code blocks included; a backslash escapes one.
    for line in read_lines(path):
        matches = [m for m in INCLUDE.finditer(line.text) if not m.group(1)]
        if not matches:
            out.append(line)
            continue
        if len(matches) == 1 and line.text.strip() == matches[0].group(0):
            directive = matches[0].group(3)
            target, selector = include_target(directive, path.parent)
            if not target.is_file():
                raise BookError(f"{line.where()}: {{{{#{matches[0].group(2)} {directive}}}}}: "
                                f"no file {rel(target)}")
            included = select(expand(target, depth + 1) if target.suffix == ".md" else read_lines(target),
                              selector, line.where())
            out.extend(included)
            continue
        # An include inside a line of text: replaced in place, the line keeps its origin.
        text = line.text
        for m in reversed(matches):
            target, selector = include_target(m.group(3), path.parent)
            if not target.is_file():
                raise BookError(f"{line.where()}: {m.group(0)}: no file {rel(target)}")
            piece = "\n".join(l.text for l in select(read_lines(target), selector, line.where()))
            text = text[:m.start()] + piece + text[m.end():]
        out.append(Line(text, line.file, line.number))
    return out


FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


def split_blocks(lines: list[Line]) -> tuple[list[Block], list[Line]]:
    """The fenced code blocks, and the lines outside them (prose, tables, headings)."""
    blocks: list[Block] = []
    prose: list[Line] = []
    current: Block | None = None
    marker = ""
    for line in lines:
        if current is None:
            m = FENCE_OPEN.match(line.text)
            if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
                marker = m.group(2)
                current = Block(m.group(3).strip(), line, [])
            else:
                prose.append(line)
            continue
        stripped = line.text.strip()
        if stripped.startswith(marker[0] * len(marker)) and not stripped.strip(marker[0]) and \
                len(line.text) - len(line.text.lstrip(" ")) <= 3:
            blocks.append(current)
            current = None
        else:
            current.body.append(line)
    if current is not None:
        raise BookError(f"{current.opening.where()}: this code block is never closed")
    return blocks, prose


def id_from_content(content: str) -> str:
    """mdbook-html 0.5's id_from_content: lowercase; letters, digits, _ and - kept;
    whitespace becomes -; everything else is dropped."""
    out = []
    for ch in content.strip().lower():
        if ch.isalnum() or ch in "_-":
            out.append(ch)
        elif ch.isspace():
            out.append("-")
    return "".join(out)


def heading_text(markdown: str) -> str:
    """The text of a heading as mdBook sees it once rendered: no markup, no tags."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # links and images: their text
    text = re.sub(r"<[^>]+>", "", text)  # raw HTML tags
    text = text.replace("`", "")
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)  # backslash escapes
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    return text


def heading_ids(lines: list[Line]) -> set[str]:
    """Every id a link may point at on this page."""
    _, prose = split_blocks(lines)
    ids: set[str] = set()
    used: set[str] = set()

    def unique(base: str) -> str:
        if base not in used:
            used.add(base)
            return base
        n = 1
        while f"{base}-{n}" in used:
            n += 1
        used.add(f"{base}-{n}")
        return f"{base}-{n}"

    previous: Line | None = None
    for line in prose:
        text = line.text
        atx = re.match(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$", text)
        setext = re.match(r"^ {0,3}(=+|-+)[ \t]*$", text)
        title = None
        if atx:
            title = atx.group(2) or ""
        elif setext and previous is not None and previous.text.strip() and \
                previous.file == line.file and previous.number == line.number - 1 and \
                not previous.text.lstrip().startswith(("|", "-", "*", "#", ">")):
            title = previous.text.strip()
        if title is not None:
            explicit = re.search(r"\{#([^\s}]+)[^}]*\}\s*$", title)
            if explicit:
                ids.add(unique(explicit.group(1)))
            else:
                ids.add(unique(id_from_content(heading_text(title))))
        for m in re.finditer(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", text):
            ids.add(m.group(1))
        previous = line
    return ids


def book_pages() -> list[pathlib.Path]:
    return sorted(p for p in BOOK_SRC.glob("*.md") if p.name != "SUMMARY.md")


def lesson_pages() -> list[pathlib.Path]:
    return sorted(LESSONS.glob("*.md"))

"""Outlines as data: reading one from whatever a model (or a person) wrote, and writing it back.

The parser takes the shallowest kind of item that repeats as the sections — '#' headings,
numbered items (1. / 1) / (1) / 1、/ I. / 一、/ 第一章), or bullets — and everything below
a section (deeper items, plain lines) as that section's notes. A lone top heading above
the sections (the document's title) and chatter before the first section are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class OutlineSection:
    title: str
    notes: str = ""


@dataclass
class _Item:
    level: tuple[int, int]  # (kind rank, indentation or heading depth): smaller is shallower
    title: str
    notes: list[str] = field(default_factory=list)


_CN_NUM = "一二三四五六七八九十百零〇两"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_NUMBERED = re.compile(
    r"^(?:\(\d{1,3}\)|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)、:：]"  # (1) 1.2 1. 1) 1、
    r"|\(?[ivxlcdm]{1,6}[.)]|\(?[a-z][.)]"  # ii. IV) a) B.
    r"|[（(]?[" + _CN_NUM + r"]{1,4}[、.．)）]"  # 一、 （二）
    r"|第[" + _CN_NUM + r"\d]{1,4}[章节部分篇]{1,2}[:：、.]?"  # 第一章 第2部分
    r"|(?:Section|Chapter|Part)\s+\d{1,3}[.:)]?)"
    r"\s*(.*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-*+•·●○▪◦]\s+(.*)$")
_NOTE_SPLIT = re.compile(r"\s+[—–]\s+|\s+-\s+(?=\S)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_FILLER = re.compile(r"^(here is|here's|sure|outline|table of contents|contents|大纲|目录)\b.*[:：]?$", re.IGNORECASE)


def parse_outline(text: str) -> list[OutlineSection]:
    items: list[_Item] = []
    loose: list[tuple[int, str, bool]] = []  # plain lines: (index of the item before, text, after a gap)
    gap = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw.strip() or re.fullmatch(r"\s*([-*_=]\s*){3,}", raw):
            gap = True
            continue
        item = _parse_item(raw)
        if item is None:
            loose.append((len(items) - 1, _clean(raw.strip()), gap and not raw[:1].isspace()))
        else:
            items.append(item)
        gap = False
    if not items:  # bare lines, one title each
        return [OutlineSection(line) for _, line, _ in loose if line and len(line) <= 120 and not _FILLER.match(line)]
    counts: dict[tuple[int, int], int] = {}
    for item in items:
        counts[item.level] = counts.get(item.level, 0) + 1
    repeated = [level for level, n in counts.items() if n > 1]
    top = min(repeated) if repeated else min(counts)
    sections: list[OutlineSection] = []
    notes: dict[int, list[str]] = {}
    owner: dict[int, int] = {}  # item index -> section index
    for index, item in enumerate(items):
        if item.level == top:
            if item.title:
                sections.append(OutlineSection(*_split_note(item.title)))
        elif item.level > top and sections:
            notes.setdefault(len(sections) - 1, []).append(item.title)
        owner[index] = len(sections) - 1
    for after, line, after_gap in loose:
        section = owner.get(after, -1)
        if top[0] == 1 and after_gap and after == len(items) - 1:
            continue  # a remark after the finished list ("Hope this helps!"), not a note
        if section >= 0 and line and not _FILLER.match(line):
            notes.setdefault(section, []).append(line)
    for index, extra in notes.items():
        section = sections[index]
        section.notes = "\n".join([section.notes] + extra if section.notes else extra)
    return sections


def format_outline(sections: list[OutlineSection]) -> str:
    """A numbered Markdown list, notes as indented bullets: editable, and parse_outline reads it back."""
    lines = []
    for number, section in enumerate(sections, 1):
        lines.append(f"{number}. {section.title}")
        lines.extend(f"   - {note}" for note in section.notes.split("\n") if note.strip())
    return "\n".join(lines) + ("\n" if lines else "")


def ensure_sections(sections: list[OutlineSection], required: list[str]) -> list[OutlineSection]:
    """Add any required section the outline lacks (compared case-insensitively), at the end."""
    have = {s.title.casefold() for s in sections}
    return sections + [OutlineSection(title) for title in required if title.casefold() not in have]


def _parse_item(raw: str) -> _Item | None:
    expanded = raw.expandtabs(4)
    indent = (len(expanded) - len(expanded.lstrip())) // 2  # nesting steps of two spaces
    line = raw.strip()
    match = _HEADING.match(line)
    if match:
        return _Item((0, len(match.group(1))), _clean(match.group(2)))
    bold = re.fullmatch(r"(\*\*|__)(.+?)\1:?", line)  # a line that is all bold reads as a heading
    if bold and indent == 0:
        line = bold.group(2).strip()
    match = _NUMBERED.match(line)
    if match:
        dotted = re.match(r"\d+((?:\.\d+)*)", line)
        depth = dotted.group(1).count(".") if dotted else 0
        depth += 1 if line[:1] in "(（" else 0  # (1) and （一） sit below 1. and 一、
        return _Item((1, 2 * (indent + depth)), _clean(match.group(1)))
    match = _BULLET.match(line)
    if match:  # a bullet sits just below a numbered item at the same indentation
        return _Item((1, 2 * indent + 1), _clean(match.group(1)))
    if bold and indent == 0:
        return _Item((1, 0), _clean(line))
    return None


def _clean(text: str) -> str:
    text = _EMPHASIS.sub(r"\2", text.strip())
    return text.strip().rstrip(":：").strip()


def _split_note(title: str) -> tuple[str, str]:
    parts = _NOTE_SPLIT.split(title, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return title, ""

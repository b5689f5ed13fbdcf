"""The part of a message around a match, with where the terms are in it, for a result list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

SNIPPET_CHARS = 160
_BEFORE = 50  # characters kept before the first match
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    text: str  # one line
    spans: tuple[tuple[int, int], ...]  # (start, end) of each match in text, in order, not overlapping


def make_snippet(content: str, terms: Sequence[str], width: int = SNIPPET_CHARS) -> Snippet:
    """A line of about `width` characters around the first match of any term (ignoring case)."""
    folded, origin = _fold(content)
    needles = [t.casefold() for t in terms if t]
    matches = _matches(folded, origin, needles)
    first = matches[0][0] if matches else 0
    start = max(0, min(first - _BEFORE, len(content) - width))
    end = min(len(content), start + width)
    text = content[start:end].replace("\r", " ").replace("\n", " ").replace("\t", " ")
    offset = -start
    if start > 0:
        text, offset = ELLIPSIS + text, offset + len(ELLIPSIS)
    if end < len(content):
        text += ELLIPSIS
    spans = tuple(
        (max(a, start) + offset, min(b, end) + offset) for a, b in matches if a < end and b > start
    )
    return Snippet(text, spans)


def _fold(text: str) -> tuple[str, list[int]]:
    """The casefolded text and, for each of its characters, the index of the character it came from."""
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.casefold()
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _matches(folded: str, origin: list[int], needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) ranges of the original text where a needle occurs, in order."""
    found: list[tuple[int, int]] = []
    for needle in needles:
        at = folded.find(needle)
        while at >= 0:
            found.append((origin[at], origin[at + len(needle) - 1] + 1))
            at = folded.find(needle, at + len(needle))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged

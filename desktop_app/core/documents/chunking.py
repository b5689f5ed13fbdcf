"""Cutting extracted text into passages that keep their meaning and their place.

A passage never crosses a heading: each section is cut on its own. Inside a section, paragraphs
are packed up to a budget of a few hundred tokens; a paragraph over the budget is cut into
sentences (the Translate workspace's sentence splitter, which keeps every character and knows
Chinese and Japanese sentence ends), and a sentence over the budget at the budget. Consecutive
passages share a little text (the last sentences of one start the next), so a fact at a cut is
whole in one of them. Each passage is an exact slice of the text: its character span maps back
to the file, and with it its page (PDF) and heading path; no passage crosses a page either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.core.documents.extract import Extracted
from desktop_app.core.writing.segmentation import split_sentences

MAX_TOKENS = 200  # all-MiniLM-L6-v2 reads 256 word pieces; headings and sub-word pieces need the rest
OVERLAP_TOKENS = 40
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORDISH = re.compile(r"[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_PARAGRAPH_GAP = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Chunk:
    text: str  # exactly extracted.text[start:end]
    start: int
    end: int
    heading: str  # the heading path above it, "" when there is none
    page: int | None  # PDF page (from 1) where it starts

    @property
    def embedding_text(self) -> str:
        """What the embedding model reads: the heading gives a passage its topic."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


def estimate_tokens(text: str) -> int:
    """A model-free token estimate: a CJK character is about one token, a word about 1.3."""
    return len(_CJK.findall(text)) + (len(_WORDISH.findall(text)) * 4 + 2) // 3


def chunk(extracted: Extracted, max_tokens: int = MAX_TOKENS, overlap: int = OVERLAP_TOKENS) -> list[Chunk]:
    text = extracted.text
    inner = [h.start for h in extracted.headings] + list(extracted.page_starts)  # a page too: exact citations
    bounds = sorted({0, len(text), *(b for b in inner if 0 < b < len(text))})
    chunks: list[Chunk] = []
    for section_start, section_end in zip(bounds, bounds[1:]):
        units = _units(text, section_start, section_end, max_tokens)
        for start, end in _pack(units, text, max_tokens, overlap):
            piece = text[start:end]
            if piece.strip() and not _only_heading(piece, extracted, start):
                chunks.append(Chunk(piece, start, end, extracted.heading_path(start), extracted.page_at(start)))
    return chunks


def _only_heading(piece: str, extracted: Extracted, start: int) -> bool:
    """A section with nothing under its heading (a title right above a subtitle) is no passage."""
    stripped = piece.strip()
    return "\n" not in stripped and any(h.start == start and h.title in stripped for h in extracted.headings)


def _units(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Spans of paragraphs, or of sentences (and cut sentences) inside paragraphs over the budget."""
    units: list[tuple[int, int]] = []
    for paragraph_start, paragraph_end in _paragraphs(text, start, end):
        paragraph = text[paragraph_start:paragraph_end]
        if estimate_tokens(paragraph) <= budget:
            units.append((paragraph_start, paragraph_end))
            continue
        offset = paragraph_start
        for sentence, gap in split_sentences(paragraph):
            sentence_end = offset + len(sentence)
            units.extend(_cut(text, offset, sentence_end, budget))
            offset = sentence_end + len(gap)
    return units


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for gap in _PARAGRAPH_GAP.finditer(text, start, end):
        if text[cursor : gap.start()].strip():
            spans.append(_strip(text, cursor, gap.start()))
        cursor = gap.end()
    if text[cursor:end].strip():
        spans.append(_strip(text, cursor, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """A sentence over the budget, cut at spaces (or anywhere, for CJK) into pieces within it."""
    if estimate_tokens(text[start:end]) <= budget:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    tokens = 0
    for match in re.finditer(r"\S+\s*" if " " in text[start:end] else r".", text[start:end], re.S):
        cost = estimate_tokens(match.group())
        if tokens and tokens + cost > budget:
            pieces.append(_strip(text, piece_start, start + match.start()))
            piece_start, tokens = start + match.start(), 0
        tokens += cost
    pieces.append(_strip(text, piece_start, end))
    return [p for p in pieces if p[1] > p[0]]


def _pack(units: list[tuple[int, int]], text: str, budget: int, overlap: int) -> list[tuple[int, int]]:
    """Greedily join units up to the budget; each new passage starts with the last units of the
    one before that fit in `overlap` tokens."""
    spans: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    tokens = 0
    fresh = 0  # units of `current` not carried over from the previous passage
    for unit in units:
        cost = estimate_tokens(text[unit[0] : unit[1]])
        if current and fresh and tokens + cost > budget:
            spans.append((current[0][0], current[-1][1]))
            carried: list[tuple[int, int]] = []
            carried_tokens = 0
            for previous in reversed(current[1:]):
                previous_cost = estimate_tokens(text[previous[0] : previous[1]])
                if carried_tokens + previous_cost > overlap or carried_tokens + previous_cost + cost > budget:
                    break
                carried.insert(0, previous)
                carried_tokens += previous_cost
            current, tokens, fresh = carried, carried_tokens, 0
        current.append(unit)
        tokens += cost
        fresh += 1
    if current and fresh:
        spans.append((current[0][0], current[-1][1]))
    return spans

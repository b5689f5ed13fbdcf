"""Cutting a document into pieces a model can translate, and putting the results back together.

A document is read as blocks (separated by blank lines), a block as lines when the caller
asks for single-line segments (base models stop at a newline), and a block or line as
sentences when it is over the token budget. Sentences are packed greedily up to the budget;
a sentence is cut further (at commas, then at spaces or characters) only when it alone is
over the budget. Every separator of the original is kept, so the joined translation has
the same paragraphs and line breaks.

With keep_formatting, fenced code, indented code, Markdown markers (`# `, `- `, `1. `, `> `)
and lines without letters (rules, tables of numbers) pass through untranslated; without it,
runs of blank lines collapse to one and code is translated like text.

Cost is linear: count_tokens is called once per block, and once per sentence only inside
blocks over the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

CountTokens = Callable[[str], int]

SENTENCE_JOIN = "\x00sentence"  # separator placeholder: a space, or nothing for Chinese/Japanese


@dataclass(frozen=True)
class Segment:
    """One piece of the document. Joined output = prefix + (translation or text) + suffix + separator."""

    text: str
    translate: bool = True  # False: passes through unchanged (code, blank, markup only)
    prefix: str = ""  # indentation and Markdown markers kept in front of the translation
    suffix: str = ""  # trailing spaces of the line
    separator: str = ""  # what followed in the original ("\n", "\n\n", ...) or SENTENCE_JOIN


_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc.al e.g i.e cf fig figs no nos vol vols pp ed eds approx
    dept est inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    gen col lt sgt capt rev hon u.s u.k a.m p.m ca op cit ibid resp""".split()
)
_CLOSERS = "\"'”’»」』）)]】》"
# Chinese/Japanese sentence ends: break right after them (and after any closing quotes).
_CJK_END = re.compile(
    r"(?:[。！？]|(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff])[!?…])[。！？!?…]*"
    r"[" + re.escape(_CLOSERS) + r"]*(?=[^\s" + re.escape(_CLOSERS) + r"])"
)
# Latin sentence ends: . ! ? … then closers, then whitespace.
_LATIN_END = re.compile(r"([.!?…]+)[" + re.escape(_CLOSERS) + r"]*(\s+)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+)*)")
_LETTER = re.compile(r"[^\W\d_]")
_CLAUSE_END = re.compile(r"[,;:，；：、]\s*")


def split_sentences(text: str) -> list[tuple[str, str]]:
    """Split text into (sentence, whitespace after it) pairs; ''.join(s + w) == text."""
    cuts: list[tuple[int, int]] = []  # (end of sentence, start of next)
    for match in _LATIN_END.finditer(text):
        end, nxt = match.start(2), match.end(2)
        if nxt < len(text) and not _starts_sentence(text[nxt]):
            continue
        if match.group(1) == "." and _is_abbreviation(text[max(0, match.start(1) - 24) : match.start(1)]):
            continue
        cuts.append((end, nxt))
    for match in _CJK_END.finditer(text):
        cuts.append((match.end(), match.end()))
    cuts.sort()
    pieces: list[tuple[str, str]] = []
    start = 0
    for end, nxt in cuts:
        if end <= start:
            continue
        pieces.append((text[start:end], text[end:nxt]))
        start = nxt
    if start < len(text):
        body = text[start:]
        stripped = body.rstrip()
        pieces.append((stripped, body[len(stripped):]))
    return [(s, w) for s, w in pieces if s] or [(text, "")]


def _starts_sentence(ch: str) -> bool:
    return not ch.islower()


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).casefold()
    if len(word) == 1 and word.isalpha():  # initials: "J. K. Rowling"
        return True
    return word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS


def segment_text(
    text: str,
    count_tokens: CountTokens,
    budget: int,
    *,
    keep_formatting: bool = True,
    single_lines: bool = False,
) -> list[Segment]:
    """Cut text into segments of at most `budget` tokens (see the module docstring)."""
    budget = max(1, budget)
    lead, blocks = _blocks(text, keep_formatting)
    segments: list[Segment] = []
    if lead:
        segments.append(Segment("", translate=False, separator=lead))
    for block in blocks:
        if block.is_code:
            segments.append(Segment("\n".join(block.lines), translate=False, separator=block.separator))
            continue
        by_line = single_lines or (keep_formatting and any(_is_markup_line(line) for line in block.lines))
        units = block.lines if by_line else ["\n".join(block.lines)]
        for i, unit in enumerate(units):
            separator = "\n" if i < len(units) - 1 else block.separator
            segments.extend(_segment_unit(unit, separator, count_tokens, budget, keep_formatting))
    return segments


def join_segments(segments: Sequence[Segment], outputs: Sequence[str], target_is_cjk: bool = False) -> str:
    """Rebuild the document from each segment's output (untranslated segments use their text)."""
    parts: list[str] = []
    for segment, output in zip(segments, outputs):
        parts.append(segment.prefix)
        parts.append(output if segment.translate else segment.text)
        parts.append(segment.suffix)
        parts.append(separator_text(segment, target_is_cjk))
    return "".join(parts)


def separator_text(segment: Segment, target_is_cjk: bool) -> str:
    if segment.separator == SENTENCE_JOIN:
        return "" if target_is_cjk else " "
    return segment.separator


@dataclass
class _Block:
    lines: list[str]
    separator: str  # the newline after the last line plus any blank lines after the block
    is_code: bool


def _blocks(text: str, keep_formatting: bool) -> tuple[str, list[_Block]]:
    """Group lines into text and code blocks; blank lines fold into the separator before them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not keep_formatting:
        text = text.strip()
    lines = text.split("\n")
    lead = ""
    blocks: list[_Block] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        newline = "\n" if index < len(lines) - 1 else ""
        if fence is not None:
            blocks[-1].lines.append(line)
            blocks[-1].separator = newline
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if not line.strip():
            kept = line if keep_formatting else ""
            if blocks:
                blocks[-1].separator += kept + newline
            else:
                lead += kept + newline
            continue
        fence_match = _FENCE.match(line) if keep_formatting else None
        if fence_match:
            fence = fence_match.group(1)
            blocks.append(_Block([line], newline, True))
        elif blocks and not blocks[-1].is_code and blocks[-1].separator == "\n":
            blocks[-1].lines.append(line)
            blocks[-1].separator = newline
        else:
            blocks.append(_Block([line], newline, False))
    for block in blocks:
        if not keep_formatting and block.separator.count("\n") > 1:
            block.separator = "\n\n"
        if keep_formatting and not block.is_code and all(l.startswith(("    ", "\t")) for l in block.lines):
            block.is_code = True  # indented code
    return lead, blocks


def _is_markup_line(line: str) -> bool:
    return bool(_MARKER.match(line).group(1)) or not _LETTER.search(line)


def _segment_unit(
    unit: str, separator: str, count_tokens: CountTokens, budget: int, keep_formatting: bool
) -> list[Segment]:
    prefix = ""
    if keep_formatting:
        prefix = _MARKER.match(unit).group(1)
        if "\n" in unit:  # a multi-line block keeps its markers inside the text
            prefix = ""
    body = unit[len(prefix):]
    stripped = body.rstrip()
    suffix = body[len(stripped):]
    if not _LETTER.search(stripped):
        return [Segment(unit, translate=False, separator=separator)]
    if count_tokens(stripped) <= budget:
        return [Segment(stripped, prefix=prefix, suffix=suffix, separator=separator)]
    pieces = _pack(split_sentences(stripped), count_tokens, budget)
    segments = []
    for i, (piece, gap) in enumerate(pieces):
        last = i == len(pieces) - 1
        sep = separator if last else ("\n" if "\n" in gap else SENTENCE_JOIN)
        segments.append(
            Segment(piece, prefix=prefix if i == 0 else "", suffix=suffix if last else "", separator=sep)
        )
    return segments


def _pack(sentences: list[tuple[str, str]], count_tokens: CountTokens, budget: int) -> list[tuple[str, str]]:
    """Greedily join sentences into pieces under the budget; returns (piece, gap after it)."""
    pieces: list[tuple[str, str]] = []
    current: list[str] = []
    current_tokens = 0
    gap_before = ""
    for sentence, gap in sentences:
        tokens = count_tokens(sentence)
        if tokens > budget:
            if current:
                pieces.append(("".join(current).rstrip(), gap_before))
                current, current_tokens = [], 0
            pieces.extend(_cut_long(sentence, count_tokens, budget))
            pieces[-1] = (pieces[-1][0], gap)
            gap_before = gap
            continue
        if current and current_tokens + tokens > budget:
            pieces.append(("".join(current).rstrip(), gap_before))
            current, current_tokens = [], 0
        current.append(sentence + gap)
        current_tokens += tokens + (1 if gap else 0)
        gap_before = gap
    if current:
        pieces.append(("".join(current).rstrip(), gap_before))
    return pieces


def _cut_long(sentence: str, count_tokens: CountTokens, budget: int) -> list[tuple[str, str]]:
    """A sentence over the budget: cut after clause punctuation, then at spaces, then anywhere."""
    parts = _split_after(sentence, _CLAUSE_END)
    out: list[str] = []
    for part in parts:
        if count_tokens(part) <= budget:
            out.append(part)
            continue
        words = re.findall(r"\S+\s*", part) if " " in part.strip() else list(part)
        out.extend(_greedy(words, count_tokens, budget))
    merged = _greedy(out, count_tokens, budget)
    return [(piece.rstrip(), piece[len(piece.rstrip()):] or "") for piece in merged]


def _split_after(text: str, pattern: re.Pattern[str]) -> list[str]:
    parts, start = [], 0
    for match in pattern.finditer(text):
        parts.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


def _greedy(pieces: list[str], count_tokens: CountTokens, budget: int) -> list[str]:
    """Join pieces while the joined text stays within budget (measured, not summed: only used
    inside one over-long sentence, so the repeated counting stays small)."""
    out: list[str] = []
    current = ""
    for piece in pieces:
        if current and count_tokens(current + piece) > budget:
            out.append(current)
            current = ""
        current += piece
    if current:
        out.append(current)
    return out

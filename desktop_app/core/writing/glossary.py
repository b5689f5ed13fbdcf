"""Glossary terms: which apply to a segment, and fixing the ones a model left untranslated.

Matching: a term whose source is written in a script with spaces between words (Latin,
Cyrillic, Arabic) matches whole words, ignoring case ("model" is not found in "models");
next to Chinese, Japanese or Korean characters counts as a word boundary ("GPU" is found
in "需要GPU" and "GPU를"). A Chinese or Japanese source matches as a plain substring.

What is enforced after generation, exactly: every occurrence, in the model's output, of
the source term of a term that occurs in the source segment is replaced by the term's
target (longest source terms first, same matching rules as above). That repairs the
common failure of a small model copying a term through untranslated. A term the model
translated differently (a synonym) is not touched: the prompt asked for the target, and
guessing which words of the output stand for the term would do more harm than good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A "word character" for whole-word matching: letters and digits of scripts written with
# spaces. CJK and hangul are left out so "GPU" matches in "需要GPU" and "GPU를".
_WORD = r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff]"


@dataclass(frozen=True)
class GlossaryTerm:
    source: str
    target: str
    source_lang: str | None = None  # None: applies whatever the language pair
    target_lang: str | None = None


def term_pattern(source: str) -> re.Pattern[str]:
    """The regex that finds a term's source in text (see the module docstring)."""
    escaped = re.escape(source.strip())
    if _CJK.search(source):
        return re.compile(escaped)
    return re.compile(f"(?<!{_WORD})" + escaped + f"(?!{_WORD})", re.IGNORECASE)


def terms_for_pair(terms: Iterable[GlossaryTerm], source_lang: str | None, target_lang: str | None) -> list[GlossaryTerm]:
    """Terms that apply to this language pair: unset languages match anything."""
    return [
        term
        for term in terms
        if term.source.strip()
        and term.target.strip()
        and (term.source_lang is None or source_lang is None or term.source_lang == source_lang)
        and (term.target_lang is None or target_lang is None or term.target_lang == target_lang)
    ]


def relevant_terms(terms: Iterable[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    """Terms whose source occurs in text, longest first, one per source (the first given wins)."""
    seen: set[str] = set()
    found = []
    for term in terms:
        key = term.source.strip().casefold()
        if not key or key in seen or not term.target.strip():
            continue
        if term_pattern(term.source).search(text):
            seen.add(key)
            found.append(term)
    return sorted(found, key=lambda term: len(term.source.strip()), reverse=True)


def enforce_terms(translation: str, terms: Sequence[GlossaryTerm]) -> str:
    """Replace source terms copied through untranslated by their targets (see module docstring).

    `terms` should be the relevant_terms() of the source segment.
    """
    matcher = TermMatcher(terms)
    return matcher.replace(translation) if matcher.pattern else translation


class TermMatcher:
    """All enforceable terms as one regex, longest first.

    A term whose target contains its source (e.g. "GPU" -> "GPU (processeur graphique)")
    is skipped so the replacement cannot repeat itself.
    """

    def __init__(self, terms: Sequence[GlossaryTerm]) -> None:
        usable = sorted(
            (t for t in terms if t.source.strip().casefold() not in t.target.casefold()),
            key=lambda t: len(t.source.strip()),
            reverse=True,
        )
        self.targets = {t.source.strip().casefold(): t.target.strip() for t in usable}
        self.longest = max((len(t.source.strip()) for t in usable), default=0)
        self.pattern: re.Pattern[str] | None = (
            re.compile("|".join(f"(?:{term_pattern(t.source).pattern})" for t in usable), re.IGNORECASE)
            if usable
            else None
        )

    def target_for(self, match: re.Match[str]) -> str:
        return self.targets.get(match.group().casefold(), match.group())

    def replace(self, text: str) -> str:
        return self.pattern.sub(self.target_for, text) if self.pattern else text


def substitute_terms(text: str, terms: Sequence[GlossaryTerm]) -> str:
    """Write the targets into the source before generation (used for base models, which
    copy such words through far more reliably than they follow a glossary)."""
    return enforce_terms(text, terms)


def glossary_lines(terms: Sequence[GlossaryTerm]) -> list[str]:
    return [f"{t.source.strip()} → {t.target.strip()}" for t in terms]

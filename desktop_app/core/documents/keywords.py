"""Words for keyword search, in any script: what is indexed, what is asked, and what to highlight.

SQLite's `unicode61` tokenizer splits on spaces and punctuation, so a Chinese or Japanese
sentence (no spaces) would be one long "word" that no query matches. Runs of CJK characters are
therefore indexed as overlapping pairs of characters (学而时习 -> 学而 而时 时习), the classic
bigram method of CJK search engines, and queries are cut the same way: a two-character word
is found inside any sentence, and BM25 ranks rare pairs above common ones.
"""

from __future__ import annotations

import re

# Han, kana and Hangul: the scripts written without spaces between words (Korean has spaces, but its
# words carry particles, so pairs find them better than whole words).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(rf"[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)?", re.UNICODE)
_STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have how i if in into is it its
    me my of on or our she should so than that the their them then there these they this to was we were what
    when where which who whom whose why will with would you your about after before does doing done many much
    tell please give say said according""".split()
)
_CJK_STOP_PAIRS = frozenset("什么 怎么 为什 为何 哪些 哪个 是什 么是 多少 请问 一下 的是 了什 吗？ 呢？".split())


def cjk_pairs(run: str) -> list[str]:
    """Overlapping character pairs of a CJK run; a lone character stays itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def keyword_text(heading: str, text: str) -> str:
    """What the keyword index stores for a chunk: its words, CJK runs as pairs."""
    body = f"{heading}\n{text}" if heading else text
    return _CJK_RUN.sub(lambda m: " " + " ".join(cjk_pairs(m.group())) + " ", body)


def query_terms(query: str) -> list[str]:
    """The words and CJK pairs of a question worth searching for (common words dropped), in order, once each."""
    terms: list[str] = []
    for match in re.finditer(f"{_WORD.pattern}|[{_CJK}]+", query):
        token = match.group()
        if _CJK_RUN.fullmatch(token):
            terms.extend(p for p in cjk_pairs(token) if p not in _CJK_STOP_PAIRS)
        elif token.casefold() not in _STOPWORDS and (len(token) > 1 or token.isdigit()):
            terms.append(token.casefold())
    return list(dict.fromkeys(terms))


def fts_query(terms: list[str]) -> str:
    """An FTS5 query matching any of the terms (each quoted, so no term is read as an operator)."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the question's words occur in text (character spans, merged, in order): what to highlight."""
    spans: list[tuple[int, int]] = []
    folded = text.lower()  # unlike casefold(), keeps offsets (ß stays one character)
    for term in query_terms(query):
        if _CJK_RUN.fullmatch(term):
            pattern = re.escape(term)
        else:
            pattern = rf"(?<![^\W_]){re.escape(term)}\w*"  # a word and its endings: index, indexing
        spans.extend(m.span() for m in re.finditer(pattern, folded))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

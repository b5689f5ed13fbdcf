"""A search as typed, split into terms, each sent where it can be found fast.

Every term must occur in a message (AND). Words are split at spaces; "a quoted phrase" stays
one term. A term of 3 or more characters is looked up by its 3-character pieces in the trigram
index (any substring, any script); a term of 1 or 2 characters in the grams index (grams.py:
CJK characters and pairs, short words, symbols with their neighbours such as "#", "C#" or
"C语"); the rare short term neither can serve (one whose case folds longer, "ß#") only checks
the messages the others found, or, alone, the messages scanned newest first. The store checks
every term on the rows an index gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.core.search.grams import gram_token

TRIGRAM = 3  # the trigram tokenizer finds substrings of at least this many characters
MAX_TRIGRAMS = 12  # pieces of one term looked up; the store checks the whole term on what they find
_TERM = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...]

    @property
    def trigram_terms(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if len(t) >= TRIGRAM)

    @property
    def gram_terms(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if len(t) < TRIGRAM and gram_token(t) is not None)

    @property
    def filter_terms(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if len(t) < TRIGRAM and gram_token(t) is None)

    @property
    def folded_terms(self) -> tuple[str, ...]:
        return tuple(t.casefold() for t in self.terms)


def parse_query(text: str) -> SearchQuery:
    terms: list[str] = []
    for quoted, word in _TERM.findall(text or ""):
        term = (quoted or word).strip()
        if term and term not in terms:
            terms.append(term)
    return SearchQuery(tuple(terms))


def fts_match(terms: tuple[str, ...]) -> str:
    """An FTS5 query that needs every term, each one token (quotes doubled: nothing is syntax)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def trigrams(term: str) -> tuple[str, ...]:
    """The term's 3-character pieces (at most MAX_TRIGRAMS, spread over it, first and last kept).

    The index holds rowids only, so a term is found by its pieces, each one token; the store
    then checks the term itself, folding case as Python does (SQLite's LIKE folds ASCII only).
    """
    pieces = tuple(dict.fromkeys(term[i : i + TRIGRAM] for i in range(len(term) - TRIGRAM + 1)))
    if len(pieces) <= MAX_TRIGRAMS:
        return pieces
    last = len(pieces) - 1
    return tuple(pieces[round(i * last / (MAX_TRIGRAMS - 1))] for i in range(MAX_TRIGRAMS))

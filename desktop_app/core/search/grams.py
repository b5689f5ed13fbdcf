"""The short pieces of a message a trigram index cannot find: 1- and 2-character CJK words and
1- and 2-character words of other scripts.

SQLite's trigram tokenizer finds any substring of three or more characters, which is most of
what a search needs. In Chinese and Japanese a word is often one or two characters ("书",
"递归"), and in any language a search may be for "Go", "C#" or "42". So every message also
gets a second, word-based index over search_grams(content): the single characters and the
pairs of neighbours of each CJK run ("递归函" -> "递 归 函 递归 归函"), and its words of one or
two letters or digits (whole words: "Go" is found in "Go is fun", not in "Google"; a search for
a short piece of a word, such as "0%" in "100%", scans instead).

The store's triggers call search_grams through SQLite (database.SEARCH_GRAMS_FUNCTION), and
remove an entry by computing its grams again: changing what search_grams returns for some text
needs a migration that rebuilds the message_grams index.
"""

from __future__ import annotations

import re

from desktop_app.core.search.cjk import CJK_RUN, has_cjk

_WORD = re.compile(r"[^\W_]+")  # what SQLite's unicode61 tokenizer keeps as one token
_SHORT_ASCII_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{1,2}(?![A-Za-z0-9])")  # the same, for ASCII text
SHORT = 2  # words of at most this many characters go in the grams


def search_grams(text: str | None) -> str:
    """The grams of a text, space-separated, each once ("" when it has none)."""
    if not text:
        return ""
    if text.isascii():  # most messages: one pass of a simpler pattern, twice as fast
        return " ".join(dict.fromkeys(_SHORT_ASCII_WORD.findall(text)))
    grams: list[str] = []
    for run in CJK_RUN.findall(text):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    grams.extend(word for word in _WORD.findall(text) if len(word) <= SHORT and not has_cjk(word))
    return " ".join(dict.fromkeys(grams))


def gram_token(term: str) -> str | None:
    """The token a short query term is looked up by in the grams, or None if it cannot be.

    A CJK term of 1 or 2 characters is its own token; another short term counts if it is one
    word ("Go", "42": found as a whole word); "0%" or "C#" is not (it may end a longer word:
    "100%"), so the store looks for it by scanning.
    """
    if len(term) > SHORT:
        return None
    if CJK_RUN.fullmatch(term) or (_WORD.fullmatch(term) and not has_cjk(term)):
        return term
    return None

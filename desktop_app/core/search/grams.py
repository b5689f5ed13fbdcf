"""The short pieces of a message a trigram index cannot find: 1- and 2-character CJK words,
1- and 2-character words of other scripts, and 1- and 2-character pieces with a symbol in them.

SQLite's trigram tokenizer finds any substring of three or more characters, which is most of
what a search needs. In Chinese and Japanese a word is often one or two characters ("书",
"递归"), and in any language a search may be for "Go", "C#", "0%" or "#". So every message
also gets a second, word-based index over search_grams(content):
- the single characters and the pairs of neighbours of each CJK run ("递归函" -> "递 归 函 递归 归函");
- its words of one or two letters or digits, as whole words ("Go" is found in "Go is fun", not
  in "Google");
- "symbol grams", from the text with its case folded: each character that is neither a letter,
  a digit nor a space ("#", "%", "，", "_"), and each pair of neighbours that are not spaces
  where one of the two is such a character ("c#", "0%", "->", "好，") or exactly one is CJK
  ("c语"). The unicode61 tokenizer would drop the symbols, so each is written as one token
  that no other gram can be: "x" and 6 hex digits per character ("c#" -> "x000063000023").
  Unlike a word, a symbol gram is found anywhere: "0%" in "100%".

The store's triggers call search_grams through SQLite (database.SEARCH_GRAMS_FUNCTION), and
remove an entry by computing its grams again: changing what search_grams returns for some text
needs a migration that rebuilds the message_grams index (as m009_symbol_grams did).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from desktop_app.core.search.cjk import CJK_CLASS, CJK_RUN, has_cjk

SHORT = 2  # words of at most this many characters go in the grams
_WORD = re.compile(r"[^\W_]+")  # what SQLite's unicode61 tokenizer keeps as one token
_SHORT_ASCII_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{1,2}(?![A-Za-z0-9])")  # the same, for ASCII text

# Symbol grams, found in two passes (faster than one lookahead at every position): each
# symbol with the character after it ("" before a space or the end), then, over the reversed
# text, each symbol with the letter or digit before it; and each CJK character beside a letter
# or digit that is not CJK.
_SYMBOL = r"(?:[^\w\s]|_)"  # neither a word character ([^\W_]) nor a space
_CJK = f"[{CJK_CLASS}]"
_NOT_CJK_WORD = f"(?!{_CJK})[^\\W_]"
_SYMBOL_NEXT = re.compile(rf"({_SYMBOL})(?=(\S?))")
_SYMBOL_AFTER_WORD = re.compile(rf"({_SYMBOL})(?=([^\W_]))")  # on the reversed text
_ASCII_SYMBOL_NEXT = re.compile(r"([^\sA-Za-z0-9])(?=(\S?))")
_ASCII_SYMBOL_AFTER_WORD = re.compile(r"([^\sA-Za-z0-9])(?=([A-Za-z0-9]))")
_CJK_NEXT_TO_WORD = re.compile(f"({_CJK})(?=({_NOT_CJK_WORD}))")  # forwards and reversed
_SYMBOL_GRAM = re.compile(rf"{_SYMBOL}\S?|\S{_SYMBOL}|{_CJK}{_NOT_CJK_WORD}|{_NOT_CJK_WORD}{_CJK}")  # a query term
_CACHED_TOKENS = 50_000  # about 8 MB at most; there are fewer than 11,000 ASCII symbol grams


def search_grams(text: str | None) -> str:
    """The grams of a text, space-separated, each once ("" when it has none)."""
    if not text:
        return ""
    if text.isascii():  # most messages: simpler patterns, faster
        folded = text.lower()
        grams = list(dict.fromkeys(_SHORT_ASCII_WORD.findall(folded)))
        grams += _symbol_grams(
            _ASCII_SYMBOL_NEXT.findall(folded), _ASCII_SYMBOL_AFTER_WORD.findall(folded[::-1]), ()
        )
        return " ".join(grams)
    found: list[str] = []
    for run in CJK_RUN.findall(text):
        found.extend(run)
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    found.extend(word for word in _WORD.findall(text) if len(word) <= SHORT and not has_cjk(word))
    grams = list(dict.fromkeys(found))
    folded = text.casefold()
    backwards = folded[::-1]
    cjk_pairs = [cjk + word for cjk, word in _CJK_NEXT_TO_WORD.findall(folded)]
    cjk_pairs += [word + cjk for cjk, word in _CJK_NEXT_TO_WORD.findall(backwards)]
    grams += _symbol_grams(_SYMBOL_NEXT.findall(folded), _SYMBOL_AFTER_WORD.findall(backwards), cjk_pairs)
    return " ".join(grams)


def gram_token(term: str) -> str | None:
    """The token a short query term is looked up by in the grams, or None if it cannot be.

    A CJK term of 1 or 2 characters is its own token; a short word ("Go", "42") is itself (found
    as a whole word); a short term with a symbol in it ("C#", "0%", "#") or mixing CJK with a
    letter ("C语") is its symbol gram, case folded as the store folds it. A term whose case folds
    to 3 characters ("ß#" is "ss#") has none, nor one with a space: the store scans for those.
    """
    if len(term) > SHORT:
        return None
    if _WORD.fullmatch(term) and (CJK_RUN.fullmatch(term) or not has_cjk(term)):
        return term
    folded = term.casefold()  # one character may fold to two ("ß" -> "ss")
    if len(folded) <= SHORT and _SYMBOL_GRAM.fullmatch(folded):
        return _token(folded)
    return None


def _symbol_grams(
    symbol_next: list[tuple[str, str]], symbol_after_word: list[tuple[str, str]], cjk_pairs: Iterable[str]
) -> list[str]:
    """The tokens of the symbols found: each symbol, each symbol with its neighbours, the CJK pairs."""
    pairs = dict.fromkeys(symbol_next)
    grams = dict.fromkeys(map("".join, pairs))  # a symbol and the character after it, or alone
    grams.update(dict.fromkeys([symbol for symbol, _ in pairs]))
    grams.update(dict.fromkeys([word + symbol for symbol, word in dict.fromkeys(symbol_after_word)]))
    grams.update(dict.fromkeys(cjk_pairs))
    return list(map(_token, grams))


@functools.lru_cache(maxsize=_CACHED_TOKENS)
def _token(gram: str) -> str:
    """One ASCII word for a symbol gram; no other gram has 7 or more characters. Cached: encoding
    each anew took most of search_grams' time on a typical message, whose grams come back in every one."""
    return "x" + "".join(f"{ord(char):06x}" for char in gram)

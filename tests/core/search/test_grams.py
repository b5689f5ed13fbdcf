"""The grams of a message: every short term with a symbol in it is among them exactly when the
message holds it (case folded as the store folds it), so the grams index can serve such terms."""

from __future__ import annotations

import random

import pytest

from desktop_app.core.search.grams import gram_token, search_grams

# Letters, digits, CJK, symbols (ASCII, full-width, a CJK-block one), spaces, and characters whose
# case folds in unusual ways (ß -> ss, final sigma, the Kelvin sign).
_ALPHABET = "aB9_#%.-> \n语言好，。・ßΣσςKé"


def symbol_token(term: str) -> str | None:
    """The symbol gram a term is looked up by, or None for a word, a CJK gram or no gram at all."""
    token = gram_token(term)
    return token if token is not None and token != term else None


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("I like C# and F#.", "C#"),
        ("I like C# and F#.", "c#"),
        ("I like C# and F#.", "#"),
        ("I like C# and F#.", "#."),
        ("I'm 100% sure", "0%"),
        ("I'm 100% sure", "%"),
        ("C语言", "C语"),
        ("你好，世界", "好，"),
        ("你好，世界", "，"),
        ("x->y", "->"),
        ("snake_case", "_c"),
        ("ΛΌΓΟΣ.", "ς."),  # the store folds case as Python's casefold: final sigma is sigma
    ],
)
def test_a_short_term_with_a_symbol_is_among_the_grams_of_a_text_that_holds_it(text: str, term: str) -> None:
    assert symbol_token(term) in search_grams(text).split()


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("I like C sharp", "C#"),
        ("I like C# and F#.", "#F"),
        ("a - > b", "->"),  # not neighbours
        ("语 C", "C语"),
        ("C语言", "语C"),
    ],
)
def test_a_short_term_with_a_symbol_is_not_among_the_grams_of_a_text_without_it(text: str, term: str) -> None:
    assert symbol_token(term) not in search_grams(text).split()


def test_words_and_cjk_keep_their_own_grams() -> None:
    grams = search_grams("Go is fun: 递归").split()

    assert gram_token("Go") == "Go" and "Go" in grams
    assert gram_token("递归") == "递归" and "递归" in grams
    assert gram_token("fu") == "fu" and "fu" not in grams  # a word gram is a whole word
    assert gram_token("C#") != "C#"  # a symbol gram is a token of its own, not the term


def test_only_a_term_with_a_space_or_that_folds_longer_has_no_gram() -> None:
    assert gram_token("a #") is None  # 3 characters: trigrams
    assert gram_token(" #") is None
    assert gram_token("ß#") is None  # folds to "ss#"


def test_symbol_grams_are_exactly_the_short_symbol_terms_a_text_holds() -> None:
    rng = random.Random(7)
    terms = list(dict.fromkeys(a + b for a in _ALPHABET for b in _ALPHABET)) + list(_ALPHABET)
    for _ in range(300):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 30)))
        grams = set(search_grams(text).split())
        for term in terms:
            token = symbol_token(term)
            if token is not None:
                assert (token in grams) == (term.casefold() in text.casefold()), (text, term)

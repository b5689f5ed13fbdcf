"""Finding TeX maths in Markdown: the delimiters models use, prices left alone, unfinished formulas left as text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from desktop_app.core.markdown_math import math_plugin, math_source, split_source


def formulas(text: str) -> list[tuple[str, str, str]]:
    """(token type, opening delimiter, LaTeX) of every formula found, in order."""
    md = MarkdownIt("commonmark").enable(["table"])
    math_plugin(md)
    found = []
    for token in md.parse(text):
        if token.type == "math_block":
            found.append((token.type, token.markup, token.content))
        for child in token.children or []:
            if child.type == "math_inline":
                found.append((child.type, child.markup, child.content))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Energy $E=mc^2$ here", [("math_inline", "$", "E=mc^2")]),
        ("a \\(x+1\\) b", [("math_inline", "\\(", "x+1")]),
        ("in a line \\[\\sum_i i\\] too", [("math_inline", "\\[", "\\sum_i i")]),
        ("$$a$$ and $$b$$", [("math_inline", "$$", "a"), ("math_inline", "$$", "b")]),
        ("$a_1 * b_2 * c$", [("math_inline", "$", "a_1 * b_2 * c")]),
        ("Intro:\n$$\nx = \\frac{1}{2}\n$$\nafter", [("math_block", "$$", "x = \\frac{1}{2}")]),
        ("\\[\n a^2 + b^2 = c^2\n\\]", [("math_block", "\\[", "a^2 + b^2 = c^2")]),
        ("> $$\n> x\n> $$", [("math_block", "$$", "x")]),
    ],
)
def test_each_delimiter_models_write_is_found(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert formulas(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10 today.",  # prices: a closing "$" before a digit or after a space
        "between $ 5 and 6 $",
        "a `$x$` code span",
        "an escaped \\$x$ dollar",
        "$$\nnot closed yet\n\nnext paragraph",  # a formula still being written stays text
        "half \\(x + 1",
    ],
)
def test_text_that_only_looks_like_maths_stays_text(text: str) -> None:
    assert formulas(text) == []


def test_the_source_comes_back_with_its_delimiters() -> None:
    md = MarkdownIt("commonmark")
    math_plugin(md)
    block = next(t for t in md.parse("$$\na\nb\n$$") if t.type == "math_block")

    assert math_source(block) == "$$\na\nb\n$$"
    assert split_source("\\(x^2\\)") == ("\\(", "x^2", "\\)")
    assert split_source("$$") is None and split_source("plain") is None


def test_many_unclosed_openers_are_all_kept_as_text() -> None:
    text = "\\( " * 5_000 + "\n\n" + "\\[ x\n" * 2_000
    assert formulas(text) == []

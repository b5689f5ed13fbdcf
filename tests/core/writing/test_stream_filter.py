"""StreamFilter: streamed text equals the final text, with whitespace trimmed and terms enforced."""

from __future__ import annotations

import random

import pytest

from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.stream_filter import StreamFilter

TERMS = [GlossaryTerm("大型语言模型", "large language model"), GlossaryTerm("GPU", "graphics card"),
         GlossaryTerm("model", "modèle")]
RAW = "  大型语言模型 is a model; models use a GPU, GPUs and gpu.\n\n"
CLEAN = "large language model is a modèle; models use a graphics card, GPUs and graphics card."


@pytest.mark.parametrize("seed", range(20))
def test_streamed_pieces_join_to_the_cleaned_text_however_the_stream_is_cut(seed: int) -> None:
    rng = random.Random(seed)
    emitted: list[str] = []
    stream = StreamFilter(TERMS, emitted.append)
    i = 0
    while i < len(RAW):
        size = rng.randint(1, 6)
        stream.feed(RAW[i : i + size])
        i += size

    final = stream.finish()

    assert final == CLEAN
    assert "".join(emitted) == CLEAN


def test_text_without_terms_streams_without_holding_back() -> None:
    emitted: list[str] = []
    stream = StreamFilter([], emitted.append)

    stream.feed(" Bonjour")
    stream.feed(" le monde")

    assert emitted == ["Bonjour", " le monde"]


def test_trailing_whitespace_waits_until_more_text_comes() -> None:
    emitted: list[str] = []
    stream = StreamFilter([], emitted.append)

    stream.feed("One \n")
    held = "".join(emitted)
    stream.feed("two")

    assert held == "One"
    assert stream.finish() == "One \ntwo"


def test_leading_whitespace_is_kept_when_asked() -> None:
    emitted: list[str] = []
    stream = StreamFilter([], emitted.append, strip_leading=False)

    stream.feed(" Conclusion")

    assert stream.finish() == " Conclusion"

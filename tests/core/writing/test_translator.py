"""The translation service: segment by segment, streaming, Stop, errors, and the real starter model."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.languages import detect_language
from desktop_app.core.writing.translate_prompts import TranslationOptions
from desktop_app.core.writing.translator import translate

DOC = "First paragraph.\n\n```\ncode()\n```\n\nSecond GPU paragraph."


def test_streams_each_segment_and_rebuilds_the_document(base_engine) -> None:
    base_engine.enqueue([" Premier", " paragraphe."])
    base_engine.enqueue([" Deuxième", " GPU", " paragraphe.", "\n"])
    pieces: list[str] = []
    progress: list[tuple[int, int]] = []

    result = translate(DOC, "en", "fr", engine=base_engine, glossary=[GlossaryTerm("GPU", "carte graphique")],
                       on_segment_start=lambda k, n: progress.append((k, n)), on_text=pieces.append)

    assert result.text == "Premier paragraphe.\n\n```\ncode()\n```\n\nDeuxième carte graphique paragraphe."
    assert "".join(pieces) == result.text
    assert progress == [(1, 2), (2, 2)]
    assert (result.segments_done, result.segments_total, result.stopped) == (2, 2, False)
    assert (result.source.code, result.target.code, result.source_detected) == ("en", "fr", False)


def test_previous_segment_is_given_as_context(base_engine) -> None:
    base_engine.enqueue(["Premier paragraphe."])
    base_engine.enqueue(["Deuxième."])

    translate(DOC, "en", "fr", engine=base_engine)

    assert "English: First paragraph.\nFrench: Premier paragraphe.\n\nEnglish: Second GPU paragraph.\nFrench:" \
        in base_engine.prompts[1]


def test_source_language_is_detected_when_not_given(base_engine) -> None:
    base_engine.enqueue(["The weather is nice."])

    result = translate("Il fait beau aujourd'hui, nous allons au parc.", None, "en", engine=base_engine)

    assert result.source.code == "fr" and result.source_detected


def test_stop_keeps_what_was_translated(base_engine) -> None:
    cancel = threading.Event()
    base_engine.enqueue(["Un."])
    base_engine.enqueue(["Deux", " et", " trois"])

    def on_text(piece: str) -> None:
        if piece == "Deux":
            cancel.set()  # the user presses Stop in the middle of segment 2

    result = translate("One.\n\nTwo and three.\n\nFour.", "en", "fr", engine=base_engine,
                       on_text=on_text, cancel=cancel)

    assert result.stopped
    assert result.text == "Un.\n\nDeux"
    assert (result.segments_done, result.segments_total) == (1, 3)
    assert len(base_engine.prompts) == 2


def test_chat_model_gets_whole_paragraphs_with_instructions(chat_engine) -> None:
    chat_engine.enqueue(["Ligne un\nligne deux"])

    result = translate("Line one\nline two", "en", "fr", engine=chat_engine,
                       options=TranslationOptions(tone="formal"))

    assert result.text == "Ligne un\nligne deux"
    assert len(chat_engine.prompts) == 1 and "formal" in chat_engine.prompts[0]


def test_base_model_gets_one_line_per_segment(base_engine) -> None:
    base_engine.enqueue(["Ligne un"])
    base_engine.enqueue(["ligne deux"])

    result = translate("Line one\nline two", "en", "fr", engine=base_engine)

    assert result.text == "Ligne un\nligne deux"
    assert len(base_engine.prompts) == 2


@pytest.mark.parametrize(
    ("text", "source", "target", "message"),
    [
        ("   \n\n ", "en", "fr", "There is no text to translate"),
        ("Hello there, my friend.", "en", "tlh", "Unsupported language 'tlh'"),
        ("Bonjour à tous, mes amis.", "fr", "fr", "already in French"),
        ("12345 67890", None, "fr", "could not tell which language"),
    ],
)
def test_bad_requests_raise_clear_errors(base_engine, text, source, target, message) -> None:
    with pytest.raises(WritingError, match=message):
        translate(text, source, target, engine=base_engine)

    assert base_engine.prompts == []


# --- the real starter model ---------------------------------------------------------------

FRENCH_WORDS = {"temps", "beau", "fait", "belle", "journée", "aujourd'hui", "il", "est", "la", "le", "une", "très"}


@pytest.mark.model
def test_starter_model_translates_english_into_french(llama_engine) -> None:
    result = translate("The weather is nice today.", "en", "fr", engine=llama_engine,
                       options=TranslationOptions(temperature=0.0))

    text = result.text
    words = {w.strip(".,!?").lower() for w in text.replace("’", "'").split()}
    assert text and "\n" not in text
    assert "English" not in text and "French:" not in text
    assert words & FRENCH_WORDS, text
    assert detect_language(text).code == "fr", text


@pytest.mark.model
def test_starter_model_translates_chinese_into_english_with_the_glossary(llama_engine) -> None:
    glossary = [GlossaryTerm("大型语言模型", "large language model")]

    result = translate("大型语言模型是一种人工智能技术。", "zh-Hans", "en", engine=llama_engine,
                       options=TranslationOptions(temperature=0.0), glossary=glossary)

    text = result.text
    letters = [ch for ch in text if not ch.isspace()]
    assert letters and sum(ch.isascii() for ch in letters) / len(letters) > 0.9, text
    assert "large language model" in text.lower(), text
    assert "Chinese:" not in text and "English:" not in text


def test_a_previous_segment_too_large_for_the_window_is_left_out(chat_engine) -> None:
    first = "Long sentence number one is here. " * 30  # about 260 tokens for FakeEngine
    chat_engine.enqueue(["Très longue phrase. " * 100])  # a 500-token answer: with its source, over n_ctx / 8
    chat_engine.enqueue(["Court."])

    result = translate(first.strip() + "\n\nShort.", "en", "fr", engine=chat_engine)

    assert result.segments_done == 2
    assert "previous passage" not in chat_engine.prompts[1]

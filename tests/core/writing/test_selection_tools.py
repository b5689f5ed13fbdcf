"""Selection tools: a suggestion for the selected text, and a diff the UI can colour."""

from __future__ import annotations

import pytest

from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.selection_tools import diff_chunks, suggest


def test_proofread_returns_the_suggestion_beside_the_original(base_engine) -> None:
    base_engine.enqueue([" I have an apple."])

    suggestion = suggest("proofread", "I has a apple.", engine=base_engine)

    assert (suggestion.original, suggestion.text, suggestion.stopped) == ("I has a apple.", "I have an apple.", False)


def test_shorten_and_expand_ask_for_a_length_relative_to_the_selection(chat_engine) -> None:
    words = "one two three four five six seven eight nine ten " * 4  # 40 words

    suggest("shorten", words, engine=chat_engine)
    suggest("expand", words, engine=chat_engine)

    assert "about 20 words" in chat_engine.prompts[0]
    assert "about 80 words" in chat_engine.prompts[1]


def test_translate_selection_detects_its_language(base_engine) -> None:
    base_engine.enqueue(["Bonjour tout le monde."])

    suggestion = suggest("translate", "Hello everyone, how are you today?", engine=base_engine, target_language="fr")

    assert suggestion.text == "Bonjour tout le monde."
    assert "English: Hello everyone, how are you today?\nFrench:" in base_engine.prompts[0]


@pytest.mark.parametrize(
    ("action", "kwargs", "message"),
    [("paint", {}, "Unknown tool 'paint'"), ("translate", {}, "Choose the language"), ("rewrite", {"text": " "}, "Select some text")],
)
def test_bad_requests_are_clear_errors(base_engine, action, kwargs, message) -> None:
    with pytest.raises(WritingError, match=message):
        suggest(action, kwargs.get("text", "Some text."), engine=base_engine)


def test_diff_chunks_rebuild_both_texts() -> None:
    original = "I has went to the shop yesterday."
    changed = "I went to the store yesterday!"

    chunks = diff_chunks(original, changed)

    assert "".join(t for op, t in chunks if op != "insert") == original
    assert "".join(t for op, t in chunks if op != "delete") == changed
    assert ("delete", " has") in chunks
    assert ("insert", "store") in chunks


def test_diff_chunks_compare_chinese_character_by_character() -> None:
    chunks = diff_chunks("我喜欢苹果。", "我喜欢香蕉。")

    assert chunks == [("equal", "我喜欢"), ("delete", "苹果"), ("insert", "香蕉"), ("equal", "。")]


def test_identical_texts_are_one_equal_chunk() -> None:
    assert diff_chunks("Same text.", "Same text.") == [("equal", "Same text.")]

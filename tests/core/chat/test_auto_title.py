"""Titles written by the model: short, cleaned, and never over a title the user chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.chat.auto_title import MAX_TITLE_TOKENS, clean_title, title_conversation
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        (' "Capital of France"\nUser: next', "Capital of France"),
        ("Title: Reading CSV files.", "Reading CSV files"),
        ("「递归的解释」。", "递归的解释"),
        ("   \n  ", None),
        ("x" * 200, None),
    ],
)
def test_the_model_s_answer_is_cleaned_into_one_short_line(answer: str, title: str | None) -> None:
    assert clean_title(answer) == title


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine()
    engine.load(starter_model_path)
    return engine


def first_exchange(store: Store) -> int:
    conversation, _question, answer = store.add_exchange(None, "What is the capital of France?",
                                                         title="What is the capital of France?")
    store.finish_message(answer.id, "Paris.", "complete")
    return conversation.id


def test_a_title_is_written_greedily_in_a_few_tokens_and_stored(store: Store, engine: FakeEngine) -> None:
    conversation_id = first_exchange(store)
    engine.enqueue([" France's", " capital", "\n", "User:"])

    title = title_conversation(store, engine, conversation_id)

    assert title == "France's capital" == store.get_conversation(conversation_id).title
    params = engine.params[-1]
    assert (params.temperature, params.max_tokens, params.keep_context) == (0.0, MAX_TITLE_TOKENS, False)
    assert "What is the capital of France?" in engine.prompts[-1] and "Paris." in engine.prompts[-1]


def test_a_conversation_the_user_renamed_keeps_its_name(store: Store, engine: FakeEngine) -> None:
    conversation_id = first_exchange(store)
    store.rename_conversation(conversation_id, "My own name")
    engine.enqueue(["Capital of France"])

    assert title_conversation(store, engine, conversation_id) is None
    assert store.get_conversation(conversation_id).title == "My own name"
    assert engine.prompts == []  # the model was not even asked


def test_nothing_usable_keeps_the_first_line_title(store: Store, engine: FakeEngine) -> None:
    conversation_id = first_exchange(store)
    engine.enqueue(["\n"])

    assert title_conversation(store, engine, conversation_id) is None
    assert store.get_conversation(conversation_id).title == "What is the capital of France?"

"""The synthetic store that benchmarks use: the shape asked for, readable by the Store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.store import Store, search_index
from desktop_app.core.store.synthetic import build_synthetic_store


def test_builds_the_asked_numbers_with_the_long_conversation_first(tmp_path: Path) -> None:
    built = build_synthetic_store(tmp_path / "big.sqlite3", conversations=40, messages=1_000, long_messages=120)

    with Store(built.path) as store:
        listed = store.list_conversations()
        long_one = store.messages(built.long_conversation_id)
        totals = [len(store.messages(c.id)) for c in listed]

    assert len(listed) == 40 and sum(totals) == 1_000
    assert listed[0].id == built.long_conversation_id and totals[0] == 120
    assert max(totals[1:]) - min(totals[1:]) <= 1
    assert [m.role for m in long_one[:4]] == ["user", "assistant", "user", "assistant"]
    assert any("```" in m.content for m in long_one if m.role == "assistant")
    assert [c.id for c in listed] != sorted((c.id for c in listed), reverse=True)  # activity is shuffled
    assert listed[0].updated_at == long_one[-1].updated_at  # the conversation was last active at its last message


def test_the_store_keeps_working_on_a_synthetic_file(tmp_path: Path) -> None:
    built = build_synthetic_store(tmp_path / "big.sqlite3", conversations=5, messages=50, long_messages=10)

    with Store(built.path) as store:
        oldest = store.list_conversations()[-1]
        store.add_message(oldest.id, "user", "back to this one")
        assert store.list_conversations()[0].id == oldest.id
        assert store.messages(oldest.id)[-1].content == "back to this one"


def test_refuses_to_write_into_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    with Store(path) as store:
        store.create_conversation("my real chat")

    with pytest.raises(FileExistsError):
        build_synthetic_store(path, conversations=3, messages=10, long_messages=2)

    with Store(path) as store:
        assert [c.title for c in store.list_conversations()] == ["my real chat"]


def grams_vocabulary(path: Path) -> list[tuple[str, int]]:
    """Each token of the grams index with the number of messages that have it."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, {search_index.GRAMS_TABLE}, 'row')"
        )
        return connection.execute("SELECT term, doc FROM temp.vocabulary ORDER BY term").fetchall()
    finally:
        connection.close()


def test_the_synthetic_search_index_is_the_one_the_store_keeps(tmp_path: Path) -> None:
    built = build_synthetic_store(tmp_path / "big.sqlite3", conversations=4, messages=40, long_messages=10)
    with Store(built.path) as synthetic, Store(tmp_path / "typed.sqlite3") as typed:
        for conversation in synthetic.list_conversations():
            copy = typed.create_conversation(conversation.title)
            for message in synthetic.messages(conversation.id):
                typed.add_message(copy.id, message.role, message.content)
        hash_found = synthetic.search_messages("#")

    assert grams_vocabulary(built.path) == grams_vocabulary(typed.path)
    assert hash_found  # "# the header": symbol grams are in it

"""The queries behind opening the window use an index: no full scan, no sort of the whole table.

Each query is captured as the Store sends it, then explained by SQLite on the same file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from desktop_app.core.store import Store
from desktop_app.core.store.database import register_functions


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as opened:
        for i in range(30):
            conversation = opened.create_conversation(f"chat {i}", kind="chat" if i % 3 else "draft")
            opened.add_message(conversation.id, "user", "question")
            opened.add_message(conversation.id, "assistant", "answer")
        yield opened


def query_plan(store: Store, call: Callable[[], object], first_of_many: bool = False) -> list[str]:
    """SQLite's plan for the one SELECT that call makes (or the first one)."""
    selects: list[tuple[str, tuple]] = []

    def capture(_conn, _cursor, statement: str, parameters, _context, _executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append((statement, tuple(parameters)))

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(Engine, "before_cursor_execute", capture)
    if first_of_many:
        selects = selects[:1]
    [(statement, parameters)] = selects
    raw = sqlite3.connect(store.path)
    register_functions(raw)
    try:
        return [row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    finally:
        raw.close()


def assert_index_only(plan: list[str], index: str) -> None:
    assert any(step.startswith("SEARCH") and index in step for step in plan), plan
    assert not any(step.startswith("SCAN") or "TEMP B-TREE" in step for step in plan), plan


def test_start_up_finds_the_answers_left_streaming_in_their_own_index(store: Store) -> None:
    plan = query_plan(store, store.recover_interrupted)

    # Reading the whole of a partial index reads the streaming answers only, not every message.
    assert plan == ["SCAN messages USING INDEX ix_messages_streaming"]


def test_first_page_of_the_list_reads_one_index_range(store: Store) -> None:
    plan = query_plan(store, lambda: store.list_conversations("chat", limit=5))

    assert_index_only(plan, "ix_conversations_kind_updated_at_id")


def test_next_page_of_the_list_starts_at_its_cursor_in_the_index(store: Store) -> None:
    last = store.list_conversations("chat", limit=5)[-1]

    plan = query_plan(store, lambda: store.list_conversations("chat", limit=5, after=last.cursor))

    assert_index_only(plan, "ix_conversations_kind_updated_at_id")
    assert any("updated_at<" in step or "updated_at,id)<" in step for step in plan), plan


def test_opening_a_conversation_reads_its_messages_in_order_from_the_index(store: Store) -> None:
    [conversation] = store.list_conversations("chat", limit=1)

    plan = query_plan(store, lambda: store.messages(conversation.id))

    assert_index_only(plan, "ix_messages_conversation_id")


def test_both_sections_of_the_list_read_one_index_range_each(store: Store) -> None:
    for conversation in store.list_conversations("chat", limit=3):
        store.set_pinned(conversation.id, True)
    last_pinned = store.list_conversations("chat", limit=2, pinned=True)[-1]
    last_other = store.list_conversations("chat", limit=2, pinned=False)[-1]

    for pinned, after in ((True, None), (True, last_pinned.cursor), (False, None), (False, last_other.cursor)):
        plan = query_plan(store, lambda: store.list_conversations("chat", limit=2, after=after, pinned=pinned))
        assert_index_only(plan, "ix_conversations_kind_pinned_updated_at_id")


@pytest.mark.parametrize("term", ["C#", "#", "0%", "C语", "好，", "->"])
def test_a_short_term_with_a_symbol_is_looked_up_in_the_grams_index_not_scanned(store: Store, term: str) -> None:
    conversation = store.create_conversation("symbols")
    store.add_message(conversation.id, "user", "C# -> 100% 好，C语言")
    assert store.has_search_index

    plan = query_plan(store, lambda: store.search_messages(term), first_of_many=True)  # then it loads the rows

    assert any("VIRTUAL TABLE" in step and step.split()[1] == "s" for step in plan), plan  # message_grams AS s
    assert not any(step.startswith("SCAN m") for step in plan), plan  # messages AS m, walked newest first

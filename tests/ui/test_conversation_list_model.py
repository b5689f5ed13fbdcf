"""The conversation list model on a real store: pages on demand, one row per change, never a reset.

Every conversation made here is active today, so row 0 is the "Today" section header and the
conversations follow from row 1 (tests/ui/test_conversation_groups.py covers the sections).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.core.store import ConversationRecord, Store
from desktop_app.ui.conversation_list_model import ID_ROLE, RECORD_ROLE, ConversationListModel
from tests.support.model_signals import ModelSignalLog


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def make_conversations(store: Store, count: int) -> list[ConversationRecord]:
    """`count` chats, "chat 0" the oldest; each with one message."""
    conversations = []
    for i in range(count):
        conversation = store.create_conversation(f"chat {i}")
        store.add_message(conversation.id, "user", f"message {i}")
        conversations.append(store.get_conversation(conversation.id))
    return conversations


def titles(model: ConversationListModel) -> list[str]:
    """The conversations' titles in list order (section headers left out)."""
    return [model.index(row).data() for row in range(model.rowCount()) if model.index(row).data(ID_ROLE) is not None]


def loaded(store: Store, page_size: int = 5) -> ConversationListModel:
    model = ConversationListModel(store, page_size=page_size)
    model.reload()
    return model


def be_active(store: Store, conversation: ConversationRecord) -> ConversationRecord:
    """What a send does to a conversation in the store: a message, so it is the most recent."""
    store.add_message(conversation.id, "user", "one more")
    return store.get_conversation(conversation.id)


def test_model_obeys_the_qt_model_contract_while_it_pages_moves_and_removes(store: Store, qtmodeltester) -> None:
    conversations = make_conversations(store, 12)
    model = loaded(store)
    qtmodeltester.check(model)  # stays attached: every change below is checked too

    model.fetchMore(QModelIndex())
    model.upsert(be_active(store, conversations[4]))  # loaded: moves to the top
    model.upsert(be_active(store, conversations[0]))  # not loaded yet: appears at the top
    store.rename_conversation(conversations[9].id, "renamed")
    model.rename(conversations[9].id, "renamed")
    store.delete_conversation(conversations[10].id)
    model.remove(conversations[10].id)
    model.upsert(store.create_conversation("brand new"))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())

    assert titles(model) == [c.title for c in store.list_conversations()]


def test_rows_carry_title_id_record_and_a_tooltip_with_the_local_time(store: Store) -> None:
    [conversation] = make_conversations(store, 1)
    model = loaded(store)

    index = model.index(1)

    assert model.index(0).data() == "Today"
    assert index.data() == "chat 0"
    assert index.data(ID_ROLE) == conversation.id
    assert index.data(RECORD_ROLE) == conversation
    assert conversation.updated_at.astimezone().strftime("%Y-%m-%d %H:%M") in index.data(Qt.ItemDataRole.ToolTipRole)


def test_opening_loads_one_page_and_fetch_more_loads_the_next(store: Store) -> None:
    make_conversations(store, 12)
    model = loaded(store, page_size=5)

    assert len(titles(model)) == 5 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert len(titles(model)) == 10
    model.fetchMore(QModelIndex())
    assert len(titles(model)) == 12 and not model.canFetchMore(QModelIndex())
    assert titles(model) == [f"chat {i}" for i in range(11, -1, -1)]


def test_activity_in_a_loaded_conversation_moves_one_row_to_the_top(store: Store) -> None:
    conversations = make_conversations(store, 8)
    model = loaded(store)
    log = ModelSignalLog(model)

    model.upsert(be_active(store, conversations[5]))  # shown in row 3, under the header and two others

    assert log.events == [("moved", 3, 3, 1), ("changed", 1, 1)]
    assert titles(model) == ["chat 5", "chat 7", "chat 6", "chat 4", "chat 3"]


def test_activity_in_the_top_conversation_changes_its_row_in_place(store: Store) -> None:
    conversations = make_conversations(store, 3)
    model = loaded(store)
    log = ModelSignalLog(model)

    model.upsert(be_active(store, conversations[2]))

    assert log.events == [("changed", 1, 1)]
    assert titles(model) == ["chat 2", "chat 1", "chat 0"]


def test_a_new_conversation_inserts_one_row_at_the_top(store: Store) -> None:
    make_conversations(store, 8)
    model = loaded(store)
    log = ModelSignalLog(model)

    model.upsert(store.create_conversation("brand new"))

    assert log.events == [("inserted", 1, 1)]
    assert titles(model)[:2] == ["brand new", "chat 7"]


def test_a_conversation_beyond_the_loaded_pages_appears_at_the_top_once(store: Store) -> None:
    conversations = make_conversations(store, 12)
    model = loaded(store, page_size=5)
    log = ModelSignalLog(model)

    model.upsert(be_active(store, conversations[0]))  # the oldest: on the third page
    assert log.events == [("inserted", 1, 1)]
    assert len(titles(model)) == 6

    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert titles(model) == ["chat 0"] + [f"chat {i}" for i in range(11, 0, -1)]


def test_a_change_below_the_loaded_pages_waits_for_its_page(store: Store) -> None:
    conversations = make_conversations(store, 12)
    model = loaded(store, page_size=5)
    log = ModelSignalLog(model)

    store.rename_conversation(conversations[1].id, "renamed while not loaded")
    model.upsert(store.get_conversation(conversations[1].id))
    model.rename(conversations[1].id, "renamed while not loaded")
    assert log.events == [] and len(titles(model)) == 5

    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert titles(model)[-2:] == ["renamed while not loaded", "chat 0"]


def test_rename_changes_one_row_in_place(store: Store) -> None:
    conversations = make_conversations(store, 4)
    model = loaded(store)
    log = ModelSignalLog(model)

    model.rename(conversations[2].id, "Holiday plans")

    assert log.events == [("changed", 2, 2)]
    assert titles(model) == ["chat 3", "Holiday plans", "chat 1", "chat 0"]
    assert model.index(2).data(RECORD_ROLE).title == "Holiday plans"


def test_remove_takes_out_one_row(store: Store) -> None:
    conversations = make_conversations(store, 4)
    model = loaded(store)
    log = ModelSignalLog(model)

    model.remove(conversations[2].id)
    model.remove(conversations[2].id)  # twice is harmless

    assert log.events == [("removed", 2, 2)]
    assert titles(model) == ["chat 3", "chat 1", "chat 0"]
    assert model.row_of(conversations[1].id) == 2 and model.row_of(conversations[2].id) is None


def test_other_kinds_are_not_listed(store: Store) -> None:
    make_conversations(store, 2)
    draft = store.create_conversation("a draft", kind="draft")
    model = loaded(store)

    model.upsert(draft)

    assert titles(model) == ["chat 1", "chat 0"]


def test_a_page_that_cannot_be_read_is_reported_not_raised(store: Store, qtbot) -> None:
    make_conversations(store, 3)
    model = ConversationListModel(store)
    store.close()

    with qtbot.waitSignal(model.loadFailed) as failure:
        model.reload()

    assert "closed" in failure.args[0]
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())

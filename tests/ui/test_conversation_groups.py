"""The conversation list in sections (Pinned, Today, Yesterday, Previous 7 days, Older), pins,
the spinner on a chat being answered, and the title the model writes after the first answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.core.chat.day_groups import DayBounds
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import NewConversation, NewMessage, Store
from desktop_app.ui import conversation_list_model
from desktop_app.ui.conversation_list_model import GENERATING_ROLE, ID_ROLE, ConversationListModel
from desktop_app.ui.conversation_sidebar import ConversationSidebar
from tests.support.model_signals import ModelSignalLog


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def add(store: Store, title: str, days_ago: float = 0, pinned: bool = False) -> int:
    """A chat last active `days_ago` days before now (0: just now)."""
    when = (datetime.now().astimezone() - timedelta(days=days_ago)) if days_ago else None
    message = NewMessage(key=1, parent_key=None, role="user", content=title, created_at=when)
    [record] = store.insert_conversations(
        [NewConversation(title=title, messages=(message,), created_at=when, updated_at=when, pinned=pinned)]
    )
    return record.id


def rows(model: ConversationListModel) -> list[str]:
    """Every row as shown: headers as "## name", conversations by title."""
    shown = []
    for row in range(model.rowCount()):
        index = model.index(row)
        shown.append(index.data() if index.data(ID_ROLE) is not None else f"## {index.data()}")
    return shown


def loaded(store: Store, page_size: int = 50) -> ConversationListModel:
    model = ConversationListModel(store, page_size=page_size)
    model.reload()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return model


def test_conversations_are_listed_under_day_headers_with_pinned_ones_on_top(qapp, store: Store) -> None:
    add(store, "last month", days_ago=30)
    add(store, "four days ago", days_ago=4)
    yesterday = DayBounds.at().yesterday + timedelta(hours=12)
    add(store, "yesterday", days_ago=(datetime.now().astimezone() - yesterday).total_seconds() / 86400)
    add(store, "old but pinned", days_ago=60, pinned=True)
    add(store, "just now")

    model = loaded(store)

    assert rows(model) == [
        "## Pinned", "old but pinned",
        "## Today", "just now",
        "## Yesterday", "yesterday",
        "## Previous 7 days", "four days ago",
        "## Older", "last month",
    ]
    assert model.index(0).flags() == Qt.ItemFlag.NoItemFlags  # a header cannot be picked


def test_pinning_moves_a_chat_to_the_pinned_section_and_unpinning_puts_it_back(qapp, store: Store, qtmodeltester) -> None:
    older = add(store, "older", days_ago=20)
    add(store, "recent")
    model = loaded(store)
    qtmodeltester.check(model)

    model.upsert(store.set_pinned(older, True))
    assert rows(model) == ["## Pinned", "older", "## Today", "recent"]

    model.upsert(store.set_pinned(older, False))
    assert rows(model) == ["## Today", "recent", "## Older", "older"]


def test_activity_moves_a_chat_into_today_with_one_move(store: Store, qtmodeltester) -> None:
    add(store, "today one")
    add(store, "today two")
    stale = add(store, "last week", days_ago=3)
    model = loaded(store)
    qtmodeltester.check(model)
    log = ModelSignalLog(model)

    store.add_message(stale, "user", "one more")
    model.upsert(store.get_conversation(stale))

    assert rows(model) == ["## Today", "last week", "today two", "today one"]
    # One move into Today, then the "Previous 7 days" header, now empty, goes.
    assert [event for event in log.events if event[0] != "changed"] == [("moved", 4, 4, 1), ("removed", 4, 4)]


def test_paging_brings_pinned_chats_first_and_keeps_the_order(qapp, store: Store, qtmodeltester) -> None:
    for number in range(7):
        add(store, f"chat {number}", days_ago=10 - number)
    for number in range(3):
        add(store, f"pinned {number}", days_ago=20 + number, pinned=True)

    model = ConversationListModel(store, page_size=2)
    model.reload()
    assert rows(model) == ["## Pinned", "pinned 0", "pinned 1"]
    qtmodeltester.check(model)  # it fetches more itself: every page below is checked
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())

    assert rows(model)[:4] == ["## Pinned", "pinned 0", "pinned 1", "pinned 2"]
    assert [title for title in rows(model)[4:] if not title.startswith("##")] == [f"chat {n}" for n in range(6, -1, -1)]


def test_after_midnight_todays_chats_move_under_yesterday(store: Store, monkeypatch) -> None:
    add(store, "earlier today")
    model = loaded(store)
    tomorrow = datetime.now().astimezone() + timedelta(days=1)
    real_at = DayBounds.at
    monkeypatch.setattr(conversation_list_model.DayBounds, "at", staticmethod(lambda now=None: real_at(tomorrow)))

    model.regroup()

    assert rows(model) == ["## Yesterday", "earlier today"]


def test_the_arrow_keys_step_over_headers(qtbot, store: Store) -> None:
    add(store, "week", days_ago=3)
    add(store, "today")
    sidebar = ConversationSidebar(ConversationListModel(store))
    qtbot.addWidget(sidebar)
    sidebar.resize(260, 400)
    sidebar.reload(None)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    sidebar.list.setFocus()
    sidebar.list.setCurrentIndex(sidebar.model.index(1))

    with qtbot.waitSignal(sidebar.selected) as picked:
        qtbot.keyClick(sidebar.list, Qt.Key.Key_Down)

    assert sidebar.model.index(sidebar.list.currentIndex().row()).data() == "week"
    assert picked.args == [sidebar.current_id()]


# -- in the window ---------------------------------------------------------------------------------


def test_the_pin_action_pins_the_current_chat_and_unpins_it(qtbot, open_window) -> None:
    window = open_window()
    page = window.chat_page
    with Store() as other:
        older = add(other, "older chat", days_ago=10)
    page.refresh_list()
    page.show_conversation(older)
    assert page.sidebar.pin_action.text() == "Pin"

    page.sidebar.pin_action.trigger()
    assert window.store.get_conversation(older).pinned
    assert page.sidebar.pin_action.text() == "Unpin"
    assert rows(page.sidebar.model)[:2] == ["## Pinned", "older chat"]
    assert page.sidebar.current_id() == older

    page.sidebar.pin_action.trigger()
    assert not window.store.get_conversation(older).pinned
    assert rows(page.sidebar.model) == ["## Older", "older chat"]


def test_a_spinner_marks_the_chat_while_its_answer_is_written(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.02)
    engine.enqueue([f"word{i} " for i in range(40)])
    window = open_window(engine)
    page = window.chat_page

    qtbot.keyClicks(page.composer, "Tell me something")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    row = page.sidebar.model.row_of(page.current_id)
    assert page.sidebar.model.index(row).data(GENERATING_ROLE) is True
    assert page.sidebar._spinner.isActive()
    index = page.sidebar.model.index(row)
    first = index.data(Qt.ItemDataRole.DecorationRole).cacheKey()
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.DecorationRole).cacheKey() != first, timeout=2000)  # it turns
    assert page.sidebar.model.advance_spinner() == [index]  # only that row is drawn again
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)

    assert page.sidebar.model.index(row).data(GENERATING_ROLE) is False
    assert not page.sidebar._spinner.isActive()


def test_the_model_titles_a_chat_after_its_first_answer_and_a_rename_still_wins(qtbot, open_window,
                                                                               monkeypatch) -> None:
    engine = FakeEngine()
    engine.enqueue(["Paris is the capital of France."])
    engine.enqueue([" Capital of France", "\n"])  # the title job's answer
    engine.enqueue(["It has about two million people."])
    window = open_window(engine, titles=True)
    page = window.chat_page

    qtbot.keyClicks(page.composer, "What is the capital of France?")
    with qtbot.waitSignal(page.titles.titled, timeout=10_000):
        qtbot.keyClick(page.composer, Qt.Key.Key_Return)

    conversation_id = page.current_id
    assert window.store.get_conversation(conversation_id).title == "Capital of France"
    assert page.sidebar.model.index(page.sidebar.model.row_of(conversation_id)).data() == "Capital of France"
    assert len(engine.prompts) == 2

    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("My trip", True))
    page.sidebar.rename_current()
    qtbot.keyClicks(page.composer, "How many people live there?")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)

    assert window.store.get_conversation(conversation_id).title == "My trip"
    assert len(engine.prompts) == 3  # no title job after the second answer

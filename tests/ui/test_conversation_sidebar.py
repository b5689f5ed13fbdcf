"""The sidebar as a user meets it: pick, rename, delete, scroll; code changes never count as a pick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.core.store import ConversationRecord, Store
from desktop_app.ui.conversation_list_model import ConversationListModel
from desktop_app.ui.conversation_sidebar import ConversationSidebar


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def make_conversations(store: Store, count: int) -> list[ConversationRecord]:
    return [store.create_conversation(f"chat {i}") for i in range(count)]


def open_sidebar(qtbot, store: Store, page_size: int = 50) -> ConversationSidebar:
    sidebar = ConversationSidebar(ConversationListModel(store, page_size=page_size))
    qtbot.addWidget(sidebar)
    sidebar.resize(260, 400)
    sidebar.reload(None)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    sidebar.activateWindow()
    sidebar.list.setFocus()
    qtbot.waitUntil(sidebar.list.hasFocus)  # F2 and Delete work while the list has the focus
    return sidebar


def click_row(qtbot, sidebar: ConversationSidebar, row: int) -> None:
    """Click the row-th conversation of the list (section headers are not counted)."""
    conversation_id = sidebar.model.conversation_ids()[row]
    rect = sidebar.list.visualRect(sidebar.model.index(sidebar.model.row_of(conversation_id)))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_list_keeps_its_name_for_tests_and_screen_readers(qtbot, store: Store) -> None:
    sidebar = open_sidebar(qtbot, store)

    assert sidebar.list.objectName() == "conversationList"
    assert sidebar.list.accessibleName() == "Conversations"


def test_a_long_title_is_elided_to_the_width_of_the_list(qtbot, store: Store) -> None:
    store.create_conversation("A very long title about the history of the Roman Empire and its roads " * 2)
    sidebar = open_sidebar(qtbot, store)
    index = sidebar.model.index(1)  # under the "Today" header

    width = sidebar.list.viewport().width()
    text_width = sidebar.list.fontMetrics().horizontalAdvance(index.data())

    assert text_width > width  # the title does not fit...
    assert sidebar.list.horizontalScrollBar().maximum() == 0  # ...yet the list does not scroll sideways
    assert sidebar.list.visualRect(index).width() == width
    assert sidebar.list.textElideMode() == Qt.TextElideMode.ElideRight


def test_picking_a_row_emits_selected_but_changes_made_in_code_do_not(qtbot, store: Store) -> None:
    conversations = make_conversations(store, 5)
    sidebar = open_sidebar(qtbot, store)

    with qtbot.waitSignal(sidebar.selected) as picked:
        click_row(qtbot, sidebar, 3)
    assert picked.args == [conversations[1].id] and sidebar.current_id() == conversations[1].id

    with qtbot.assertNotEmitted(sidebar.selected):
        sidebar.select(conversations[4].id)
        sidebar.upsert(store.create_conversation("new"))
        sidebar.rename(conversations[4].id, "renamed")
        sidebar.remove(conversations[0].id)
        sidebar.reload(conversations[2].id)
    assert sidebar.current_id() == conversations[2].id


def test_the_current_conversation_stays_selected_when_it_moves_to_the_top(qtbot, store: Store) -> None:
    conversations = make_conversations(store, 5)
    sidebar = open_sidebar(qtbot, store)
    click_row(qtbot, sidebar, 3)

    store.add_message(conversations[1].id, "user", "more")
    sidebar.upsert(store.get_conversation(conversations[1].id))

    assert sidebar.list.currentIndex().row() == 1  # the first under the "Today" header
    assert sidebar.current_id() == conversations[1].id
    assert [i.row() for i in sidebar.list.selectionModel().selectedIndexes()] == [1]


def test_removing_the_current_row_selects_no_other(qtbot, store: Store) -> None:
    conversations = make_conversations(store, 3)
    sidebar = open_sidebar(qtbot, store)
    click_row(qtbot, sidebar, 1)

    with qtbot.assertNotEmitted(sidebar.selected):
        sidebar.remove(conversations[1].id)

    assert sidebar.current_id() is None
    assert len(sidebar.model.conversation_ids()) == 2


def test_f2_renames_the_current_conversation(qtbot, store: Store, monkeypatch) -> None:
    conversations = make_conversations(store, 2)
    sidebar = open_sidebar(qtbot, store)
    click_row(qtbot, sidebar, 1)
    asked = []

    def get_text(_parent, _title, _label, text=""):
        asked.append(text)
        return ("  Trip to Lyon  ", True)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    with qtbot.waitSignal(sidebar.renameRequested) as request:
        qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)

    assert asked == ["chat 0"]
    assert request.args == [conversations[0].id, "Trip to Lyon"]


def test_delete_asks_first_and_cancel_keeps_the_conversation(qtbot, store: Store, monkeypatch) -> None:
    conversations = make_conversations(store, 2)
    sidebar = open_sidebar(qtbot, store)
    click_row(qtbot, sidebar, 0)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(sidebar.deleteRequested):
        qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(sidebar.deleteRequested) as request:
        qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert request.args == [conversations[1].id]


def test_showing_the_list_loads_one_page_and_scrolling_to_the_end_loads_the_next(qtbot, store: Store) -> None:
    make_conversations(store, 120)
    sidebar = open_sidebar(qtbot, store, page_size=50)
    assert len(sidebar.model.conversation_ids()) == 50

    sidebar.list.scrollToBottom()

    qtbot.waitUntil(lambda: len(sidebar.model.conversation_ids()) == 100)
    assert sidebar.model.index(sidebar.model.rowCount() - 1).data() == "chat 20"

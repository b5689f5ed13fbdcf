"""Documents in Chat, as a user meets them: choose a collection for the chat, ask, see the sources under the
answer, click one to read the passage with the question's words highlighted; reopened chats keep their sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor

from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.engine.embedder import FakeEmbedder
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store
from desktop_app.ui.chat_documents import ChatDocumentsControl
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garden.md").write_text("# Garden\n\nWater the tomatoes every evening in summer.\n", encoding="utf-8")
    (folder / "lease.md").write_text("# Lease\n\nThe deposit is two months of rent.\n", encoding="utf-8")
    return folder


@pytest.fixture
def fake() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def window(open_window, qtbot, folder: Path, fake: FakeEngine) -> MainWindow:
    """A window on the fake engine and the fake embedder, with the folder indexed in the Documents workspace."""
    window = open_window(fake, embedder=SharedEmbedder(FakeEmbedder))
    documents = window.documents_page
    documents.add_paths([str(folder)])
    qtbot.waitUntil(lambda: [status.state for _, status in documents.library.statuses()] == ["ready"], timeout=30_000)
    window.show_page("chat")
    return window


def choose_in_menu(qtbot, control: ChatDocumentsControl, name: str) -> None:
    """Open the Documents menu as a click does and pick `name` in it."""
    picked: list[str] = []

    def pick() -> None:
        menu = control.menu
        action = next(a for a in menu.actions() if a.text() == name)
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
        picked.append(name)

    QTimer.singleShot(0, pick)
    control.button.showMenu()  # runs until the menu closes
    assert picked == [name]


def click_text(qtbot, view, text: str) -> None:
    cursor = view.document().find(text)
    assert not cursor.isNull(), text
    inside = QTextCursor(view.document())
    inside.setPosition(cursor.selectionStart() + 2)
    view.ensureCursorVisible()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(inside).center())


def test_a_chat_answers_from_the_chosen_documents_and_its_sources_open_the_passage(qtbot, window, fake) -> None:
    page = window.chat_page
    control = page.documents
    assert control.button.text() == "Documents" and not control.button.isChecked()

    choose_in_menu(qtbot, control, "Documents")  # the Documents workspace's collection
    fake.enqueue(["Water them", " every evening in summer [1]."])
    qtbot.keyClicks(page.composer, "When should I water the tomatoes?")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)

    assert control.button.text() == "Documents (1)" and control.button.isChecked()
    shown = page.view.toPlainText()
    assert "Water them every evening in summer [1]." in shown
    assert "Sources:\n[1] garden.md, Garden" in shown
    prompt = fake.prompts[-1]
    assert "[1] (garden.md, Garden)" in prompt and prompt.rstrip().endswith(
        "Question: When should I water the tomatoes?\nAssistant:")

    with qtbot.waitSignal(control.passageOpened, timeout=5000) as opened:
        click_text(qtbot, page.view, "[1] garden.md")
    dialog = opened.args[0]
    assert dialog.place.text().startswith(str(Path(window.documents_page.library.docs.files()[0].path).parent))
    assert "garden.md" in dialog.place.text()
    assert [t.lower() for t in dialog.highlighted_texts()] == ["water", "tomatoes"]
    dialog.close()


def test_a_reopened_chat_lists_its_sources_and_keeps_its_documents(qtbot, window, fake) -> None:
    page = window.chat_page
    control = page.documents
    choose_in_menu(qtbot, control, "Documents")
    fake.enqueue(["Two months of rent [1]."])
    qtbot.keyClicks(page.composer, "How big is the deposit of the lease?")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)
    conversation_id = page.current_id

    page.new_chat()
    assert control.button.text() == "Documents" and "Sources:" not in page.view.toPlainText()
    page.view.forget_rendered()
    page.show_conversation(conversation_id)

    assert control.button.text() == "Documents (1)"
    assert "Sources:\n[1] lease.md, Lease" in page.view.toPlainText()
    with qtbot.waitSignal(control.passageOpened, timeout=5000) as opened:
        click_text(qtbot, page.view, "[1] lease.md")
    assert "The deposit is two months of rent." in opened.args[0].view.toPlainText()
    opened.args[0].close()


def test_turning_the_documents_off_answers_without_them(qtbot, window, fake) -> None:
    page = window.chat_page
    control = page.documents
    choose_in_menu(qtbot, control, "Documents")
    qtbot.keyClicks(page.composer, "When should I water the tomatoes?")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)

    choose_in_menu(qtbot, control, "Documents")  # unchecked
    qtbot.keyClicks(page.composer, "And the lease?")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)

    assert control.button.text() == "Documents"
    assert "Sources:" not in fake.prompts[-1]
    with Store() as store:
        assert store.get_conversation(page.current_id) is not None
    assert control.documents.chosen(page.current_id) == []


def test_add_documents_in_the_menu_shows_the_documents_workspace(qtbot, window, fake) -> None:
    choose_in_menu(qtbot, window.chat_page.documents, "Add or manage documents…")

    assert window.workspaces.current_key() == "documents"

"""At 960 px the chat keeps its width: the conversation list steps aside and a button brings it back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.settings import Settings


def test_a_960_px_window_hides_the_list_behind_a_button(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: page.sidebar.isVisible())
    assert not page.collapse.button.isVisible()

    window.resize(960, 700)

    qtbot.waitUntil(lambda: not page.sidebar.isVisible())
    assert page.collapse.button.isVisible()
    qtbot.waitUntil(lambda: page.composer_box.width() >= 700)  # the chat has the room
    qtbot.mouseClick(page.collapse.button, Qt.MouseButton.LeftButton)
    assert page.sidebar.isVisible()
    qtbot.mouseClick(page.collapse.button, Qt.MouseButton.LeftButton)
    assert not page.sidebar.isVisible()

    window.resize(1400, 800)
    qtbot.waitUntil(lambda: page.sidebar.isVisible())
    assert not page.collapse.button.isVisible()


def test_picking_a_conversation_on_a_narrow_window_puts_the_list_away(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    page.send("Hello")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    page.new_chat()
    window.resize(960, 700)
    qtbot.waitUntil(lambda: page.collapse.narrow)
    qtbot.mouseClick(page.collapse.button, Qt.MouseButton.LeftButton)

    page.sidebar.selected.emit(page.sidebar.model.conversation_id(0))  # what a click on the row sends

    assert not page.sidebar.isVisible() and page.current_id is not None


def test_a_collapsed_list_keeps_its_saved_width(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: page.sidebar.isVisible())
    page.save_layout(window.settings)
    saved = dict(window.settings.splitters)
    window.resize(960, 700)
    qtbot.waitUntil(lambda: page.collapse.narrow)

    page.save_layout(window.settings)

    assert window.settings.splitters == saved
    assert isinstance(Settings.load(), Settings)

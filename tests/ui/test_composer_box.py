"""The chat's message box: it grows with its text up to a limit, Stop replaces Send while an answer
streams, and Enter then says why nothing was sent."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.chat.attachments import Attachment
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.ui.composer import MAX_LINES, MIN_LINES
from desktop_app.ui.composer_box import ComposerBox
from tests.ui.test_chat_page import stored_conversations


def test_the_box_grows_with_its_text_then_stops_and_scrolls(qtbot) -> None:
    box = ComposerBox()
    qtbot.addWidget(box)
    box.resize(600, 400)
    box.show()
    editor = box.editor
    empty = editor.height()

    editor.setPlainText("one\ntwo\nthree\nfour")
    four_lines = editor.height()
    editor.setPlainText("\n".join(f"line {n}" for n in range(40)))
    forty_lines = editor.height()

    assert empty == editor.height_for(MIN_LINES)
    assert four_lines == editor.height_for(4) > empty
    assert forty_lines == editor.height_for(MAX_LINES) > four_lines  # the limit
    assert editor.verticalScrollBar().maximum() > 0  # the rest scrolls
    editor.clear()
    assert editor.height() == empty


def test_a_long_line_grows_the_box_as_it_wraps(qtbot) -> None:
    box = ComposerBox()
    qtbot.addWidget(box)
    box.resize(300, 400)
    box.show()

    box.editor.setPlainText("word " * 60)

    assert box.editor.height() > box.editor.height_for(MIN_LINES)


def test_a_file_alone_can_be_sent_and_comes_after_the_words(qtbot) -> None:
    box = ComposerBox()
    qtbot.addWidget(box)
    box.add_attachment(Attachment("notes.txt", "Buy milk."), 3)

    with qtbot.waitSignal(box.submitted) as sent:
        box.editor.submit()
    assert sent.args == ["notes.txt:\n\n```\nBuy milk.\n```"]

    box.editor.setPlainText("Summarise this")
    with qtbot.waitSignal(box.submitted) as sent:
        box.editor.submit()
    assert sent.args[0].startswith("Summarise this\n\nnotes.txt:")


def test_stop_stands_in_for_send_while_an_answer_streams(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.05)
    engine.enqueue(["word "] * 400)  # 20 s: only Stop ends it within the wait
    window = open_window(engine)
    page = window.chat_page
    assert page.send_button.isVisible() and not page.stop_button.isVisible()

    page.composer.setPlainText("Tell me a story")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)

    assert page.stop_button.isVisible() and not page.send_button.isVisible()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    assert page.send_button.isVisible() and not page.stop_button.isVisible()


def test_enter_while_an_answer_streams_says_how_to_stop_it_and_keeps_the_message(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.05)
    engine.enqueue(["word "] * 400)  # 20 s: only Stop ends it within the wait
    window = open_window(engine)
    page = window.chat_page
    page.composer.setPlainText("First question")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    assert not page.composer_box.hint.isVisible()

    qtbot.keyClicks(page.composer, "Second question")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)

    assert page.composer_box.hint.isVisible() and "Esc" in page.composer_box.hint.text()
    assert page.stop_button.property("flash") is True  # the Stop button lights up
    assert page.composer.toPlainText() == "Second question"
    qtbot.keyClick(page.composer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    assert not page.composer_box.hint.isVisible()
    [(_conversation, messages)] = stored_conversations()
    assert [m.content for m in messages if m.role == "user"] == ["First question"]

"""What the view draws over rendered Markdown: quote bars, and wrapped code that never widens the conversation."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop_app.ui.markdown_render import QUOTE_INDENT
from desktop_app.ui.message_view import MessageView
from desktop_app.ui.rich_text_browser import is_code_block, quote_level
from desktop_app.ui.theme import LIGHT

LONG_LINE = "result = compute(" + ", ".join(f"argument_{n}" for n in range(40)) + ")"


@pytest.fixture
def view(qtbot) -> MessageView:
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(480, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def blocks(view: MessageView):
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def test_a_block_quote_gets_a_bar_in_the_themes_colour(qtbot, view) -> None:
    view.set_messages([(1, "assistant", "Before.\n\n> A quoted line\n> > and a nested one\n\nAfter.")])
    quoted = {block.text(): quote_level(block) for block in blocks(view)}
    assert quoted["A quoted line"] == 1 and quoted["and a nested one"] == 2
    assert quoted["Before."] == 0 and quoted["After."] == 0

    block = next(b for b in blocks(view) if b.text() == "A quoted line")
    rect = view.document().documentLayout().blockBoundingRect(block)
    image = view.viewport().grab().toImage()
    y = int(rect.center().y()) - view.verticalScrollBar().value()
    bar = [x for x in range(int(rect.left()), int(rect.left()) + QUOTE_INDENT) if image.pixelColor(x, y) == QColor(LIGHT.quote_bar)]
    assert bar, "no quote bar left of the quoted text"
    assert max(bar) < rect.left() + QUOTE_INDENT  # in the margin, not over the text


def test_a_long_code_line_wraps_inside_its_block_and_copies_as_written(view) -> None:
    view.set_messages([(1, "assistant", f"```python\n{LONG_LINE}\nshort()\n```")])

    code = [block for block in blocks(view) if is_code_block(block)]
    assert [block.text() for block in code] == [LONG_LINE, "short()"]
    assert code[0].layout().lineCount() > 1  # wrapped at the view's width...
    assert view.horizontalScrollBar().maximum() == 0  # ...so the conversation never scrolls sideways
    first, second = code[0].layout().lineAt(0), code[0].layout().lineAt(1)
    assert second.x() > first.x()  # the continuation is indented under its line

    cursor = QTextCursor(code[0])
    cursor.setPosition(code[1].position() + code[1].length() - 1, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.copy()
    assert QApplication.clipboard().text() == f"{LONG_LINE}\nshort()"


def test_a_very_long_word_in_code_wraps_and_copies_without_the_break_marks(view) -> None:
    word = "x" * 2500
    view.set_messages([(1, "assistant", f"```\n{word}\n```")])

    assert view.horizontalScrollBar().maximum() == 0
    view.selectAll()
    view.copy()
    assert QApplication.clipboard().text().endswith(word)
    assert "\u200b" not in QApplication.clipboard().text()

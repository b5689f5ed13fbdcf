"""Maths in the chat: a formula becomes a picture in the document, a broken one stays code, copying gives LaTeX."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from desktop_app.ui.markdown_render import parse_math_url
from desktop_app.ui.message_view import MessageView
from desktop_app.ui.theme import LIGHT


@pytest.fixture
def view(qtbot) -> MessageView:
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    return view


def formula_images(document: QTextDocument) -> list[tuple[int, str]]:
    """(position, URL) of every formula picture in the document, after laying it out."""
    document.documentLayout().documentSize()  # lays everything out: pictures are asked for now
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            iterator += 1
            if fragment.charFormat().isImageFormat():
                name = fragment.charFormat().toImageFormat().name()
                if parse_math_url(name) is not None:
                    found.append((fragment.position(), name))
        block = block.next()
    return found


def opaque_colours(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


def test_a_formula_becomes_an_image_resource_in_the_text_colour(view) -> None:
    view.set_messages([(1, "assistant", "Energy is $E=mc^2$, says Einstein.")])

    images = formula_images(view.document())
    assert len(images) == 1
    image = view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(images[0][1]))
    assert isinstance(image, QImage) and not image.isNull()
    assert image.height() > 0 and image.width() > image.height()  # a formula, laid out in a line
    assert opaque_colours(image) == {QColor(LIGHT.text).name()}
    assert "Energy is \ufffc, says Einstein." in view.toPlainText()


def test_a_displayed_formula_is_centred_on_its_own_line(view) -> None:
    view.set_messages([(1, "assistant", "The roots:\n\n$$\nx = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}\n$$\n\nDone.")])

    (position, _), = formula_images(view.document())
    block = view.document().findBlock(position)
    assert block.text() == "\ufffc"
    assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter


def test_a_formula_that_cannot_be_typeset_is_shown_as_code(view) -> None:
    view.set_messages([(1, "assistant", "A broken one: $\\frac{a}{$ and an unknown $\\notacommand{x}$.")])

    assert formula_images(view.document()) == []
    text = view.toPlainText()
    for source in ("$\\frac{a}{$", "$\\notacommand{x}$"):
        cursor = QTextCursor(view.document())
        cursor.setPosition(text.index(source) + 2)
        assert "monospace" in cursor.charFormat().fontFamilies()  # as code
        assert cursor.charFormat().background().color().name() == LIGHT.inline_code_background


def test_copying_a_selected_formula_gives_its_latex(view) -> None:
    view.set_messages([(1, "assistant", "Energy is $E=mc^2$, and \\(a^2+b^2\\).")])
    (first, _), (second, _) = formula_images(view.document())

    cursor = QTextCursor(view.document())
    cursor.setPosition(first)
    cursor.setPosition(first + 1, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.copy()
    assert QApplication.clipboard().text() == "$E=mc^2$"

    cursor.setPosition(first - len("Energy is "))
    cursor.setPosition(second + 2, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.copy()
    assert QApplication.clipboard().text() == "Energy is $E=mc^2$, and \\(a^2+b^2\\)."


def test_a_streamed_formula_is_drawn_once_it_is_closed(qtbot, view) -> None:
    view.begin_stream("answer")
    view.append_stream_text("Energy is $E=mc")
    qtbot.waitUntil(lambda: "Energy is $E=mc" in view.toPlainText())
    assert formula_images(view.document()) == []  # half a formula is text, never half a picture

    view.append_stream_text("^2$ and more")
    qtbot.waitUntil(lambda: "and more" in view.toPlainText())
    assert len(formula_images(view.document())) == 1

    view.end_stream()
    assert len(formula_images(view.document())) == 1

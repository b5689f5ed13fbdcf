"""Dropping files: Translate takes a text file's content as the source; Draft opens a Markdown file."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.writing.conftest import stored


def drop(widget: QWidget, *files: Path) -> bool:
    """Drag the files over the widget (Qt delivers a drop only where the drag was let in), then drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def test_a_text_file_dropped_on_translate_becomes_the_source(qtbot, translate_page, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nBonjour tout le monde.\n", encoding="utf-8")
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG")

    assert not drop(translate_page.source_edit, picture)  # not a kind it takes
    assert drop(translate_page.source_edit, notes)

    assert translate_page.source_edit.toPlainText() == "# Notes\n\nBonjour tout le monde.\n"


def test_a_markdown_file_dropped_on_draft_opens_as_a_new_draft(qtbot, draft_page, tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("# Local models\n\nThey run on your laptop.\n", encoding="utf-8")

    assert drop(draft_page.editor, article)

    assert draft_page.editor.toPlainText() == "# Local models\n\nThey run on your laptop.\n"
    [(conversation, messages)] = stored("draft")
    assert conversation.title == "Local models" and messages[-1].content.startswith("# Local models")


@pytest.mark.parametrize("kind", [".docx", ".pdf", ".html"])
def test_a_document_dropped_on_translate_gives_its_text_as_the_source(qtbot, translate_page, tmp_path, kind) -> None:
    from tests.ui.test_chat_files import a_file

    path = a_file(kind, tmp_path)

    assert drop(translate_page.source_edit, path)

    source = translate_page.source_edit.toPlainText()
    assert "The meeting moves to Thursday." in source
    assert "<p>" not in source and "PK" not in source and "%PDF" not in source  # the text, not the file


def test_a_document_translate_cannot_read_gets_a_clear_message(qtbot, translate_page, tmp_path: Path) -> None:
    damaged = tmp_path / "report.docx"
    damaged.write_bytes(b"not a zip at all")
    translate_page.source_edit.setPlainText("kept")

    assert drop(translate_page.source_edit, damaged)

    assert translate_page.source_edit.toPlainText() == "kept"
    assert translate_page.banner.text().startswith("report.docx cannot be read: not a valid DOCX file")

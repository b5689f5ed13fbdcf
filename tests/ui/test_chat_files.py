"""Files dropped on the chat attach their text to the message, with its size in tokens and a remove button."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.engine.fake import FakeEngine
from tests.support.documents import write_docx, write_pdf
from tests.ui.test_chat_page import stored_conversations
from tests.ui.writing.test_file_drops import drop


def a_file(kind: str, folder: Path) -> Path:
    """A file of `kind` whose text reads "The meeting moves to Thursday."."""
    sentence = "The meeting moves to Thursday."
    if kind == ".docx":
        return write_docx(folder / "memo.docx", [("h1", "Memo"), ("p", sentence)])
    if kind == ".pdf":
        return write_pdf(folder / "memo.pdf", [sentence])
    path = folder / f"memo{kind}"
    if kind == ".html":
        path.write_text(f"<html><head><style>p {{}}</style></head><body><p>{sentence}</p></body></html>",
                        encoding="utf-8")
    else:
        path.write_text(sentence + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", [".txt", ".md", ".docx", ".pdf", ".html"])
def test_a_dropped_file_attaches_its_text_and_is_sent_with_the_message(qtbot, open_window, tmp_path, kind) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    path = a_file(kind, tmp_path)

    assert drop(page.composer, path)

    [chip] = page.composer_box.chips
    qtbot.waitUntil(lambda: chip.exact)  # the loaded model counted the tokens
    assert chip.label.text().startswith(f"{path.name} · ") and chip.label.text().endswith(" tokens")
    assert "about" not in chip.label.text()
    page.composer.setPlainText("When is the meeting?")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    [(_conversation, messages)] = stored_conversations()
    sent = messages[0].content
    assert sent.startswith("When is the meeting?") and path.name in sent
    assert "The meeting moves to Thursday." in sent and "<p>" not in sent
    assert page.composer_box.chips == []  # sent with this message only


def test_an_attachment_can_be_removed_before_sending(qtbot, open_window, tmp_path) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    assert drop(page.view, a_file(".txt", tmp_path))  # on the conversation, too
    [chip] = page.composer_box.chips

    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)

    assert page.composer_box.chips == []
    page.composer.setPlainText("Hello")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    [(_conversation, messages)] = stored_conversations()
    assert messages[0].content == "Hello"


def test_without_a_model_the_size_is_an_estimate(qtbot, open_window, tmp_path) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    page.set_model(None)

    page.files.attach([a_file(".txt", tmp_path)])

    [chip] = page.composer_box.chips
    assert not chip.exact and "about" in chip.label.text()


def test_a_file_that_cannot_be_read_is_named_in_a_message(qtbot, open_window, tmp_path) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")

    assert drop(page.composer, broken)

    assert page.composer_box.chips == []
    assert page.banner.isVisible() and page.banner.text().startswith("scan.pdf cannot be attached:")


def test_the_paperclip_attaches_the_chosen_files(qtbot, open_window, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = open_window(FakeEngine())
    page = window.chat_page
    chosen = [a_file(".txt", tmp_path), a_file(".docx", tmp_path)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(p) for p in chosen], ""))

    qtbot.mouseClick(page.files.button, Qt.MouseButton.LeftButton)

    assert [chip.attachment.name for chip in page.composer_box.chips] == ["memo.txt", "memo.docx"]


def test_a_file_longer_than_the_context_window_is_marked(qtbot, open_window, tmp_path) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    long_file = tmp_path / "book.txt"
    long_file.write_text("word " * (page.model.n_ctx * 2), encoding="utf-8")  # FakeEngine: 4 characters a token

    page.files.attach([long_file])

    [chip] = page.composer_box.chips
    qtbot.waitUntil(lambda: chip.exact)
    assert chip.label.property("tone") == "danger" and "context window" in chip.toolTip()

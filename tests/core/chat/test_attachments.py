"""Attached files: their text, read as Documents reads it, follows the user's words in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.chat.attachments import Attachment, message_with, read_attachment
from desktop_app.core.documents.extract import ExtractionError
from tests.support.documents import write_docx, write_pdf


def test_each_file_follows_the_words_as_a_named_block() -> None:
    message = message_with("Compare these.", [Attachment("a.txt", "First.\n"), Attachment("b.md", "# Second")])

    assert message == "Compare these.\n\na.txt:\n\n```\nFirst.\n```\n\nb.md:\n\n```\n# Second\n```"


def test_a_file_with_a_code_fence_gets_a_longer_fence() -> None:
    message = message_with("", [Attachment("notes.md", "Before\n```python\nprint(1)\n```\nAfter")])

    assert message.startswith("notes.md:\n\n````\nBefore") and message.endswith("After\n````")


def test_without_files_the_words_are_sent_as_typed() -> None:
    assert message_with("  Hello\n", []) == "  Hello\n"


def test_documents_and_plain_text_files_are_read(tmp_path: Path) -> None:
    write_docx(tmp_path / "memo.docx", [("h1", "Memo"), ("p", "Thursday at ten.")])
    write_pdf(tmp_path / "memo.pdf", ["Thursday at ten."])
    (tmp_path / "data.csv").write_text("day,time\nThursday,10:00\n", encoding="utf-8")

    assert read_attachment(tmp_path / "memo.docx").text == "Memo\n\nThursday at ten."
    assert "Thursday at ten." in read_attachment(tmp_path / "memo.pdf").text
    assert read_attachment(tmp_path / "data.csv") == Attachment("data.csv", "day,time\nThursday,10:00\n")


def test_an_unreadable_or_empty_file_says_why(tmp_path: Path) -> None:
    (tmp_path / "blob.json").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")

    with pytest.raises(ExtractionError, match="binary"):
        read_attachment(tmp_path / "blob.json")
    with pytest.raises(ExtractionError, match="no text"):
        read_attachment(tmp_path / "empty.txt")

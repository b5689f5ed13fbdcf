"""The Draft editor: a plain-text Markdown editor that generated text can stream into.

Generated text goes in through one QTextCursor, every insert joined into one undo step, so
Ctrl+Z after a generation takes all of it back out. The caller makes the editor read-only
while a generation streams, so nothing the user types gets mixed into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget


def utf16_offset(text: str, index: int) -> int:
    """A Python string index as a QTextDocument position (which counts UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


@dataclass
class Stream:
    cursor: QTextCursor
    joined: bool = False
    pieces: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


class DraftEditor(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stream: Stream | None = None
        self.loading = False  # True while text is put in by the program, not typed

    def load(self, text: str) -> None:
        """Replace the whole text (and the undo history) without it counting as an edit."""
        self.loading = True
        self.setPlainText(text)
        self.loading = False

    def begin_stream_at_end(self) -> Stream:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.stream = Stream(cursor)
        return self.stream

    def begin_stream_replacing(self, text: str, start: int, end: int) -> Stream:
        """Stream into text[start:end] (Python indexes into text, the current content): removed first."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(utf16_offset(text, start))
        cursor.setPosition(utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.stream = Stream(cursor)
        self._edit(cursor.removeSelectedText)
        return self.stream

    def remove_ranges(self, text: str, ranges: list[tuple[int, int]]) -> None:
        """Cut ranges of text (the current content) out, as part of the stream's undo step;
        the stream then continues at the end."""
        assert self.stream is not None
        cursor = self.stream.cursor
        for start, end in sorted(ranges, reverse=True):
            cursor.setPosition(utf16_offset(text, start))
            cursor.setPosition(utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
            self._edit(cursor.removeSelectedText)
        cursor.movePosition(QTextCursor.MoveOperation.End)

    def stream_insert(self, text: str) -> None:
        stream = self.stream
        if stream is None or not text:
            return
        bar = self.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4 and stream.cursor.atEnd()
        self._edit(lambda: stream.cursor.insertText(text))
        stream.pieces.append(text)
        if follow:
            bar.setValue(bar.maximum())

    def end_stream(self) -> str:
        """Stop streaming; returns what was streamed."""
        text = self.stream.text if self.stream else ""
        self.stream = None
        return text

    def _edit(self, change) -> None:  # type: ignore[no-untyped-def]
        stream = self.stream
        assert stream is not None
        if stream.joined:
            stream.cursor.joinPreviousEditBlock()
        else:
            stream.cursor.beginEditBlock()
            stream.joined = True
        change()
        stream.cursor.endEditBlock()

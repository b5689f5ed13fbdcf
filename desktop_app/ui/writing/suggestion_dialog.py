"""A writing tool's suggestion beside the original, with the changes marked; Accept or Reject.

The dialog only shows: the page streams the suggestion in, and on Accept replaces the
selection itself (in one undoable edit).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.writing.selection_tools import diff_chunks
from desktop_app.ui import theme


def diff_html(original: str, suggestion: str, colours: theme.Colours | None = None) -> str:
    """The word-level diff as HTML for QTextBrowser: deletions struck out in red, insertions in green."""
    c = colours or theme.current()
    deleted = f"background:{c.deleted}; color:{c.danger}; text-decoration:line-through;"
    inserted = f"background:{c.inserted}; color:{c.success};"
    parts = []
    for op, text in diff_chunks(original, suggestion):
        escaped = html.escape(text).replace("\n", "<br>")
        if op == "delete":
            parts.append(f'<span style="{deleted}">{escaped}</span>')
        elif op == "insert":
            parts.append(f'<span style="{inserted}">{escaped}</span>')
        else:
            parts.append(escaped)
    return "<p>" + "".join(parts) + "</p>"


class SuggestionDialog(QDialog):
    stopRequested = Signal()

    def __init__(self, title: str, original: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionDialog")
        self.setWindowTitle(title)
        self.resize(820, 560)
        self.original = original
        self.running = True
        self._pieces: list[str] = []

        self.original_view = QPlainTextEdit(original)
        self.original_view.setObjectName("suggestionOriginal")
        self.original_view.setReadOnly(True)
        self.original_view.setAccessibleName(self.tr("Original"))
        self.suggestion_view = QPlainTextEdit()
        self.suggestion_view.setObjectName("suggestionText")
        self.suggestion_view.setReadOnly(True)
        self.suggestion_view.setUndoRedoEnabled(False)
        self.suggestion_view.setAccessibleName(self.tr("Suggestion"))
        self.diff_view = QTextBrowser()
        self.diff_view.setObjectName("suggestionDiff")
        self.diff_view.setAccessibleName(self.tr("Changes"))
        self.status = QLabel(self.tr("Waiting for the model…"))
        self.status.setObjectName("suggestionStatus")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(self.tr("&Accept"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setObjectName("acceptSuggestion")
        self.accept_button.setEnabled(False)
        self.reject_button = self.buttons.addButton(self.tr("&Reject"), QDialogButtonBox.ButtonRole.RejectRole)
        self.reject_button.setObjectName("rejectSuggestion")
        self.stop_button = QPushButton(self.tr("&Stop"))
        self.stop_button.setObjectName("stopSuggestion")
        self.stop_button.clicked.connect(self.stopRequested)
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Original"), buddy=self.original_view), 0, 0)
        grid.addWidget(QLabel(self.tr("Suggestion"), buddy=self.suggestion_view), 0, 1)
        grid.addWidget(self.original_view, 1, 0)
        grid.addWidget(self.suggestion_view, 1, 1)
        grid.addWidget(QLabel(self.tr("Changes"), buddy=self.diff_view), 2, 0, 1, 2)
        grid.addWidget(self.diff_view, 3, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        theme.when_changed(self._theme_changed)

    def _theme_changed(self, colours: theme.Colours) -> None:
        if not self.running and not self.diff_view.document().isEmpty():  # shown once the suggestion is finished
            self.diff_view.setHtml(diff_html(self.original, self.suggestion, colours))

    @property
    def suggestion(self) -> str:
        return "".join(self._pieces)

    def set_started(self) -> None:
        self.status.setText(self.tr("Writing the suggestion…"))

    def append_text(self, text: str) -> None:
        self._pieces.append(text)
        cursor = QTextCursor(self.suggestion_view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)

    def finish(self, text: str, stopped: bool) -> None:
        """The final suggestion (the core's result, which the streamed pieces should equal)."""
        self.running = False
        if text != self.suggestion:
            self._pieces = [text]
            self.suggestion_view.setPlainText(text)
        self.diff_view.setHtml(diff_html(self.original, text))
        self.stop_button.setEnabled(False)
        if not text.strip():
            self.status.setText(self.tr("The model gave no suggestion. Reject, and try again."))
            self.reject_button.setDefault(True)
            return
        self.status.setText(self.tr("Stopped: the suggestion is incomplete.") if stopped
                            else self.tr("Accept replaces the selection (Ctrl+Z undoes it)."))
        self.accept_button.setEnabled(True)
        self.accept_button.setDefault(True)
        self.accept_button.setFocus()

    def fail(self, message: str) -> None:
        self.running = False
        self.stop_button.setEnabled(False)
        self.status.setText(message)
        self.status.setProperty("tone", "danger")  # the theme's style sheet colours it
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.reject_button.setDefault(True)
        self.reject_button.setFocus()

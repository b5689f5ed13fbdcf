"""A cited or found passage, opened: its file and place, its text with the question's words highlighted."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.documents.keywords import match_spans
from desktop_app.ui import theme


class PassageDialog(QDialog):
    def __init__(self, path: str, location: str, text: str, query: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passageDialog")
        self.setWindowTitle(self.tr("Source passage"))
        self.resize(640, 420)
        self.place = QLabel(f"{path}\n{location}" if location else path)
        self.place.setObjectName("passagePlace")
        self.place.setTextInteractionFlags(self.place.textInteractionFlags())
        self.view = QTextBrowser()
        self.view.setObjectName("passageText")
        self.view.setPlainText(text)  # file text is never read as HTML
        self.highlights = match_spans(text, query)
        selections = []
        for start, end in self.highlights:
            selection = QTextBrowser.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.current().highlight))
            selection.format = fmt
            selections.append(selection)
        self.view.setExtraSelections(selections)
        if self.highlights:
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(self.highlights[0][0])
            self.view.setTextCursor(cursor)
            self.view.ensureCursorVisible()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.place)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def highlighted_texts(self) -> list[str]:
        text = self.view.toPlainText()
        return [text[a:b] for a, b in self.highlights]

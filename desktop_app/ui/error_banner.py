"""The red message strip every workspace shows a failure in: one look, one place to change it.

Its colours are the theme's style sheet's (``QLabel[banner="error"]`` in ui/theme.py), so a
theme switch restyles it with everything else.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class ErrorBanner(QLabel):
    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote model files: never render them as HTML
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("banner", "error")
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.show()

    def dismiss(self) -> None:
        self.clear()
        self.hide()

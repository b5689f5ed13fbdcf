"""A short notice at the bottom of the window, with an optional action (Undo), that goes by itself."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.ui.theme import SPACE

TOAST_MS = 6000


class Toast(QWidget):
    """Lives over `host` (the main window's central area) and follows its size."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.message = QLabel()
        self.message.setObjectName("toastMessage")
        self.message.setWordWrap(True)
        self.action = QPushButton()
        self.action.setObjectName("toastAction")
        self.action.clicked.connect(self._act)
        self.close_button = QPushButton("✕")
        self.close_button.setObjectName("toastClose")
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE * 2, SPACE, SPACE, SPACE)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self._on_action: Callable[[], object] | None = None
        self._on_expire: Callable[[], object] | None = None
        host.installEventFilter(self)
        self.hide()

    def show_message(self, text: str, action: str = "", on_action: Callable[[], object] | None = None, *,
                     on_expire: Callable[[], object] | None = None, ms: int = TOAST_MS) -> None:
        """Show `text`; `on_action` runs if the user clicks `action`, `on_expire` if the notice goes by itself
        (or is replaced by another one)."""
        self._expire()  # the previous notice's time is up now
        self.message.setText(text)
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self._on_action, self._on_expire = on_action, on_expire
        self._place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def dismiss(self) -> None:
        self._expire()

    def _act(self) -> None:
        action, self._on_action, self._on_expire = self._on_action, None, None
        self._timer.stop()
        self.hide()
        if action is not None:
            action()

    def _expire(self) -> None:
        expire, self._on_action, self._on_expire = self._on_expire, None, None
        self._timer.stop()
        self.hide()
        if expire is not None:
            expire()

    def _place(self) -> None:
        host = self.parentWidget()
        width = min(560, max(240, host.width() - SPACE * 4))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((host.width() - width) // 2, host.height() - self.height() - SPACE * 3)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

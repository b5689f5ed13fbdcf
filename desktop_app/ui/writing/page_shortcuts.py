"""Keys a workspace owns while the focus is inside it, even when the window's menus use them too.

The main window's menus take Ctrl+O (Open Model) and Ctrl+N (New Chat) for the whole
window; two shortcuts on one key are ambiguous and Qt fires neither. Accepting the
ShortcutOverride event when the focus is in the page makes Qt deliver the key to the page
instead, where the matching action is triggered. With the focus elsewhere (the tab bar),
the actions still work as ordinary window shortcuts while the page is visible.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget


class PageShortcuts(QObject):
    """Install on a page: its actions' keys win over the window's while focus is in the page."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._page = page
        self._actions: list[QAction] = []
        page.installEventFilter(self)

    def add(self, action: QAction) -> QAction:
        """Register an action (it is also added to the page, so it works as a window shortcut)."""
        self._actions.append(action)
        self._page.addAction(action)
        return action

    def _match(self, event: QKeyEvent) -> QAction | None:
        pressed = QKeySequence(event.keyCombination())
        for action in self._actions:
            if action.isEnabled() and any(
                key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for key in action.shortcuts()
            ):
                return action
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self._page and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            action = self._match(event)  # type: ignore[arg-type]
            if action is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    action.trigger()
                return True
        return False

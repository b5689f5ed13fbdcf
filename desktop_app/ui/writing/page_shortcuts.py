"""Keys a workspace owns while the focus is inside it, even when the window's menus use them too.

The main window's menus take Ctrl+O (Open Model) and Ctrl+N (New Chat) for the whole
window; two shortcuts on one key are ambiguous and Qt fires neither. Accepting the
ShortcutOverride event when the focus is in the page makes Qt deliver the key to the page
instead, where the matching action is triggered. With the focus elsewhere (the tab bar),
the window's own shortcut applies.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget


class PageShortcuts(QObject):
    """Install on a page: keys that trigger its actions while the focus is anywhere inside it.

    The keys are kept here, not set on the actions: an action's own shortcut would be
    registered window-wide again (through any toolbar or button showing it) and clash.
    """

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._page = page
        self._bindings: list[tuple[QKeySequence, QAction]] = []
        page.installEventFilter(self)

    def add(self, action: QAction, key: QKeySequence) -> QAction:
        self._bindings.append((key, action))
        return action

    def _match(self, event: QKeyEvent) -> QAction | None:
        pressed = QKeySequence(event.keyCombination())
        for key, action in self._bindings:
            if action.isEnabled() and key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
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

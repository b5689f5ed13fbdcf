"""Help › Keyboard Shortcuts (Ctrl+/): every shortcut the window's actions carry, grouped by where they act.

Read from the actions themselves, so the sheet cannot drift from what the keys really do.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, keys) for each action with a shortcut: menus first, then each workspace's own."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(where: str, action: QAction) -> None:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())
        what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
        if keys and what and (what, keys) not in seen:
            seen.add((what, keys))
            rows.append((where, what, keys))

    menu_bar = getattr(window, "menuBar", None)
    if callable(menu_bar):
        for menu_action in menu_bar().actions():
            menu = menu_action.menu()
            where = menu_action.text().replace("&", "")
            for action in menu.actions() if menu is not None else []:
                if action.menu() is not None:
                    for sub in action.menu().actions():
                        add(where, sub)
                else:
                    add(where, action)
    workspaces = getattr(window, "workspaces", None)
    if workspaces is not None:
        for key in workspaces.keys():
            if workspaces.built(key):
                page = workspaces.page(key)
                for action in page.findChildren(QAction):
                    add(workspaces.label(key), action)
    return rows


class ShortcutsSheet(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsSheet")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("What"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (where, what, keys) in enumerate(rows):
            for column, text in enumerate((where, what, keys)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel(self.tr("In the chat: Enter sends, Shift+Enter starts a new line, Esc stops the answer."))
        note.setProperty("muted", True)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, 560)

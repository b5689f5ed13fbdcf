"""An editable outline: one row per section (title, notes), reordered and edited by the user."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.writing.outline import OutlineSection

TITLE, NOTES, STATE = range(3)


class OutlineEditor(QWidget):
    """Sections as table rows. Editing a cell, adding, removing or moving a row emits `edited`."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("outlineTable")
        self.table.setAccessibleName(self.tr("Outline"))
        self.table.setHorizontalHeaderLabels([self.tr("Section"), self.tr("Notes"), self.tr("State")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else in the page
        self.table.itemChanged.connect(self._on_item_changed)

        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("outlineAdd")
        self.add_button.setToolTip(self.tr("Add a section below the selected one"))
        self.add_button.clicked.connect(self.add_section)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("outlineRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton(self.tr("Up"))
        self.up_button.setToolTip(self.tr("Move the section up (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Down"))
        self.down_button.setToolTip(self.tr("Move the section down (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        for key, slot in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected),
            (QKeySequence("Ctrl+Up"), lambda: self.move_selected(-1)),
            (QKeySequence("Ctrl+Down"), lambda: self.move_selected(1)),
            (QKeySequence("Ctrl+Shift+Return"), self.add_section),
        ):
            action = QAction(self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # -- data ----------------------------------------------------------------------

    def set_sections(self, sections: list[OutlineSection]) -> None:
        self._filling = True
        self.table.setRowCount(0)
        for section in sections:
            self._insert_row(self.table.rowCount(), section)
        self._filling = False
        if sections:
            self.table.selectRow(0)

    def sections(self) -> list[OutlineSection]:
        """The outline as shown; rows without a title are left out."""
        found = []
        for row in range(self.table.rowCount()):
            title = self._text(row, TITLE)
            if title:
                found.append(OutlineSection(title, self._text(row, NOTES)))
        return found

    def row_count(self) -> int:
        return self.table.rowCount()

    def selected_index(self) -> int | None:
        """The selected section's index among sections() (rows without a title do not count)."""
        row = self.table.currentRow()
        if row < 0 or not self._text(row, TITLE):
            return None
        return sum(1 for r in range(row) if self._text(r, TITLE))

    def select(self, index: int) -> None:
        rows = [r for r in range(self.table.rowCount()) if self._text(r, TITLE)]
        if 0 <= index < len(rows):
            self.table.selectRow(rows[index])

    def states(self) -> list[str]:
        return [self._text(r, STATE) for r in range(self.table.rowCount()) if self._text(r, TITLE)]

    def set_states(self, states: list[str]) -> None:
        """One state text per section ("written", "stopped", ...), in sections() order."""
        rows = [r for r in range(self.table.rowCount()) if self._text(r, TITLE)]
        self._filling = True
        for row, state in zip(rows, states):
            self.table.item(row, STATE).setText(state)
        self._filling = False

    # -- editing -------------------------------------------------------------------

    def add_section(self) -> None:
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self._filling = True
        self._insert_row(row, OutlineSection(self.tr("New section")))
        self._filling = False
        self.table.setCurrentCell(row, TITLE)
        self.table.editItem(self.table.item(row, TITLE))
        self.edited.emit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        self._filling = True
        for column in range(3):
            a, b = self.table.takeItem(row, column), self.table.takeItem(other, column)
            self.table.setItem(row, column, b)
            self.table.setItem(other, column, a)
        self._filling = False
        self.table.setCurrentCell(other, self.table.currentColumn())
        self.edited.emit()

    def _insert_row(self, row: int, section: OutlineSection) -> None:
        self.table.insertRow(row)
        self.table.setItem(row, TITLE, QTableWidgetItem(section.title))
        self.table.setItem(row, NOTES, QTableWidgetItem(" ".join(section.notes.split("\n"))))
        state = QTableWidgetItem("")
        state.setFlags(state.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, STATE, state)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() != STATE:
            self.edited.emit()

"""The list of conversations with new, rename, pin and delete; a spinner on the ones generating."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.chat.day_groups import DayBounds
from desktop_app.core.store import ConversationRecord
from desktop_app.ui.conversation_delegate import ConversationDelegate
from desktop_app.ui.conversation_list_model import ID_ROLE, RECORD_ROLE, ConversationListModel
from desktop_app.ui.opaque_viewport import keep_viewport_opaque

SPINNER_INTERVAL_MS = 90


class ConversationSidebar(QWidget):
    """Emits `selected` only when the user picks a conversation, never for changes made in code."""

    newRequested = Signal()
    selected = Signal(int)  # conversation id
    renameRequested = Signal(int, str)
    deleteRequested = Signal(int)
    pinRequested = Signal(int, bool)  # conversation id, pinned

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setObjectName("newChatButton")
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.newRequested)

        self.list = QListView()
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.delegate = ConversationDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)  # layout does not measure every row
        keep_viewport_opaque(self.list)  # the spinner's row is repainted alone
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setModel(model)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)

        self.rename_action = QAction(self.tr("Rename…"), self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.rename_action.triggered.connect(self.rename_current)
        self.delete_action = QAction(self.tr("Delete…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.pin_action = QAction(self.tr("Pin"), self)
        self.pin_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.pin_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.pin_action.triggered.connect(self.toggle_pin_current)
        self.list.addActions([self.rename_action, self.pin_action, self.delete_action])
        self.list.selectionModel().currentChanged.connect(self._update_pin_action)
        model.dataChanged.connect(self._update_pin_action)

        self._spinner = QTimer(self)
        self._spinner.setInterval(SPINNER_INTERVAL_MS)
        self._spinner.timeout.connect(self._turn_spinners)
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._new_day)
        self._arm_midnight()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.new_button)
        layout.addWidget(self.list)
        self._updating = False

    # -- changes made in code: one row each, no `selected` -------------------------------------

    def reload(self, current_id: int | None) -> None:
        """Read the first page again from the store (a reset) and select current_id if it is loaded."""
        with self._programmatic():
            self.model.reload()
        self.select(current_id)

    def upsert(self, record: ConversationRecord) -> None:
        with self._programmatic():
            self.model.upsert(record)

    def rename(self, conversation_id: int, title: str) -> None:
        with self._programmatic():
            self.model.rename(conversation_id, title)

    def remove(self, conversation_id: int) -> None:
        """Removes its row; if it was the current one, no other row becomes current in its place."""
        was_current = self.current_id() == conversation_id
        with self._programmatic():
            self.model.remove(conversation_id)
        if was_current:
            self.clear_current()

    def _turn_spinners(self) -> None:
        for index in self.model.advance_spinner():
            self.list.update(index)

    def set_generating(self, conversation_id: int, generating: bool) -> None:
        """A spinner on the row while its answer is being written."""
        self.model.set_generating(conversation_id, generating)
        if self.model.generating():
            self._spinner.start()
        else:
            self._spinner.stop()

    def select(self, conversation_id: int | None) -> None:
        """Make conversation_id the current row (none if it is None or not loaded) and show it."""
        row = None if conversation_id is None else self.model.row_of(conversation_id)
        if row is None:
            self.clear_current()
            return
        index = self.model.index(row)
        if index != self.list.currentIndex():
            with self._programmatic():
                self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def clear_current(self) -> None:
        with self._programmatic():
            self.list.selectionModel().clear()

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        found = index.data(ID_ROLE) if index.isValid() else None
        return None if found is None else int(found)

    # -- the user's actions ------------------------------------------------------------------------

    def rename_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() or index.data(ID_ROLE) is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename conversation"), self.tr("Title:"), text=index.data()
        )
        if ok and title.strip():
            self.renameRequested.emit(int(index.data(ID_ROLE)), title.strip())

    def toggle_pin_current(self) -> None:
        index = self.list.currentIndex()
        record = index.data(RECORD_ROLE) if index.isValid() else None
        if isinstance(record, ConversationRecord):
            self.pinRequested.emit(record.id, not record.pinned)

    def delete_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() or index.data(ID_ROLE) is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete conversation"),
            self.tr("Delete “{0}” and all its messages? This cannot be undone.").format(index.data()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.deleteRequested.emit(int(index.data(ID_ROLE)))

    @contextmanager
    def _programmatic(self) -> Iterator[None]:
        before, self._updating = self._updating, True
        try:
            yield
        finally:
            self._updating = before

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        conversation_id = current.data(ID_ROLE) if current.isValid() else None
        if conversation_id is not None and not self._updating:
            self.selected.emit(int(conversation_id))

    def _show_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        record = index.data(RECORD_ROLE) if index.isValid() else None
        if not isinstance(record, ConversationRecord):
            return
        menu = QMenu(self)
        menu.addAction(self.rename_action)
        menu.addAction(self.pin_action)
        menu.addAction(self.delete_action)
        menu.exec(self.list.mapToGlobal(pos))

    def _update_pin_action(self, *_args: object) -> None:
        """The action says what it will do to the current conversation."""
        index = self.list.currentIndex()
        record = index.data(RECORD_ROLE) if index.isValid() else None
        pinned = isinstance(record, ConversationRecord) and record.pinned
        self.pin_action.setText(self.tr("Unpin") if pinned else self.tr("Pin"))

    def _arm_midnight(self) -> None:
        """Regroup just after the next local midnight: Today's chats become Yesterday's."""
        left = DayBounds.at().tomorrow - datetime.now().astimezone()
        self._midnight.start(max(1000, int(left.total_seconds() * 1000) + 1000))

    def _new_day(self) -> None:
        with self._programmatic():
            self.model.regroup()
        self._arm_midnight()

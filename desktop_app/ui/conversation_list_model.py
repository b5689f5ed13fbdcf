"""The conversation list as a Qt model: read from the store a page at a time, changed a row at a time.

Rows are in the store's order (most recent activity first, then the higher id) and only the pages
the view has scrolled to are loaded. A conversation that becomes active moves one row (or appears
at the top if it was not loaded yet), so what a send costs the GUI thread does not grow with the
number of conversations (tools/bench_sidebar.py).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.core.store import ConversationRecord, Store, StoreError

ID_ROLE = Qt.ItemDataRole.UserRole  # the conversation id (int)
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the ConversationRecord, for a delegate
PAGE_SIZE = 150

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)

AnyIndex = QModelIndex | QPersistentModelIndex


def _place_of(cursor: tuple[datetime, int]) -> tuple[int, int]:
    """An ascending key for the list order (newest activity first, then higher id), for bisect."""
    updated_at, conversation_id = cursor
    return (-((updated_at - _EPOCH) // _MICROSECOND), -conversation_id)


def _place(record: ConversationRecord) -> tuple[int, int]:
    return _place_of(record.cursor)


class ConversationListModel(QAbstractListModel):
    """The conversations of one kind; the store stays the source of truth, this is a sorted window on it."""

    loadFailed = Signal(str)  # a page could not be read; the message is for the user

    def __init__(self, store: Store, kind: str = "chat", page_size: int = PAGE_SIZE, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._kind = kind
        self._page_size = page_size
        self._rows: list[ConversationRecord] = []
        self._by_id: dict[int, ConversationRecord] = {}
        # Every conversation at or above this place is loaded; below it, the store has the rest.
        self._cursor: tuple[datetime, int] | None = None
        self._complete = False

    # -- reading ------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return record.title or self.tr("Untitled")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{0}\nLast active {1}").format(
                record.title or self.tr("Untitled"), record.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
            )
        if role == ID_ROLE:
            return record.id
        if role == RECORD_ROLE:
            return record
        return None

    def conversation_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, conversation_id: int) -> int | None:
        """The row of a loaded conversation (None if it is not loaded): a binary search, not a scan."""
        record = self._by_id.get(conversation_id)
        return None if record is None else self._row(record)

    # -- loading ------------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: AnyIndex) -> None:
        """Append the next page: one index range in the store, below the last one loaded."""
        if parent.isValid() or self._complete:
            return
        page = self._read_page()
        fresh = [record for record in page if record.id not in self._by_id]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._add(fresh)
        self.endInsertRows()

    def reload(self) -> None:
        """Forget what is loaded and read the first page again (a model reset: for rare use)."""
        self.beginResetModel()
        self._rows.clear()
        self._by_id.clear()
        self._cursor = None
        self._complete = False
        self._add(self._read_page())
        self.endResetModel()

    def _read_page(self) -> list[ConversationRecord]:
        try:
            page = self._store.list_conversations(self._kind, limit=self._page_size, after=self._cursor)
        except StoreError as exc:
            logging.getLogger(__name__).exception("cannot read the conversation list")
            self._complete = True  # do not retry on every scroll; reload() tries again
            self.loadFailed.emit(str(exc))
            return []
        if len(page) < self._page_size:
            self._complete = True
        if page:
            self._cursor = page[-1].cursor
        return page

    def _add(self, records: list[ConversationRecord]) -> None:
        self._rows.extend(records)
        self._by_id.update((record.id, record) for record in records)

    # -- changing one row -----------------------------------------------------------------------

    def upsert(self, record: ConversationRecord) -> None:
        """Show a new or changed conversation at its place: one row inserted, moved or changed.

        A conversation below the loaded pages is left to the page that will bring it, unless its
        new activity puts it among the loaded rows (then it appears there, usually at the top).
        """
        if record.kind != self._kind:
            return
        old = self._by_id.get(record.id)
        if old is None:
            if not self._complete and (self._cursor is None or _place(record) > _place_of(self._cursor)):
                return
            row = bisect_left(self._rows, _place(record), key=_place)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, record)
            self._by_id[record.id] = record
            self.endInsertRows()
            return
        old_row = self._row(old)
        new_row = bisect_left(self._rows, _place(record), key=_place)
        if new_row > old_row:
            new_row -= 1  # its place once it has left its old row
        if new_row != old_row:
            # beginMoveRows counts the destination in rows before the move.
            destination = new_row if new_row < old_row else new_row + 1
            self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)
            self._rows.pop(old_row)
            self._rows.insert(new_row, record)
            self._by_id[record.id] = record
            self.endMoveRows()
        else:
            self._rows[old_row] = record
            self._by_id[record.id] = record
        changed = self.index(new_row)
        self.dataChanged.emit(changed, changed)

    def rename(self, conversation_id: int, title: str) -> None:
        record = self._by_id.get(conversation_id)
        if record is None:
            return
        row = self._row(record)
        renamed = replace(record, title=title)
        self._rows[row] = renamed
        self._by_id[conversation_id] = renamed
        changed = self.index(row)
        self.dataChanged.emit(changed, changed)

    def remove(self, conversation_id: int) -> None:
        record = self._by_id.get(conversation_id)
        if record is None:
            return
        row = self._row(record)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._by_id[conversation_id]
        self.endRemoveRows()

    def _row(self, record: ConversationRecord) -> int:
        """Row of a loaded record, found by its place: rows are sorted and places are unique."""
        return bisect_left(self._rows, _place(record), key=_place)

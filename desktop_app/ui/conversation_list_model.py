"""The conversation list as a Qt model: read from the store a page at a time, changed a row at a time.

Rows are in the store's order (pinned conversations first, then most recent activity, then the
higher id) and only the pages the view has scrolled to are loaded. Section headers (Pinned,
Today, Yesterday, Previous 7 days, Older: core/chat/day_groups.py) are rows of their own, one
above the first conversation of each section; there are at most five, so a row's place
counts them in constant time. A conversation that becomes active moves one row (or appears at
the top if it was not loaded yet), and a header appears or goes only when a section starts
or empties, so what a send costs the GUI thread does not grow with the number of
conversations (tools/bench_sidebar.py).
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
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
from PySide6.QtGui import QColor, QFont, QGuiApplication

from desktop_app.core.chat.day_groups import GROUP_ORDER, DayBounds, DayGroup, group_of
from desktop_app.core.store import ConversationRecord, Store, StoreError
from desktop_app.ui import theme
from desktop_app.ui.icons import icon
from desktop_app.ui.spinner import SPINNER_STEPS, spinner_pixmap

ID_ROLE = Qt.ItemDataRole.UserRole  # the conversation id (int); None on a section header
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the ConversationRecord, for a delegate
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2  # the DayGroup of a section header row; None on a conversation
GENERATING_ROLE = Qt.ItemDataRole.UserRole + 3  # True while an answer is being written in it
PAGE_SIZE = 150
_ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_BELOW_PINNED = (1, float("-inf"), float("-inf"))  # sorts after every pinned place, before every other

AnyIndex = QModelIndex | QPersistentModelIndex
Place = tuple[float, float, float]
Header = tuple[int, DayGroup]  # (index in the conversation rows of the first one under it, its section)


def _place_of(pinned: bool, cursor: tuple[datetime, int]) -> Place:
    """An ascending key for the list order (pinned first, newest activity, then higher id), for bisect."""
    updated_at, conversation_id = cursor
    return (0 if pinned else 1, -((updated_at - _EPOCH) // _MICROSECOND), -conversation_id)


def _place(record: ConversationRecord) -> Place:
    return _place_of(record.pinned, record.cursor)


def _after(moment: datetime) -> Place:
    """The first unpinned place older than `moment`."""
    return (1, -((moment - _EPOCH) // _MICROSECOND) + 1, float("-inf"))


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
        self._headers: list[Header] = []
        self._generating: set[int] = set()
        self._spinner_phase = 0
        # Pages come from the pinned conversations first, then from the others.
        self._pinned_phase = True
        self._cursor: tuple[datetime, int] | None = None  # the store's cursor within the phase
        # Every conversation at or above this place is loaded; below it, the store has the rest.
        self._loaded_to: Place | None = None
        self._complete = False
        self._fetching = False  # a view asked for more while the rows of the last page go in: not yet

    # -- reading ------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self._rows) + len(self._headers)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.row() in self._header_rows_set:
            return Qt.ItemFlag.NoItemFlags  # a header cannot be selected or picked
        return _ROW_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        group, at = self._locate(index.row())
        if group is not None:
            return self._header_data(group, role)
        record = self._rows[at]
        if role == Qt.ItemDataRole.DisplayRole:
            return record.title or self.tr("Untitled")
        if role == Qt.ItemDataRole.DecorationRole:
            if record.id in self._generating:
                return spinner_pixmap(self._spinner_phase)
            return icon("mdi6.pin-outline") if record.pinned else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{0}\nLast active {1}").format(
                record.title or self.tr("Untitled"), record.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
            )
        if role == ID_ROLE:
            return record.id
        if role == RECORD_ROLE:
            return record
        if role == GENERATING_ROLE:
            return record.id in self._generating
        return None

    def _header_data(self, group: DayGroup, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.group_label(group)
        if role == HEADER_ROLE:
            return group
        if role == Qt.ItemDataRole.FontRole:
            return _header_font()
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(theme.current().muted)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        return None

    def group_label(self, group: DayGroup) -> str:
        labels = {
            DayGroup.PINNED: self.tr("Pinned"),
            DayGroup.TODAY: self.tr("Today"),
            DayGroup.YESTERDAY: self.tr("Yesterday"),
            DayGroup.WEEK: self.tr("Previous 7 days"),
            DayGroup.OLDER: self.tr("Older"),
        }
        return labels[group]

    def conversation_id(self, row: int) -> int | None:
        """The conversation in a row (None for a section header or a row that is not there)."""
        if not 0 <= row < self.rowCount():
            return None
        group, at = self._locate(row)
        return None if group is not None else self._rows[at].id

    def conversation_ids(self) -> list[int]:
        """The loaded conversations, in list order."""
        return [record.id for record in self._rows]

    def most_recent_id(self) -> int | None:
        """The loaded conversation with the latest activity, pinned or not (the pinned ones come first)."""
        candidates = []
        for record in self._rows:
            candidates.append(record)
            if not record.pinned:
                break
        return max(candidates, key=lambda record: record.cursor).id if candidates else None

    def row_of(self, conversation_id: int) -> int | None:
        """The row of a loaded conversation (None if it is not loaded): a binary search, not a scan."""
        record = self._by_id.get(conversation_id)
        return None if record is None else self._display_row(self._index(record))

    # -- loading ------------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802 (Qt naming)
        return not parent.isValid() and not self._complete and not self._fetching

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802 (Qt naming)
        """Append the next page: one index range in the store, below the last one loaded."""
        if parent.isValid() or self._complete or self._fetching:
            return
        self._fetching = True
        try:
            page = self._read_page()
            fresh = [record for record in page if record.id not in self._by_id]
            if fresh:
                first = self.rowCount()
                self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
                self._add(fresh)
                self.endInsertRows()
            self._sync_headers()
        finally:
            self._fetching = False

    def reload(self) -> None:
        """Forget what is loaded and read the first page again (a model reset: for rare use)."""
        self.beginResetModel()
        self._rows.clear()
        self._by_id.clear()
        self._pinned_phase = True
        self._cursor = None
        self._loaded_to = None
        self._complete = False
        self._add(self._read_page())
        self._headers = self._wanted_headers()
        self.endResetModel()

    def regroup(self) -> None:
        """Move the section headers to where the clock puts them now (after midnight, say)."""
        self._sync_headers()

    def _read_page(self) -> list[ConversationRecord]:
        try:
            page: list[ConversationRecord] = []
            if self._pinned_phase:
                page = self._store.list_conversations(self._kind, limit=self._page_size, after=self._cursor,
                                                      pinned=True)
                if page:
                    self._cursor = page[-1].cursor
                    self._loaded_to = _place(page[-1])
                if len(page) == self._page_size:
                    return page
                self._pinned_phase, self._cursor = False, None
                self._loaded_to = _BELOW_PINNED  # every pinned one is loaded
            rest = self._store.list_conversations(self._kind, limit=self._page_size, after=self._cursor, pinned=False)
        except StoreError as exc:
            logging.getLogger(__name__).exception("cannot read the conversation list")
            self._complete = True  # do not retry on every scroll; reload() tries again
            self.loadFailed.emit(str(exc))
            return []
        if len(rest) < self._page_size:
            self._complete = True
        if rest:
            self._cursor = rest[-1].cursor
            self._loaded_to = _place(rest[-1])
        return page + rest

    def _add(self, records: list[ConversationRecord]) -> None:
        self._rows.extend(records)
        self._by_id.update((record.id, record) for record in records)

    def _loaded_region_holds(self, place: Place) -> bool:
        return self._complete or (self._loaded_to is not None and place <= self._loaded_to)

    # -- changing one row -----------------------------------------------------------------------

    def upsert(self, record: ConversationRecord) -> None:
        """Show a new or changed conversation at its place: one row inserted, moved or changed.

        A conversation below the loaded pages is left to the page that will bring it, unless its
        new activity puts it among the loaded rows (then it appears there, usually at the top).
        """
        if record.kind != self._kind:
            return
        old = self._by_id.get(record.id)
        if not self._loaded_region_holds(_place(record)):
            if old is not None:  # unpinned, it belongs below what is loaded: its page brings it back
                self.remove(record.id)
            return
        if old is None:
            self._insert(record)
        else:
            self._move(old, record)
        self._sync_headers()
        changed = self.index(self._display_row(self._index(record)))
        if old is not None:
            self.dataChanged.emit(changed, changed)

    def rename(self, conversation_id: int, title: str) -> None:
        record = self._by_id.get(conversation_id)
        if record is None:
            return
        index = self._index(record)
        renamed = replace(record, title=title)
        self._rows[index] = renamed
        self._by_id[conversation_id] = renamed
        changed = self.index(self._display_row(index))
        self.dataChanged.emit(changed, changed)

    def remove(self, conversation_id: int) -> None:
        record = self._by_id.get(conversation_id)
        if record is None:
            return
        index = self._index(record)
        row = self._display_row(index)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[index]
        del self._by_id[conversation_id]
        self._headers = [(before - 1 if before > index else before, group) for before, group in self._headers]
        self.endRemoveRows()
        self._sync_headers()

    def set_generating(self, conversation_id: int, generating: bool) -> None:
        """Mark a conversation whose answer is being written (the delegate draws a spinner)."""
        if generating:
            self._generating.add(conversation_id)
        else:
            self._generating.discard(conversation_id)
        row = self.row_of(conversation_id)
        if row is not None:
            changed = self.index(row)
            self.dataChanged.emit(changed, changed, [GENERATING_ROLE, Qt.ItemDataRole.DecorationRole])

    def generating(self) -> frozenset[int]:
        return frozenset(self._generating)

    def advance_spinner(self) -> list[QModelIndex]:
        """Turn the spinners a step; returns the rows to draw again.

        No dataChanged: for one changed row QListView repaints its whole viewport (Qt 6.11),
        ten times a second while an answer streams; the view updates just these rows instead.
        """
        self._spinner_phase = (self._spinner_phase + 1) % SPINNER_STEPS
        rows = (self.row_of(conversation_id) for conversation_id in self._generating)
        return [self.index(row) for row in rows if row is not None]

    # -- rows and headers -----------------------------------------------------------------------

    def _insert(self, record: ConversationRecord) -> None:
        index = bisect_left(self._rows, _place(record), key=_place)
        headers = self._headers_around(index, record)
        row = self._display_row(index, headers)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(index, record)
        self._by_id[record.id] = record
        self._headers = headers
        self.endInsertRows()

    def _move(self, old: ConversationRecord, record: ConversationRecord) -> None:
        old_index = self._index(old)
        source = self._display_row(old_index)
        # Where it goes once it has left its old row; the headers as they will be meanwhile.
        rows = self._rows[:old_index] + self._rows[old_index + 1:]
        new_index = bisect_left(rows, _place(record), key=_place)
        without = [(before - 1 if before > old_index else before, group) for before, group in self._headers]
        headers = self._headers_around(new_index, record, without)
        target = self._display_row(new_index, headers)
        if target == source:
            self._rows[old_index] = record
            self._by_id[record.id] = record
            self._headers = headers
            return
        # beginMoveRows counts the destination in rows before the move.
        destination = target if target < source else target + 1
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        rows.insert(new_index, record)
        self._rows = rows
        self._by_id[record.id] = record
        self._headers = headers
        self.endMoveRows()

    def _headers_around(self, index: int, record: ConversationRecord,
                        headers: list[Header] | None = None) -> list[Header]:
        """The headers once `record` is inserted at `index`: it goes under a header just above it only
        when it belongs to that section (else above that header, which then moves down a row)."""
        headers = self._headers if headers is None else headers
        at = [group for before, group in headers if before == index]
        under_header = bool(at) and at[-1] is group_of(record.updated_at, record.pinned, DayBounds.at())
        return [(before + 1 if before > index or (before == index and not under_header) else before, group)
                for before, group in headers]

    def _sync_headers(self) -> None:
        """Take out the headers that are no longer right and put in the missing ones, a row each."""
        wanted = self._wanted_headers()
        if wanted == self._headers:
            return
        for position in range(len(self._headers) - 1, -1, -1):
            header = self._headers[position]
            if header not in wanted:
                row = header[0] + position
                self.beginRemoveRows(QModelIndex(), row, row)
                self._headers = self._headers[:position] + self._headers[position + 1:]
                self.endRemoveRows()
        for header in wanted:
            if header not in self._headers:
                position = bisect_right([before for before, _group in self._headers], header[0])
                row = header[0] + position
                self.beginInsertRows(QModelIndex(), row, row)
                self._headers = self._headers[:position] + [header] + self._headers[position:]
                self.endInsertRows()

    def _wanted_headers(self) -> list[Header]:
        """One header above the first loaded conversation of each section that has any."""
        bounds = DayBounds.at()
        ends = {
            DayGroup.PINNED: bisect_left(self._rows, _BELOW_PINNED, key=_place),
            DayGroup.TODAY: bisect_left(self._rows, _after(bounds.today), key=_place),
            DayGroup.YESTERDAY: bisect_left(self._rows, _after(bounds.yesterday), key=_place),
            DayGroup.WEEK: bisect_left(self._rows, _after(bounds.week), key=_place),
            DayGroup.OLDER: len(self._rows),
        }
        headers: list[Header] = []
        start = 0
        for group in GROUP_ORDER:
            end = max(start, ends[group])
            if end > start:
                headers.append((start, group))
            start = end
        return headers

    def _locate(self, row: int) -> tuple[DayGroup | None, int]:
        """(the section of a header row, -1) or (None, the index in the conversation rows of a conversation row)."""
        above = bisect_right(self._header_rows, row)
        if above and self._header_rows[above - 1] == row:
            return self._headers[above - 1][1], -1
        return None, row - above

    @property
    def _headers(self) -> list[Header]:
        return self._header_list

    @_headers.setter
    def _headers(self, headers: list[Header]) -> None:
        """Every change of the headers goes through here, so the rows they stand on are known at once."""
        self._header_list = headers
        self._header_rows = [before + position for position, (before, _group) in enumerate(headers)]
        self._header_rows_set = frozenset(self._header_rows)

    def _display_row(self, index: int, headers: list[Header] | None = None) -> int:
        headers = self._headers if headers is None else headers
        return index + sum(1 for before, _group in headers if before <= index)

    def _index(self, record: ConversationRecord) -> int:
        """Index of a loaded record in the conversation rows, found by its place: rows are sorted, places unique."""
        return bisect_left(self._rows, _place(record), key=_place)


def _header_font() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setBold(True)
    return font

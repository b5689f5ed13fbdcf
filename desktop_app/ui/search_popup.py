"""Search all history (Ctrl+K, Ctrl+F): a box over the window that finds messages in chats,
translations and drafts as the user types.

Typing waits for a short pause, then the search runs on a background thread (core/search:
an index query, usually a few milliseconds, but a scan on a database without the index);
answers to an older query are dropped. Up and Down move in the results while the cursor
stays in the box, Enter opens the chosen one (`hitChosen`), Esc closes. The list grows by a
page when it is scrolled to its end.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from desktop_app.core.search.service import PAGE_SIZE, HistorySearch, SearchPage
from desktop_app.core.store import Store
from desktop_app.ui.models.background import BackgroundRunner
from desktop_app.ui.search_results import SearchResultDelegate, SearchResultsModel
from desktop_app.ui.theme import SPACE

TYPING_PAUSE_MS = 150  # the search starts once typing pauses this long
_NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class SearchPopup(QDialog):
    hitChosen = Signal(object)  # SearchHit
    searched = Signal(str)  # a page of results for this query is shown (tests wait on it)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setWindowTitle(self.tr("Search History"))
        self.search = HistorySearch(store)
        self.runner = BackgroundRunner(1, self)
        self._request = 0  # the newest query sent; older answers are dropped
        self._query = ""  # the query whose results are shown
        self._next_before: int | None = None
        self._loading_more = False

        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Search chats, translations and drafts"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(self.tr("Search history"))
        self.box.installEventFilter(self)
        self.results = SearchResultsModel(self)
        self.list = QListView()
        self.list.setObjectName("searchResults")
        self.list.setAccessibleName(self.tr("Matching messages"))
        self.list.setModel(self.results)
        self.list.setItemDelegate(SearchResultDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._open_index)
        self.list.clicked.connect(self._open_index)
        self.list.verticalScrollBar().valueChanged.connect(self._maybe_load_more)
        self.status = QLabel(self.tr("Type a word or a phrase; Chinese and Japanese work from one character."))
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE, SPACE, SPACE, SPACE)
        layout.setSpacing(SPACE)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._start_search)
        self.box.textChanged.connect(lambda _text: self._typing.start())

    # -- showing ---------------------------------------------------------------------------

    def popup(self) -> None:
        """Show over the parent window, near its top, with the last query selected for retyping."""
        parent = self.parentWidget()
        if parent is not None:
            window = parent.window()
            width = min(720, max(360, window.width() - 8 * SPACE))
            height = min(560, max(240, int(window.height() * 0.7)))
            self.resize(width, height)
            top_left = window.mapToGlobal(window.rect().topLeft())
            self.move(top_left.x() + (window.width() - width) // 2, top_left.y() + 6 * SPACE)
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus()
        self.box.selectAll()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self._typing.stop()
        super().closeEvent(event)

    # -- searching -------------------------------------------------------------------------

    def _start_search(self) -> None:
        query = self.box.text().strip()
        self._request += 1
        request = self._request
        if not query:
            self._show_page(request, SearchPage("", [], None), more=False)
            return
        self.status.setText(self.tr("Searching…"))
        search = self.search
        self.runner.run(lambda: search.search(query, PAGE_SIZE),
                        lambda page: self._show_page(request, page, more=False),
                        lambda exc: self._failed(request, exc))

    def _maybe_load_more(self, value: int) -> None:
        bar = self.list.verticalScrollBar()
        if value >= bar.maximum() - 2:
            self.load_more()

    def load_more(self) -> None:
        """The next page of the query on screen, below the last hit shown."""
        if self._next_before is None or self._loading_more:
            return
        self._loading_more = True
        request, query, before, search = self._request, self._query, self._next_before, self.search
        self.runner.run(lambda: search.search(query, PAGE_SIZE, before=before),
                        lambda page: self._show_page(request, page, more=True),
                        lambda exc: self._failed(request, exc))

    def _show_page(self, request: int, page: SearchPage, *, more: bool) -> None:
        if more:
            self._loading_more = False
        if request != self._request:
            return  # the user typed on meanwhile
        self._query = page.query
        self._next_before = page.next_before
        if more:
            self.results.append_hits(page.hits)
        else:
            self.results.set_hits(page.hits)
            if page.hits:
                self.list.setCurrentIndex(self.results.index(0))
        count = self.results.rowCount()
        if not page.query:
            self.status.setText(self.tr("Type a word or a phrase; Chinese and Japanese work from one character."))
        elif count == 0:
            self.status.setText(self.tr("Nothing found for “{0}”.").format(page.query))
        elif page.next_before is None:
            self.status.setText(self.tr("%n message(s) found.", "", count))
        else:
            self.status.setText(self.tr("The newest %n matching message(s); scroll for more.", "", count))
        self.searched.emit(page.query)

    def _failed(self, request: int, exc: BaseException) -> None:
        self._loading_more = False
        if request == self._request:
            self.status.setText(self.tr("The search failed: {0}").format(exc))

    # -- choosing --------------------------------------------------------------------------

    def open_current(self) -> None:
        self._open_index(self.list.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        hit = self.results.hit(index.row()) if index.isValid() else None
        if hit is None:
            return
        self.hide()
        self.hitChosen.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Arrows move in the results and Enter opens one, while the cursor stays in the box."""
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _NAVIGATION_KEYS and self.results.rowCount():
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._typing.isActive():
                    return True  # the results do not match the box yet
                self.open_current()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: Qt.Key) -> None:
        rows = self.results.rowCount()
        row = self.list.currentIndex().row()
        visible = max(1, self.list.viewport().height() // max(1, self.list.sizeHintForRow(0)))
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -visible, Qt.Key.Key_PageDown: visible}[key]
        row = max(0, min(rows - 1, (row if row >= 0 else -1) + step))
        self.list.setCurrentIndex(self.results.index(row))
        if row == rows - 1:
            self.load_more()


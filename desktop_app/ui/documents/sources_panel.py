"""The sources of a collection with their state (queued, indexing n/m, ready, failed and why) and the
indexing progress line (files, chunks, rate, time left), with Add, Remove, Re-index and Pause."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents.library import SourceStatus
from desktop_app.core.documents.worker import IndexProgress
from desktop_app.core.store.document_schema import FileRecord, SourceRecord


class SourcesPanel(QWidget):
    addFilesClicked = Signal()
    addFolderClicked = Signal()
    removeClicked = Signal(int)  # source id
    reindexClicked = Signal(object)  # source id, or None for all
    pauseToggled = Signal(bool)  # True: pause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("sourcesTree")
        self.tree.setHeaderLabels([self.tr("Source"), self.tr("State"), self.tr("Files"), self.tr("Passages")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setRootIsDecorated(True)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.progress_label = QLabel(self.tr("Add files or folders to ask questions about them."))
        self.progress_label.setObjectName("indexProgress")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_label.setWordWrap(True)

        self.add_files_button = QPushButton(self.tr("Add &Files…"))
        self.add_folder_button = QPushButton(self.tr("Add F&older…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.reindex_button = QPushButton(self.tr("Re-&index"))
        self.pause_button = QPushButton(self.tr("&Pause"))
        self.pause_button.setCheckable(True)
        self.add_files_button.clicked.connect(self.addFilesClicked)
        self.add_folder_button.clicked.connect(self.addFolderClicked)
        self.remove_button.clicked.connect(self._remove)
        self.reindex_button.clicked.connect(lambda: self.reindexClicked.emit(self.selected_source()))
        self.pause_button.toggled.connect(self._pause_toggled)
        buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button, self.reindex_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.progress_label)
        self._selection_changed()

    # -- filling --------------------------------------------------------------------------

    def set_sources(self, rows: list[tuple[SourceRecord, SourceStatus]], files: dict[int, list[FileRecord]]) -> None:
        selected = self.selected_source()
        expanded = {self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                    for i in range(self.tree.topLevelItemCount()) if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        for source, status in rows:
            item = QTreeWidgetItem([source.path, self._state_text(status),
                                    f"{status.files_ready}/{status.files}", str(status.chunks)])
            item.setData(0, Qt.ItemDataRole.UserRole, source.id)
            if status.reason:
                item.setToolTip(1, status.reason)
            for record in files.get(source.id, []):
                if Path(record.path) == Path(source.path):
                    continue
                child = QTreeWidgetItem([Path(record.path).name, self._file_state(record), "",
                                         str(record.chunks_total) if record.state == "ready" else ""])
                if record.error:
                    child.setToolTip(1, record.error)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(source.id in expanded)
            if source.id == selected:
                item.setSelected(True)
        self._selection_changed()

    def _state_text(self, status: SourceStatus) -> str:
        if status.state == "indexing" and status.indexing_file is not None:
            f = status.indexing_file
            return self.tr("indexing {0}/{1}").format(f.chunks_done, f.chunks_total)
        if status.state == "failed":
            return self.tr("failed: {0}").format(status.reason or "")
        if status.state == "ready" and status.files_failed:
            return self.tr("ready ({0} failed)").format(status.files_failed)
        return {"queued": self.tr("queued"), "indexing": self.tr("indexing"), "ready": self.tr("ready")}.get(
            status.state, status.state)

    def _file_state(self, record: FileRecord) -> str:
        if record.state == "failed":
            return self.tr("failed: {0}").format(record.error or "")
        if record.state == "indexing":
            return self.tr("indexing {0}/{1}").format(record.chunks_done, record.chunks_total)
        return {"queued": self.tr("queued"), "ready": self.tr("ready")}.get(record.state, record.state)

    def show_progress(self, progress: IndexProgress) -> None:
        self.progress_label.setText(self.describe(progress))

    def describe(self, progress: IndexProgress) -> str:
        if progress.state == "error":
            return self.tr("Indexing stopped: {0}").format(progress.error or "")
        if progress.state == "paused":
            if "user" in progress.held_by:
                return self.tr("Indexing paused.")
            return self.tr("Indexing waits while the model answers.")
        if progress.state == "scanning":
            return self.tr("Looking for new and changed files…")
        if progress.state != "indexing" or progress.file_path is None:
            return self.tr("All documents are indexed.")
        line = self.tr("Indexing file {0} of {1}: {2}, passage {3} of {4} · {5:.1f} passages/s").format(
            progress.files_done + 1, progress.files_done + progress.files_left, Path(progress.file_path).name,
            progress.file_done, progress.file_total, progress.rate)
        if progress.seconds_left:
            minutes = progress.seconds_left / 60
            left = (self.tr("about {0} s left").format(max(1, round(progress.seconds_left))) if minutes < 1.5
                    else self.tr("about {0} min left").format(round(minutes)))
            line += " · " + left
        return line

    # -- actions ---------------------------------------------------------------------------

    def selected_source(self) -> int | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0] if items[0].parent() is None else items[0].parent()
        return item.data(0, Qt.ItemDataRole.UserRole)

    def _remove(self) -> None:
        source = self.selected_source()
        if source is not None:
            self.removeClicked.emit(source)

    def _pause_toggled(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Res&ume") if paused else self.tr("&Pause"))
        self.pauseToggled.emit(paused)

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_source() is not None)

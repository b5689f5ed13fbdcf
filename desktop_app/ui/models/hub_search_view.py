"""The Search the Hub tab: find GGUF repos by name, see their files and quantizations, download one.

The view only shows; the page runs the searches in the background and hands results back
with the request id it was given, so an answer to an older query is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models.hub import HubFile, HubModel, pick_default_file
from desktop_app.ui.models.formatting import describe_bytes
from desktop_app.ui.models.model_table import ModelTable, text_item


class HubSearchView(QWidget):
    searchRequested = Signal(int, str)  # request id, query
    filesRequested = Signal(int, str)  # request id, repo id
    downloadClicked = Signal(object)  # HubFile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hubSearchView")
        self._request = 0
        self._search_id = 0
        self._files_id = 0
        self._files: list[HubFile] = []

        self.query = QLineEdit()
        self.query.setObjectName("hubQuery")
        self.query.setPlaceholderText(self.tr("Model name, e.g. Qwen2.5 7B Instruct GGUF"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setObjectName("hubSearchButton")
        self.search_button.clicked.connect(self.search)

        self.results = QListWidget()
        self.results.setObjectName("hubResults")
        self.results.setMinimumWidth(300)
        self.results.setSpacing(2)
        self.results.currentItemChanged.connect(self._repo_changed)
        self.files = ModelTable([self.tr("File"), self.tr("Quantization"), self.tr("Size"), self.tr("Note")])
        self.files.setObjectName("hubFiles")
        self.files.rowActivated.connect(self._download_row)
        self.files.itemSelectionChanged.connect(self._update_button)
        self.status = QLabel(self.tr("Search the Hugging Face Hub for GGUF models."))
        self.status.setObjectName("hubStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.download_button = QPushButton(self.tr("&Download"))
        self.download_button.setObjectName("hubDownloadButton")
        self.download_button.setToolTip(self.tr("Download the selected file (Enter)"))
        self.download_button.clicked.connect(lambda: self._download_row(self.files.current_row()))

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        files_box = QWidget()
        files_layout = QVBoxLayout(files_box)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.files, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.download_button)
        files_layout.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(self.results)
        splitter.addWidget(files_box)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.query)
        self._update_button()

    # -- requests -----------------------------------------------------------------------------
    def search(self) -> None:
        query = self.query.text().strip()
        if not query:
            self.status.setText(self.tr("Type part of a model name first."))
            return
        self._request += 1
        self._search_id = self._request
        self._files_id = 0
        self.results.clear()
        self._show_files([])
        self.status.setText(self.tr("Searching for “{0}”…").format(query))
        self.searchRequested.emit(self._search_id, query)

    def show_results(self, request_id: int, models: list[HubModel]) -> None:
        if request_id != self._search_id:
            return
        self.results.clear()
        for model in models:
            extras = []
            if model.downloads is not None:
                extras.append(self.tr("{0:,} downloads").format(model.downloads))
            if model.likes:
                extras.append(self.tr("{0:,} likes").format(model.likes))
            if model.gated:
                extras.append(self.tr("gated"))
            item = QListWidgetItem(model.repo_id + ("\n    " + " · ".join(extras) if extras else ""))
            item.setData(Qt.ItemDataRole.UserRole, model.repo_id)
            if model.gated:
                item.setToolTip(self.tr("Accept its licence on Hugging Face and log in before downloading."))
            self.results.addItem(item)
        if models:
            self.status.setText(self.tr("{0} repositories found. Choose one to see its files.").format(len(models)))
            self.results.setCurrentRow(0)
        else:
            self.status.setText(self.tr("No GGUF models match that name."))

    def show_files(self, request_id: int, files: list[HubFile]) -> None:
        if request_id != self._files_id:
            return
        self._show_files(files)
        if files:
            self.status.setText(self.tr("{0} GGUF files in {1}.").format(len(files), files[0].repo_id))
        else:
            self.status.setText(self.tr("This repository has no GGUF files."))

    def show_error(self, request_id: int, message: str) -> None:
        if request_id in (self._search_id, self._files_id):
            self.status.setText(message)

    def selected_file(self) -> HubFile | None:
        row = self.files.current_row()
        return self._files[row] if 0 <= row < len(self._files) else None

    # -- internals ----------------------------------------------------------------------------
    def _repo_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self._show_files([])
        if current is None:
            return
        repo_id = current.data(Qt.ItemDataRole.UserRole)
        self._request += 1
        self._files_id = self._request
        self.status.setText(self.tr("Listing the files of {0}…").format(repo_id))
        self.filesRequested.emit(self._files_id, repo_id)

    def _show_files(self, files: list[HubFile]) -> None:
        self._files = list(files)
        self.files.setRowCount(len(self._files))
        for row, hub_file in enumerate(self._files):
            self.files.setItem(row, 0, text_item(hub_file.filename))
            self.files.setItem(row, 1, text_item(hub_file.quantization or "?"))
            size = describe_bytes(hub_file.size) if hub_file.size else "?"
            self.files.setItem(row, 2, text_item(size, align_right=True))
            self.files.setItem(row, 3, text_item(self._note(hub_file)))
        if self._files:
            recommended = pick_default_file(self._files)
            self.files.selectRow(self._files.index(recommended) if recommended is not None else 0)
        self._update_button()

    def _note(self, hub_file: HubFile) -> str:
        if hub_file is pick_default_file(self._files):
            return self.tr("recommended: a good balance of size and quality")
        if hub_file.is_projector:
            return self.tr("vision projector, not a model by itself")
        if hub_file.split is not None:
            return self.tr("part {0} of {1}: split models are not supported yet").format(*hub_file.split)
        return ""

    def _downloadable(self, hub_file: HubFile | None) -> bool:
        return hub_file is not None and not hub_file.is_projector and hub_file.split is None

    def _download_row(self, row: int) -> None:
        if 0 <= row < len(self._files) and self._downloadable(self._files[row]):
            self.downloadClicked.emit(self._files[row])

    def _update_button(self) -> None:
        self.download_button.setEnabled(self._downloadable(self.selected_file()))

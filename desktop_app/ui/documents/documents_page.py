"""The Documents workspace: add and watch sources, search them, and ask questions answered with sources.

Indexing runs on the Documents worker's own thread (core/documents/worker.py) and waits while the
chat model works: the page holds it on the EngineRunner's started signal and releases it on
finished/failed. Searches run on that thread too; answers are a job on the EngineRunner, like a
chat turn, so one model thread serves everything.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.documents.answering import Answer, answer_from_documents, prepare_context
from desktop_app.core.documents.library import DocumentLibrary
from desktop_app.core.documents.retrieval import Passage
from desktop_app.core.engine.base import GenerationParams, ModelInfo
from desktop_app.core.store import Store
from desktop_app.ui.documents.bridge import DocumentsBridge
from desktop_app.ui.documents.passage_dialog import PassageDialog
from desktop_app.ui.documents.sources_panel import SourcesPanel
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.job_client import JobClient

log = logging.getLogger(__name__)

REFRESH_MS = 400  # the sources list is read again at most this often while indexing
SEARCH_LIMIT = 8


class PatternsDialog(QDialog):
    """Which files of a folder to index: include and exclude glob patterns, comma-separated."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a folder"))
        self.include = QLineEdit()
        self.include.setPlaceholderText(self.tr("e.g. *.pdf, *.md (empty: all supported files)"))
        self.exclude = QLineEdit()
        self.exclude.setPlaceholderText(self.tr("e.g. drafts/*, *.tmp.md"))
        form = QFormLayout(self)
        form.addRow(QLabel(folder))
        form.addRow(self.tr("Include:"), self.include)
        form.addRow(self.tr("Exclude:"), self.exclude)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def split(text: str) -> list[str]:
        return [p.strip() for p in text.split(",") if p.strip()]


class DocumentsPage(QWidget):
    passageOpened = Signal(object)  # the PassageDialog, once shown (tests wait on it)
    answerShown = Signal()

    def __init__(self, store: Store, runner: EngineRunner, embedder: SharedEmbedder | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsPage")
        self.bridge = DocumentsBridge(self)
        self.library = DocumentLibrary(store, embedder, self.bridge.progress.emit, self.bridge.fileDone.emit)
        self.collection = self.library.collection()
        self.jobs = JobClient(runner, self)
        self.model: ModelInfo | None = None
        self._search_ids = itertools.count(1)
        self._search_id = 0
        self._answer: Answer | None = None
        self._answer_text = ""

        self.sources = SourcesPanel()
        self.model_label = QLabel()
        self.model_label.setObjectName("embeddingModelLabel")
        self.model_button = QPushButton(self.tr("Embedding &Model…"))
        self.model_button.setToolTip(self.tr("The model that reads your documents for search (a GGUF embedding "
                                             "model; Models › Catalogue recommends some). Changing it indexes "
                                             "everything again."))
        self.model_button.clicked.connect(self._choose_embedding_model)
        self._show_model()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("documentsSearch")
        self.search_box.setPlaceholderText(self.tr("Search your documents"))
        self.search_box.returnPressed.connect(self.search)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._open_result)
        self.question_box = QLineEdit()
        self.question_box.setObjectName("documentsQuestion")
        self.question_box.setPlaceholderText(self.tr("Ask a question about your documents"))
        self.question_box.returnPressed.connect(self.ask)
        self.ask_button = QPushButton(self.tr("&Ask"))
        self.ask_button.clicked.connect(self.ask)
        self.answer_view = QTextBrowser()
        self.answer_view.setObjectName("documentsAnswer")
        self.answer_view.setOpenLinks(False)
        self.answer_view.anchorClicked.connect(self._open_source_link)

        ask_row = QHBoxLayout()
        ask_row.addWidget(self.question_box, 1)
        ask_row.addWidget(self.ask_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label, 1)
        model_row.addWidget(self.model_button)
        right_layout.addLayout(model_row)
        right_layout.addWidget(self.search_box)
        right_layout.addWidget(self.results, 1)
        right_layout.addLayout(ask_row)
        right_layout.addWidget(self.answer_view, 2)
        splitter = QSplitter()
        splitter.addWidget(self.sources)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._shut_down = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh_sources)
        self.bridge.progress.connect(self._on_progress)
        self.bridge.fileDone.connect(self._on_file_done)  # a bound method: queued to this thread
        self.bridge.searchDone.connect(self._on_search_done)
        self.bridge.searchFailed.connect(self._on_search_failed)
        self.sources.addFilesClicked.connect(self._choose_files)
        self.sources.addFolderClicked.connect(self._choose_folder)
        self.sources.removeClicked.connect(self.remove_source)
        self.sources.reindexClicked.connect(self.reindex)
        self.sources.pauseToggled.connect(self.set_paused)
        # The chat model comes first: indexing waits while any model job or model load runs.
        runner.started.connect(lambda _job: self.library.worker.hold("chat"))
        runner.finished.connect(lambda _job, _result: self.library.worker.release("chat"))
        runner.failed.connect(lambda _job, _message: self.library.worker.release("chat"))
        runner.loadStarted.connect(lambda _what: self.library.worker.hold("model"))
        runner.modelLoaded.connect(lambda _info: self.library.worker.release("model"))
        runner.loadFailed.connect(lambda _message: self.library.worker.release("model"))
        self.refresh_sources()
        self.library.start()

    # -- sources ---------------------------------------------------------------------------

    def add_paths(self, paths: list[str], include: list[str] | None = None, exclude: list[str] | None = None) -> None:
        try:
            self.library.add(paths, self.collection, include or [], exclude or [])
        except Exception as exc:  # a path that vanished, a database error: say so, keep the page
            log.warning("Adding documents failed", exc_info=True)
            self.sources.progress_label.setText(self.tr("Could not add: {0}").format(exc))
            return
        self.refresh_sources()

    def remove_source(self, source_id: int) -> None:
        self.library.remove_source(source_id)
        self.refresh_sources()

    def reindex(self, source_id: int | None) -> None:
        self.library.reindex(self.collection.id, source_id)
        self.refresh_sources()

    def set_embedding_model(self, path: str) -> None:
        self.collection = self.library.collection(self.collection.name, path)
        self.library.worker.rescan()
        self._show_model()
        self.refresh_sources()

    def _show_model(self) -> None:
        from desktop_app.core.documents.embedding import model_label

        self.model_label.setText(self.tr("Embedding model: {0}").format(model_label(self.collection.embedding_model)))

    def _choose_embedding_model(self) -> None:
        from desktop_app.core.paths import models_dir

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose an embedding model"), str(models_dir()),
                                              self.tr("GGUF models (*.gguf)"))
        if path:
            self.set_embedding_model(path)

    def set_paused(self, paused: bool) -> None:
        if paused:
            self.library.worker.hold("user")
        else:
            self.library.worker.release("user")

    def refresh_sources(self) -> None:
        files: dict[int, list] = {}
        for record in self.library.docs.files(collection_id=self.collection.id):
            files.setdefault(record.source_id, []).append(record)
        self.sources.set_sources(self.library.statuses(self.collection.id), files)

    def _schedule_refresh(self) -> None:
        # The worker's last signals can arrive after shutdown, when the store may be closed already.
        if not self._shut_down and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _on_file_done(self, _file_id: int) -> None:
        self._schedule_refresh()

    def _on_progress(self, progress) -> None:  # noqa: ANN001 - IndexProgress
        self.sources.show_progress(progress)
        self._schedule_refresh()

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents"), str(Path.home()),
            self.tr("Documents (*.txt *.md *.markdown *.pdf *.docx *.html *.htm);;All files (*)"))
        if paths:
            self.add_paths(paths)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of documents"), str(Path.home()))
        if not folder:
            return
        dialog = PatternsDialog(folder, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_paths([folder], dialog.split(dialog.include.text()), dialog.split(dialog.exclude.text()))

    # -- search ----------------------------------------------------------------------------

    def search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            return
        self._search_id = next(self._search_ids)
        ids = [self.collection.id]
        future = self.library.worker.submit(lambda: self.library.search(query, ids, SEARCH_LIMIT))
        self.bridge.watch_search(self._search_id, future)

    def _on_search_done(self, request_id: int, passages: list[Passage]) -> None:
        if request_id != self._search_id:
            return  # an older search, overtaken
        self.results.clear()
        if not passages:
            self.results.addItem(self.tr("No passage matches."))
        for passage in passages:
            where = " · ".join(x for x in (passage.file_name, passage.location) if x)
            item = QListWidgetItem(f"{where}\n{' '.join(passage.text.split())[:300]}")
            item.setData(256, passage)
            self.results.addItem(item)

    def _on_search_failed(self, request_id: int, message: str) -> None:
        if request_id == self._search_id:
            self.results.clear()
            self.results.addItem(self.tr("Search failed: {0}").format(message))

    def _open_result(self, item: QListWidgetItem) -> None:
        passage = item.data(256)
        if isinstance(passage, Passage):
            self.open_passage(passage, self.search_box.text())

    # -- questions -------------------------------------------------------------------------

    def set_model(self, info: ModelInfo | None) -> None:
        self.model = info

    def ask(self) -> None:
        question = self.question_box.text().strip()
        if not question or self.jobs.busy:
            return
        if self.model is None:
            self.answer_view.setPlainText(self.tr("Load a model first (File › Open Model…)."))
            return
        retriever, ids = self.library.retriever, [self.collection.id]

        def work(engine, on_text, on_progress, cancel):  # noqa: ANN001, ANN202 - runs on the engine thread
            context = prepare_context(retriever, ids, question, engine=engine, cancel=cancel)
            return answer_from_documents(engine, context, GenerationParams(max_tokens=512), on_text, cancel)

        self._answer, self._answer_text = None, ""
        self.answer_view.setPlainText(self.tr("Searching your documents…"))
        self.ask_button.setEnabled(False)
        self.jobs.start(work, on_text=self._on_answer_text, on_finished=self._on_answer,
                        on_failed=self._on_answer_failed)

    def _on_answer_text(self, text: str, _pieces: int) -> None:
        self._answer_text += text
        self.answer_view.setPlainText(self._answer_text)

    def _on_answer(self, answer: Answer) -> None:
        self.ask_button.setEnabled(True)
        self._answer = answer
        self.show_answer(answer)

    def _on_answer_failed(self, message: str) -> None:
        self.ask_button.setEnabled(True)
        self.answer_view.setPlainText(self.tr("The answer failed: {0}").format(message))

    def show_answer(self, answer: Answer) -> None:
        """The answer as plain text, then its numbered sources as links that open the passage."""
        self.answer_view.clear()
        cursor = self.answer_view.textCursor()
        cursor.insertText(answer.text)
        sources = answer.sources or list(enumerate(answer.context.passages, 1))
        if sources:
            cursor.insertBlock()
            cursor.insertBlock()
            cursor.insertText(self.tr("Sources:") if answer.sources else self.tr("Passages the answer was written from:"))
            for number, passage in sources:
                cursor.insertBlock()
                label = f"[{number}] " + ", ".join(x for x in (passage.file_name, passage.location) if x)
                link = cursor.charFormat()
                link.setAnchor(True)
                link.setAnchorHref(f"passage:{number}")
                link.setFontUnderline(True)
                cursor.insertText(label, link)
        self.answerShown.emit()

    def _open_source_link(self, url: QUrl) -> None:
        if self._answer is None or url.scheme() != "passage":
            return
        number = int(url.path()) if url.path().isdigit() else 0
        if 1 <= number <= len(self._answer.context.passages):
            self.open_passage(self._answer.context.passages[number - 1], self._answer.context.query)

    def open_passage(self, passage: Passage, query: str) -> PassageDialog:
        dialog = PassageDialog(passage.path, passage.location, passage.text, query, self)
        dialog.setModal(False)
        dialog.show()
        self.passageOpened.emit(dialog)
        return dialog

    def shutdown(self) -> None:
        """Stop indexing (the file in progress is redone next time) and free the embedding model."""
        self._shut_down = True
        self._refresh_timer.stop()
        if not self.library.close(5.0):
            log.warning("The documents worker was still busy at exit")

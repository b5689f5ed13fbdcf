"""File › Export Conversation…, Export All Conversations…, Import Conversations…

The formats belong to core/transfer (Markdown to read, Inkstone JSON that keeps every branch,
ChatGPT's conversations.json in). Reading and writing run on a background thread behind a
busy dialog, so a file of thousands of conversations does not freeze the window; an import
is one transaction, so a bad file stores nothing and says what was wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from desktop_app.core.errors import InkstoneError
from desktop_app.core.safe_text import safe_text

if TYPE_CHECKING:
    from desktop_app.core.transfer import ImportResult
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.models.background import BackgroundRunner

PROGRESS_DELAY_MS = 400  # the busy dialog only appears for files that take longer than this
MARKDOWN, JSON = "markdown", "json"


class TransferActions(QObject):
    exported = Signal(object)  # the Path written
    imported = Signal(object)  # the ImportResult
    failed = Signal(str)  # the message shown

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._runner: BackgroundRunner | None = None
        self._progress: QProgressDialog | None = None
        self.folder = Path.home()
        self.export_action = QAction(self.tr("&Export Conversation…"), window)
        self.export_action.setObjectName("exportConversationAction")
        self.export_action.triggered.connect(self.export_current)
        self.export_all_action = QAction(self.tr("Export &All Conversations…"), window)
        self.export_all_action.setObjectName("exportAllAction")
        self.export_all_action.triggered.connect(self.export_all)
        self.import_action = QAction(self.tr("&Import Conversations…"), window)
        self.import_action.setObjectName("importAction")
        self.import_action.setToolTip(self.tr("Import an Inkstone JSON export or ChatGPT's conversations.json"))
        self.import_action.triggered.connect(self.import_file)

    def actions(self) -> list[QAction]:
        return [self.export_action, self.export_all_action, self.import_action]

    # -- export ------------------------------------------------------------------------------

    def export_current(self) -> None:
        page = self.window.chat_page
        conversation_id = page.current_id
        conversation = None if conversation_id is None else self.window.store.get_conversation(conversation_id)
        if conversation is None:
            self._tell(self.tr("Open a conversation first: Export Conversation saves the one on screen."))
            return
        name = _file_name(conversation.title) or self.tr("conversation")
        self._export([conversation.id], self.tr("Export Conversation"), name)

    def export_all(self) -> None:
        """Every chat, translation and draft in one file."""
        self._export(None, self.tr("Export All Conversations"), self.tr("inkstone-history"))

    def _export(self, ids: list[int] | None, title: str, name: str) -> None:
        markdown_filter = self.tr("Markdown (*.md)")
        json_filter = self.tr("Inkstone JSON, keeps every branch (*.json)")
        path, chosen = QFileDialog.getSaveFileName(self.window, title, str(self.folder / f"{name}.md"),
                                                   ";;".join([markdown_filter, json_filter]))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() == ".json" or (chosen == json_filter and target.suffix.lower() != ".md"):
            fmt, target = JSON, target.with_suffix(".json") if not target.suffix else target
        else:
            fmt, target = MARKDOWN, target.with_suffix(".md") if not target.suffix else target
        self.folder = target.parent
        store = self.window.store

        def work() -> Path:
            from desktop_app.core.transfer import export_json, export_markdown, write_export

            write_export((export_json if fmt == JSON else export_markdown)(store, ids), target)
            return target

        self._run(work, self.tr("Exporting…"), self._export_done)

    def _export_done(self, path: Path) -> None:
        self.window.toast.show_message(self.tr("Exported to {0}").format(path.name))
        self.exported.emit(path)

    # -- import ------------------------------------------------------------------------------

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import Conversations"), str(self.folder),
            self.tr("Conversation exports (*.json);;All files (*)"),
        )
        if not path:
            return
        source = Path(path)
        self.folder = source.parent
        store = self.window.store

        def work() -> ImportResult:
            from desktop_app.core.transfer import import_file

            return import_file(store, source)

        self._run(work, self.tr("Importing {0}…").format(source.name), lambda result: self._import_done(result, source))

    def _import_done(self, result: ImportResult, source: Path) -> None:
        window = self.window
        window.chat_page.refresh_list()
        if window.workspaces.built("translate"):
            window.translate_page.refresh_history()
        if window.workspaces.built("draft"):
            window.draft_page.refresh_drafts()
        count = len(result.conversation_ids)
        origin = self.tr("an Inkstone export") if result.format == "inkstone" else self.tr("a ChatGPT export")
        window.toast.show_message(
            self.tr("Imported %n conversation(s) with {0} messages from {1}.", "", count).format(result.messages, origin)
        )
        self.imported.emit(result)

    # -- running -----------------------------------------------------------------------------

    def _run(self, work: Callable[[], object], label: str, done: Callable) -> None:
        if self._runner is None:
            from desktop_app.ui.models.background import BackgroundRunner

            self._runner = BackgroundRunner(1, self)
        if self._runner.busy:
            self._tell(self.tr("Wait for the export or import under way to finish."))
            return
        progress = QProgressDialog(label, "", 0, 0, self.window)
        progress.setWindowTitle(self.tr("Inkstone"))
        progress.setCancelButton(None)  # one transaction: it finishes or stores nothing
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setValue(0)
        self._progress = progress

        def finished(result: object) -> None:
            self._close_progress()
            done(result)

        self._runner.run(work, finished, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        # An InkstoneError says what was wrong with the file; anything else was logged with its traceback.
        message = str(exc) if isinstance(exc, InkstoneError) else self.tr("Something went wrong: {0}").format(exc)
        QMessageBox.warning(self.window, self.tr("Inkstone"), message)
        self.failed.emit(message)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _tell(self, message: str) -> None:
        self.window.show_notice(message)

    def shutdown(self) -> None:
        if self._runner is not None:
            self._runner.shutdown(5000)


def _file_name(title: str) -> str:
    """A title as a file name: no path separators or characters some systems refuse."""
    cleaned = "".join(" " if ch in '\\/:*?"<>|' else ch for ch in safe_text(title, 60))
    return " ".join(cleaned.split()).strip(". ")

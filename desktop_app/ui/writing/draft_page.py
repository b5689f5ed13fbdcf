"""The Draft workspace: a Markdown editor with a live preview, templates, long-form writing,
writing tools on a selection, export, and drafts kept automatically in the history.

Every model call runs as a job on the engine thread (see ui/engine_runner.py) through this
page's JobClient; each part that starts one (templates here, LongformFlow, WritingTools)
gives its own handlers for what comes back. Jobs that write the document save it in the
history themselves while they stream (core/writing/draft_history.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine import ModelInfo
from desktop_app.core.errors import InkstoneError
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from desktop_app.core.writing.draft_templates import TEMPLATES, prepare_request
from desktop_app.core.writing.draft_history import (
    OpenDraft,
    draft_title,
    load_draft,
    save_open_draft,
    write_into_history,
)
from desktop_app.core.writing.drafter import DraftResult, write_draft
from desktop_app.core.writing.export import export_document
from desktop_app.ui.engine_runner import EngineRunner, JobWork
from desktop_app.core.writing.text_files import read_text_file
from desktop_app.ui.file_drop import FileDrop
from desktop_app.ui.job_client import JobClient
from desktop_app.ui.undo_delete import DeferredDeletes
from desktop_app.ui import theme
from desktop_app.ui.markdown_render import render_markdown
from desktop_app.ui.rich_text_browser import RichTextBrowser
from desktop_app.ui.writing.draft_editor import DraftEditor
from desktop_app.ui.writing.longform_flow import LongformFlow
from desktop_app.ui.writing.longform_panel import LONGFORM_FIELDS, LongformPanel
from desktop_app.ui.writing.page_shortcuts import PageShortcuts
from desktop_app.ui.writing.pdf_export import write_pdf
from desktop_app.ui.writing.template_form import TemplateForm
from desktop_app.ui.writing.writing_tools import WritingTools
from desktop_app.ui.error_banner import ErrorBanner

ID_ROLE = Qt.ItemDataRole.UserRole
PREVIEW_INTERVAL_MS = 200
AUTOSAVE_DELAY_MS = 1000
_KNOWN_KEYS = frozenset({f.key for t in TEMPLATES for f in t.fields} | {f.key for f in LONGFORM_FIELDS} | {"outline"})
_EXPORT_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
OPEN_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".rst")
SAVED = "saved"  # progress of a job writing a draft: ("saved", conversation id, message id) when first stored


class DraftPage(QWidget):
    draftFinished = Signal(object)  # DraftResult of a template
    jobFailed = Signal(str)
    draftSaved = Signal(int)  # conversation id
    busyChanged = Signal(bool)

    def __init__(self, store: Store, job_runner: EngineRunner, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftPage")
        self.store = store
        self.settings = settings
        self.model: ModelInfo | None = None
        self.draft_max_tokens: int | None = None  # None: the template decides the length
        self.jobs = JobClient(job_runner, self)
        self.draft = OpenDraft()
        self.export_dir = Path.home()
        self._running_label = ""
        self.deletes = DeferredDeletes(self)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_INTERVAL_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.save_now)

        self._build_widgets()
        self.tools = WritingTools(self)
        self.longform = LongformFlow(self, self.longform_panel)
        self._build_actions()
        self._build_layout()

        self.jobs.busyChanged.connect(self._update_enabled)
        self.drop = FileDrop([self, self.editor], OPEN_SUFFIXES, lambda files: self.open_file(files[0]))
        self.refresh_drafts()
        self._update_enabled()

    # -- building ------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.editor = DraftEditor()
        self.editor.setObjectName("draftEditor")
        self.editor.setAccessibleName(self.tr("Draft (Markdown)"))
        self.editor.setPlaceholderText(self.tr("Write in Markdown, or generate a draft from a template."))
        self.editor.textChanged.connect(self._on_editor_changed)
        self.editor.selectionChanged.connect(self._update_tools)

        self.preview = RichTextBrowser()  # draws the preview's formulas, quote bars and wrapped code
        self.preview.setObjectName("draftPreview")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setOpenLinks(False)

        self.template_form = TemplateForm()
        self.generate_button = QPushButton(self.tr("&Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setToolTip(self.tr("Write a draft from the template (Ctrl+Enter)"))
        self.generate_button.clicked.connect(self.generate)
        self.longform_panel = LongformPanel()

        self.drafts = QListWidget()
        self.drafts.setObjectName("draftList")
        self.drafts.setAccessibleName(self.tr("Drafts"))
        self.drafts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.drafts.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.drafts.itemActivated.connect(self._on_draft_item)
        self.drafts.itemClicked.connect(self._on_draft_item)
        self.new_button = QPushButton(self.tr("&New draft"))
        self.new_button.setObjectName("newDraftButton")
        self.new_button.setToolTip(self.tr("Start an empty draft (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_draft)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("draftProgress")
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("draftProgressLabel")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("draftStopButton")
        self.stop_button.setToolTip(self.tr("Stop; what is written stays (Esc)"))
        self.stop_button.clicked.connect(self.stop)

        self.banner = ErrorBanner("draftMessage")

    def _build_actions(self) -> None:
        self.generate_action = QAction(self.tr("Generate"), self)
        self.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.generate_action.triggered.connect(self.generate)
        self.stop_action = QAction(self.tr("Stop"), self)
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.triggered.connect(self.stop)
        self.export_action = QAction(self.tr("Export…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setToolTip(self.tr("Save the draft as Markdown, HTML, PDF or Word (Ctrl+Shift+E)"))
        self.export_action.triggered.connect(self.export)
        self.addActions([self.generate_action, self.stop_action, self.export_action])
        self.new_action = QAction(self.tr("New draft"), self)
        self.new_action.setToolTip(self.tr("Start an empty draft (Ctrl+N)"))
        self.new_action.triggered.connect(self.new_draft)
        self.delete_draft_action = QAction(self.tr("Delete draft"), self)
        self.delete_draft_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_draft_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_draft_action.triggered.connect(self.delete_current_draft)
        self.drafts.addAction(self.delete_draft_action)
        self.drafts.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.open_action = QAction(self.tr("Open file…"), self)
        self.open_action.setToolTip(self.tr("Open a text or Markdown file as a new draft (Ctrl+O)"))
        self.open_action.triggered.connect(self.choose_file)
        # Ctrl+N and Ctrl+O are also the window's "New Chat" and "Open Model…": with the focus in this
        # page they start a new draft and open a file.
        self.shortcuts = PageShortcuts(self)
        self.shortcuts.add(self.new_action, QKeySequence(QKeySequence.StandardKey.New))
        self.shortcuts.add(self.open_action, QKeySequence(QKeySequence.StandardKey.Open))

    def _build_layout(self) -> None:
        template_tab = QWidget()
        template_layout = QVBoxLayout(template_tab)
        template_layout.addWidget(self.template_form)
        template_layout.addWidget(self.generate_button)
        template_layout.addStretch(1)
        drafts_tab = QWidget()
        drafts_layout = QVBoxLayout(drafts_tab)
        drafts_layout.addWidget(self.new_button)
        drafts_layout.addWidget(self.drafts, 1)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("draftSideTabs")
        self.side_tabs.addTab(template_tab, self.tr("Template"))
        self.side_tabs.addTab(self.longform_panel, self.tr("Long form"))
        self.side_tabs.addTab(drafts_tab, self.tr("Drafts"))

        self.toolbar = QToolBar(self.tr("Writing tools"))
        self.toolbar.setObjectName("writingTools")
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.open_action)
        self.toolbar.addSeparator()
        for action in self.tools.actions:
            self.toolbar.addAction(action)
            button = self.toolbar.widgetForAction(action)
            if isinstance(button, QToolButton) and action.menu() is not None:
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.export_action)

        editors = QSplitter()
        editors.addWidget(self.editor)
        editors.addWidget(self.preview)
        editors.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_bar)
        bottom.addWidget(self.progress_label, 1)
        bottom.addWidget(self.stop_button)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.toolbar)
        main_layout.addWidget(editors, 1)
        main_layout.addWidget(self.banner)
        main_layout.addLayout(bottom)

        splitter = QSplitter()
        splitter.addWidget(self.side_tabs)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 770])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

    # -- public --------------------------------------------------------------------

    def set_model(self, info: ModelInfo | None) -> None:
        """Called by the main window when a model is loaded (None: no model)."""
        self.model = info

    def cancel_event(self):
        return self.jobs.cancel_event()

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)

    def clear_error(self) -> None:
        self.banner.dismiss()

    def stop(self) -> None:
        self.jobs.stop()

    def check_model(self) -> bool:
        if self.model is None:
            self.show_error(self.tr("No model is loaded yet. Wait for it to load, or choose one with File › Open Model…"))
            return False
        return True

    def new_draft(self) -> None:
        if self.busy:
            return
        self.save_now()
        self._set_document("", OpenDraft())
        self.drafts.clearSelection()
        self.clear_error()
        self.editor.setFocus()

    def generate(self) -> None:
        """Write a draft from the chosen template into a new draft (the open one stays in the list)."""
        if self.busy or not self.check_model():
            return
        template = self.template_form.template
        fields = self.template_form.values()
        try:
            prepare_request(template, fields)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self.start_new_document(OpenDraft(template.name, fields))
        self.editor.begin_stream_at_end()
        max_tokens = self.draft_max_tokens

        def write(engine, out, _on_progress, cancel) -> DraftResult:
            return write_draft(template.name, fields, engine=engine, on_text=out, cancel=cancel, max_tokens=max_tokens)

        self.start_document_job(write, self.tr("Writing the draft…"), self._on_draft_written,
                                stopped=lambda result: result.stopped)

    def _on_draft_written(self, result: tuple[DraftResult, OpenDraft]) -> None:
        draft, _saved = result
        self.progress_label.setText(self.tr("Stopped; the draft so far is kept.") if draft.stopped
                                    else self.tr("Draft written · tokens: {0} · {1:.1f} s")
                                    .format(draft.generated_tokens, draft.seconds))
        self.draftFinished.emit(draft)

    # -- export ----------------------------------------------------------------------

    def export(self) -> None:
        if self.busy:
            return
        text = self.editor.toPlainText()
        if not text.strip():
            self.show_error(self.tr("The draft is empty: there is nothing to export."))
            return
        name = re.sub(r'[\\/:*?"<>|]+', " ", draft_title(text, self.draft.fields)).strip() or "draft"
        filters = {".md": self.tr("Markdown (*.md)"), ".html": self.tr("HTML (*.html)"),
                   ".pdf": self.tr("PDF (*.pdf)"), ".docx": self.tr("Word document (*.docx)")}
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export the draft"),
                                                   str(self.export_dir / f"{name}.md"), ";;".join(filters.values()))
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in _EXPORT_SUFFIXES:
            path = path.with_name(path.name + next((s for s, f in filters.items() if f == chosen), ".md"))
        self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Write the draft to path in the format its extension names (.md, .html, .pdf, .docx)."""
        text = self.editor.toPlainText()
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            export_document(text, path, title=draft_title(text, self.draft.fields), pdf_writer=write_pdf)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.export_dir = Path(path).parent
        self.clear_error()
        self.progress_label.setText(self.tr("Exported to {0}.").format(path))
        return True

    # -- drafts ----------------------------------------------------------------------

    def save_now(self) -> bool:
        """Store the open draft now (the autosave does this 1 s after typing stops)."""
        self.autosave_timer.stop()
        if self.editor.stream is not None:
            return False  # saved when the generation ends
        return self.save(stopped=False)

    def save(self, stopped: bool) -> bool:
        try:
            saved = save_open_draft(self.store, self.draft, self.editor.toPlainText(), stopped=stopped,
                                    model=self.model.name if self.model else None)
        except InkstoneError as exc:
            self.show_error(self.tr("The draft could not be saved: {0}").format(exc))
            return False
        if saved:
            self.refresh_drafts()
            self.draftSaved.emit(self.draft.conversation_id)
        return saved

    def refresh_drafts(self) -> None:
        try:
            drafts = self.store.list_conversations("draft")
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self.drafts.clear()
        for conversation in drafts:
            if conversation.id in self.deletes.pending:
                continue
            item = QListWidgetItem(conversation.title or self.tr("Untitled draft"))
            item.setData(ID_ROLE, conversation.id)
            item.setToolTip(conversation.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            self.drafts.addItem(item)
            if conversation.id == self.draft.conversation_id:
                self.drafts.setCurrentItem(item)

    def open_draft(self, conversation_id: int) -> bool:
        """Show a stored draft: its text, and the template or long-form fields it was made with."""
        if self.busy:
            self.show_error(self.tr("Stop the generation before opening another draft."))
            return False
        self.save_now()
        try:
            draft, text = load_draft(self.store, conversation_id, _KNOWN_KEYS)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return False
        self._set_document(text, draft)
        self.longform.draft_opened(draft)
        if self.template_form.set_template(draft.template):
            self.template_form.set_values(draft.fields)
        self.refresh_drafts()
        self.clear_error()
        return True

    def delete_current_draft(self) -> None:
        """The draft leaves the list (and the editor) at once; Undo brings it back for a few seconds."""
        item = self.drafts.currentItem()
        if item is None or self.busy:
            return
        conversation_id = int(item.data(ID_ROLE))
        was_open = self.draft.conversation_id == conversation_id
        if was_open:
            self.save_now()  # what was typed goes with it, and comes back with Undo
            self.autosave_timer.stop()
            self._set_document("", OpenDraft())

        def commit() -> None:
            try:
                self.store.delete_conversation(conversation_id)
            except InkstoneError as exc:
                self.show_error(str(exc))
            self.longform.draft_deleted(conversation_id)

        def undo() -> None:
            self.refresh_drafts()
            if was_open:
                self.open_draft(conversation_id)

        self.deletes.delete(conversation_id, self.tr("Draft deleted."), commit=commit, shown_again=undo,
                            hidden=self.refresh_drafts)

    def _on_draft_item(self, item: QListWidgetItem) -> None:
        conversation_id = int(item.data(ID_ROLE))
        if conversation_id != self.draft.conversation_id:
            self.open_draft(conversation_id)

    def open_file(self, path: Path) -> bool:
        """Open a text or Markdown file as a new draft (kept in the history like any other)."""
        if self.busy:
            self.show_error(self.tr("Stop the generation before opening a file."))
            return False
        try:
            text = read_text_file(path)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return False
        self.start_new_document(OpenDraft("blank"))
        self.editor.setPlainText(text)  # an edit like typing: saved, and undoable
        self.save_now()
        self.clear_error()
        self.progress_label.setText(self.tr("Opened {0}.").format(path.name))
        return True

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a text or Markdown file"), str(self.export_dir),
                                              self.tr("Text and Markdown (*.md *.markdown *.txt *.text);;All files (*)"))
        if path:
            self.open_file(Path(path))

    def start_new_document(self, draft: OpenDraft) -> None:
        """Generated text goes into a new draft, unless the open one is still empty."""
        self.save_now()
        if not self.editor.toPlainText().strip():
            draft.conversation_id, draft.message_id = self.draft.conversation_id, self.draft.message_id
        self._set_document("", draft)
        self.drafts.clearSelection()

    def _set_document(self, text: str, draft: OpenDraft) -> None:
        self.editor.load(text)
        self.draft = draft
        self.preview_timer.stop()
        self.refresh_preview()

    # -- preview and autosave --------------------------------------------------------

    def refresh_preview(self) -> None:
        bar = self.preview.verticalScrollBar()
        follow = self.editor.stream is not None and bar.value() >= bar.maximum() - 4
        ratio = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.preview.setHtml(render_markdown(self.editor.toPlainText(), colours=theme.current()))
        bar.setValue(bar.maximum() if follow else int(ratio * bar.maximum()))

    def theme_changed(self) -> None:
        """The preview's HTML holds the theme's colours: render it again."""
        self.refresh_preview()

    def _on_editor_changed(self) -> None:
        if not self.preview_timer.isActive():
            self.preview_timer.start()  # throttled: at most one render per interval
        if not self.editor.loading and self.editor.stream is None:
            self.autosave_timer.start()  # debounced: restarts on every change

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        """Switching to another workspace saves a pending edit at once."""
        if self.autosave_timer.isActive():
            self.save_now()
        super().hideEvent(event)

    # -- jobs ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def start_job(
        self,
        work: JobWork,
        label: str,
        *,
        lock_editor: bool = True,
        on_started: Callable[[], Any] | None = None,
        on_text: Callable[[str, int], Any] | None = None,
        on_progress: Callable[[object], Any] | None = None,
        on_finished: Callable[[Any], Any] | None = None,
        on_failed: Callable[[str], Any] | None = None,
    ) -> None:
        """Run `work` on the engine thread with the page's progress line and Stop; text streams into the
        editor unless `on_text` takes it; the handlers are for this job only."""
        self.clear_error()
        self.autosave_timer.stop()
        self.editor.setReadOnly(lock_editor)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.progress_label.setText(self.tr("Waiting for the model…"))

        def started() -> None:
            self.progress_label.setText(label)
            if on_started is not None:
                on_started()

        def finished(result: object) -> None:
            self._job_ended()
            if on_finished is not None:
                on_finished(result)

        def failed(message: str) -> None:
            self._job_ended()
            (on_failed or self.show_error)(message)
            self.jobFailed.emit(message)

        self.jobs.start(work, on_started=started, on_text=on_text or self._stream_text, on_progress=on_progress,
                        on_finished=finished, on_failed=failed)

    def start_document_job(
        self,
        write: Callable[..., Any],
        label: str,
        on_written: Callable[[Any], Any],
        *,
        head: str | None = None,
        tail: str = "",
        stopped: Callable[[Any], bool] = lambda _result: False,
        on_progress: Callable[[object], Any] | None = None,
    ) -> None:
        """A job that writes into the open draft and keeps it in the history as it streams.

        `write(engine, out, on_progress, cancel)` streams through `out`; the document being written is `head` (default: the editor's text now) + what
        streams + `tail`. `on_written((result, stored OpenDraft))` runs once it is stored.
        """
        store = self.store
        draft = OpenDraft(self.draft.template, dict(self.draft.fields), self.draft.conversation_id,
                          self.draft.message_id, self.draft.title)
        head = self.editor.toPlainText() if head is None else head
        model = self.model.name if self.model else None

        def work(engine, on_text, on_progress_, cancel):  # type: ignore[no-untyped-def]
            return write_into_history(store, draft, lambda out: write(engine, out, on_progress_, cancel),
                                      head=head, tail=tail, model=model, on_text=on_text,
                                      on_created=lambda c, m: on_progress_((SAVED, c, m)), stopped=stopped)

        def progress(value: object) -> None:
            if isinstance(value, tuple) and value and value[0] == SAVED:
                self.draft.conversation_id, self.draft.message_id = value[1], value[2]
                self.refresh_drafts()
            elif on_progress is not None:
                on_progress(value)

        def finished(result: tuple[Any, OpenDraft]) -> None:
            self._draft_stored(result[1])
            on_written(result)

        def failed(message: str) -> None:
            self.refresh_drafts()  # what was written before the failure is stored
            self.show_error(message)

        self.start_job(work, label, on_progress=progress, on_finished=finished, on_failed=failed)

    def _draft_stored(self, saved: OpenDraft) -> None:
        """A job stored the open draft: take its place in the history and its title."""
        if saved.conversation_id is None:
            return
        self.draft.conversation_id, self.draft.message_id = saved.conversation_id, saved.message_id
        self.draft.title = saved.title
        self.refresh_drafts()
        self.draftSaved.emit(saved.conversation_id)

    def _stream_text(self, text: str, _pieces: int = 1) -> None:
        self.editor.stream_insert(text)

    def _job_ended(self) -> None:
        self.editor.end_stream()
        self.editor.setReadOnly(False)
        self.progress_bar.hide()
        self.progress_label.clear()

    def _update_enabled(self, *_args: object) -> None:
        busy = self.busy
        for widget in (self.generate_button, self.generate_action, self.new_button, self.new_action,
                       self.export_action, self.drafts):
            widget.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.stop_action.setEnabled(busy)
        self.longform_panel.set_busy(busy)
        self._update_tools()
        self.busyChanged.emit(busy)

    def _update_tools(self) -> None:
        self.tools.set_enabled(not self.busy and self.editor.textCursor().hasSelection())

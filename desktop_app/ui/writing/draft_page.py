"""The Draft workspace: a Markdown editor with a live preview, templates, long-form writing,
writing tools on a selection, export, and drafts kept automatically in the history.

Every model call runs as a job on the engine thread (see engine_jobs). Generated text is
inserted through one QTextCursor, joined into a single undo step, while the editor is
read-only; so Ctrl+Z after a generation takes the whole generated text back out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine import ModelInfo
from desktop_app.core.errors import InkstoneError
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.core.writing.draft_templates import TEMPLATES, TONES, prepare_request
from desktop_app.core.writing.drafter import DraftResult, write_draft
from desktop_app.core.writing.export import export_document
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.languages import LANGUAGES
from desktop_app.core.writing.longform import LongformResult, LongformSpec, LongformWriter, generate_outline
from desktop_app.core.writing.outline import OutlineSection, format_outline, parse_outline
from desktop_app.core.writing.selection_tools import Suggestion, suggest
from desktop_app.ui.markdown_render import render_markdown
from desktop_app.ui.writing.draft_history import OpenDraft, draft_title, load_draft, save_open_draft
from desktop_app.ui.writing.engine_jobs import EngineJobRunner, JobClient
from desktop_app.ui.writing.longform_panel import (
    LONGFORM_FIELDS,
    LongformPanel,
    carried_from_document,
    find_section,
    make_writer,
    section_key,
)
from desktop_app.ui.writing.page_shortcuts import PageShortcuts
from desktop_app.ui.writing.pdf_export import write_pdf
from desktop_app.ui.writing.suggestion_dialog import SuggestionDialog
from desktop_app.ui.writing.template_form import TemplateForm

ID_ROLE = Qt.ItemDataRole.UserRole
PREVIEW_INTERVAL_MS = 200
AUTOSAVE_DELAY_MS = 1000
_KNOWN_KEYS = frozenset({f.key for t in TEMPLATES for f in t.fields} | {f.key for f in LONGFORM_FIELDS} | {"outline"})
_EXPORT_FILTERS = {".md": "Markdown (*.md)", ".html": "HTML (*.html)", ".pdf": "PDF (*.pdf)",
                   ".docx": "Word document (*.docx)"}


def utf16_offset(text: str, index: int) -> int:
    """A Python string index as a QTextDocument position (which counts UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


@dataclass
class _Stream:
    """Where generated text goes: one cursor, its edits joined into one undo step."""

    cursor: QTextCursor
    joined: bool = False
    pieces: list[str] = field(default_factory=list)


@dataclass
class _Longform:
    spec: LongformSpec | None = None
    writer: LongformWriter | None = None
    draft_id: int | None = None  # the draft the document is written into


@dataclass
class _PendingSuggestion:
    dialog: SuggestionDialog
    start: int
    end: int
    original: str
    result: Suggestion | None = None


class DraftPage(QWidget):
    draftFinished = Signal(object)  # DraftResult of a template
    outlineReady = Signal(list)  # list[OutlineSection]
    documentFinished = Signal(object)  # LongformResult of Write document
    sectionFinished = Signal(int)  # index of a regenerated section
    suggestionReady = Signal(object)  # Suggestion shown in the dialog
    suggestionApplied = Signal(str)
    jobFailed = Signal(str)
    draftSaved = Signal(int)  # conversation id
    busyChanged = Signal(bool)

    def __init__(self, store: Store, job_runner: EngineJobRunner, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftPage")
        self.store = store
        self.settings = settings
        self.model: ModelInfo | None = None
        self.draft_max_tokens: int | None = None  # None: the template decides the length
        self.jobs = JobClient(job_runner, self)
        self.draft = OpenDraft()
        self.longform = _Longform()
        self.stream: _Stream | None = None
        self.pending: _PendingSuggestion | None = None
        self._states: list[str] = []  # outline states shown while writing
        self._running_label = ""
        self.export_dir = Path.home()
        self._loading = False

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_INTERVAL_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.save_now)

        self._build_widgets()
        self._build_actions()
        self._build_layout()

        self.jobs.started.connect(self._on_started)
        self.jobs.text.connect(self._on_text)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.busyChanged.connect(self._update_enabled)
        self.refresh_drafts()
        self._update_enabled()

    # -- building ------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("draftEditor")
        self.editor.setAccessibleName(self.tr("Draft (Markdown)"))
        self.editor.setPlaceholderText(self.tr("Write in Markdown, or generate a draft from a template."))
        self.editor.textChanged.connect(self._on_editor_changed)
        self.editor.selectionChanged.connect(self._update_tools)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._show_editor_menu)

        self.preview = QTextBrowser()
        self.preview.setObjectName("draftPreview")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setOpenLinks(False)

        self.template_form = TemplateForm()
        self.generate_button = QPushButton(self.tr("&Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setToolTip(self.tr("Write a draft from the template (Ctrl+Enter)"))
        self.generate_button.clicked.connect(self.generate)

        self.longform_panel = LongformPanel()
        self.longform_panel.outline_button.clicked.connect(self.make_outline)
        self.longform_panel.write_button.clicked.connect(self.write_document)
        self.longform_panel.regenerate_button.clicked.connect(self.regenerate_section)

        self.drafts = QListWidget()
        self.drafts.setObjectName("draftList")
        self.drafts.setAccessibleName(self.tr("Drafts"))
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

        self.banner = QLabel()
        self.banner.setObjectName("draftMessage")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("QLabel { background: #fdecea; color: #611a15; padding: 6px; border-radius: 4px; }")
        self.banner.hide()

    def _action(self, text: str, tip: str, slot, key: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
            tip = self.tr("{0} ({1})").format(tip, action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.generate_action = self._action(self.tr("Generate"), self.tr("Write a draft from the template"),
                                            self.generate)
        self.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.stop_action = self._action(self.tr("Stop"), self.tr("Stop generating"), self.stop,
                                        QKeySequence(Qt.Key.Key_Escape))
        self.rewrite_action = self._action(self.tr("Rewrite"), self.tr("Rewrite the selection"),
                                           lambda: self.run_tool("rewrite"), "Ctrl+Shift+R")
        self.proofread_action = self._action(self.tr("Proofread"), self.tr("Fix spelling and grammar in the selection"),
                                             lambda: self.run_tool("proofread"), "Ctrl+Shift+P")
        self.shorten_action = self._action(self.tr("Shorten"), self.tr("Shorten the selection"),
                                           lambda: self.run_tool("shorten"))
        self.expand_action = self._action(self.tr("Expand"), self.tr("Expand the selection"),
                                          lambda: self.run_tool("expand"))
        self.translate_menu = QMenu(self.tr("Translate to"), self)
        for language in LANGUAGES:
            action = self.translate_menu.addAction(self.tr(language.english_name))
            action.triggered.connect(lambda _c=False, code=language.code: self.run_tool("translate", target_language=code))
        self.tone_menu = QMenu(self.tr("Change tone"), self)
        for tone in TONES:
            action = self.tone_menu.addAction(self.tr(tone))
            action.triggered.connect(lambda _c=False, t=tone: self.run_tool("change-tone", tone=t))
        self.translate_action = self._action(self.tr("Translate to…"), self.tr("Translate the selection"),
                                             lambda: self._popup_at_cursor(self.translate_menu), "Ctrl+Shift+T")
        self.translate_action.setMenu(self.translate_menu)
        self.tone_action = self._action(self.tr("Change tone…"), self.tr("Say the selection in another tone"),
                                        lambda: self._popup_at_cursor(self.tone_menu))
        self.tone_action.setMenu(self.tone_menu)
        self.tool_actions = [self.rewrite_action, self.proofread_action, self.shorten_action, self.expand_action,
                             self.translate_action, self.tone_action]
        self.export_action = self._action(self.tr("Export…"), self.tr("Save the draft as Markdown, HTML, PDF or Word"),
                                          self.export, "Ctrl+Shift+E")
        self.new_action = QAction(self.tr("New draft"), self)
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.triggered.connect(self.new_draft)
        self.delete_draft_action = QAction(self.tr("Delete draft"), self)
        self.delete_draft_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_draft_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_draft_action.triggered.connect(self.delete_current_draft)
        self.drafts.addAction(self.delete_draft_action)
        self.drafts.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # Ctrl+N is also the window's "New Chat": inside this page it starts a new draft.
        self.shortcuts = PageShortcuts(self)
        self.shortcuts.add(self.new_action)

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
        self.toolbar.addSeparator()
        for action in self.tool_actions:
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
        self.banner.setText(message)
        self.banner.show()

    def clear_error(self) -> None:
        self.banner.clear()
        self.banner.hide()

    def stop(self) -> None:
        self.jobs.stop()

    def new_draft(self) -> None:
        if self.jobs.busy:
            return
        self.save_now()
        self._set_document("", OpenDraft())
        self.drafts.clearSelection()
        self.clear_error()
        self.editor.setFocus()

    # -- templates -----------------------------------------------------------------

    def generate(self) -> None:
        """Write a draft from the chosen template into a new draft (the open one stays in the list)."""
        if self.jobs.busy or not self._check_model():
            return
        template = self.template_form.template
        fields = self.template_form.values()
        try:
            prepare_request(template, fields)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self._start_new_document(OpenDraft(template.name, fields))
        self._begin_stream_at_end()
        max_tokens = self.draft_max_tokens

        def work(engine, on_text, on_progress, cancel) -> DraftResult:
            return write_draft(template.name, fields, engine=engine, on_text=on_text, cancel=cancel,
                               max_tokens=max_tokens)

        self._start_job("draft", work, self.tr("Writing the draft…"))

    # -- long form -------------------------------------------------------------------

    def _longform_spec(self) -> LongformSpec | None:
        try:
            return LongformSpec.from_fields(self._longform_values())
        except InkstoneError as exc:
            self.show_error(str(exc))
            return None

    def _longform_values(self) -> dict[str, str]:
        return {k: v for k, v in self.longform_panel.form.values().items() if v.strip()}

    def make_outline(self) -> None:
        if self.jobs.busy or not self._check_model():
            return
        spec = self._longform_spec()
        if spec is None:
            return
        self.longform.spec = spec

        def work(engine, on_text, on_progress, cancel) -> list[OutlineSection]:
            return generate_outline(spec, engine=engine, cancel=cancel)

        self._start_job("outline", work, self.tr("Writing the outline…"))

    def write_document(self) -> None:
        """Write every section not yet in the document, in order; after Stop, this continues it."""
        if self.jobs.busy or not self._check_model():
            return
        spec = self._longform_spec()
        outline = self.longform_panel.outline.sections()
        if spec is None:
            return
        if not outline:
            self.show_error(self.tr("The outline is empty. Make an outline, or add sections to it."))
            return
        carried = self._carried(spec, outline)
        if carried:
            self._begin_stream_at_end()
            self._remove_sections([s for s in outline if section_key(s.title, s.notes) not in carried])
        else:
            self._start_new_document(OpenDraft("longform"))
            self._replace_all(f"# {spec.topic}\n")
            self._begin_stream_at_end()
        self.draft.template = "longform"
        self.draft.fields = {**self._longform_values(), "outline": format_outline(outline)}
        self.longform.spec = spec
        self._states = [self.tr("written") if section_key(s.title, s.notes) in carried else "" for s in outline]
        self.longform_panel.outline.set_states(self._states)

        def work(engine, on_text, on_progress, cancel) -> tuple[LongformWriter, LongformResult]:
            writer = make_writer(engine, spec, outline, carried)
            result = writer.write_all(
                on_section_start=lambda k, n, title: on_progress(("section", k, n, title)),
                on_section_done=lambda k, n, _text: on_progress(("section_done", k, n)),
                on_text=on_text, cancel=cancel,
            )
            return writer, result

        self._start_job("write", work, self.tr("Writing the document…"))

    def regenerate_section(self) -> None:
        """Write the section selected in the outline again, in place in the document."""
        if self.jobs.busy or not self._check_model():
            return
        index = self.longform_panel.outline.selected_index()
        if index is None:
            self.show_error(self.tr("Select the section to write again in the outline."))
            return
        spec = self._longform_spec()
        outline = self.longform_panel.outline.sections()
        if spec is None:
            return
        carried = self._carried(spec, outline)
        if not carried:
            self.show_error(self.tr("Write the document first; then a single section can be written again."))
            return
        title = outline[index].title
        text = self.editor.toPlainText()
        span = find_section(text, title)
        cursor = QTextCursor(self.editor.document())
        self.stream = _Stream(cursor)
        if span is None:  # not in the document (yet): add it at the end
            cursor.movePosition(QTextCursor.MoveOperation.End)
            self._stream_insert(("\n" if text.endswith("\n") else "\n\n") + f"## {title}\n\n")
        else:
            cursor.setPosition(utf16_offset(text, span.body_start))
            cursor.setPosition(utf16_offset(text, span.body_end), QTextCursor.MoveMode.KeepAnchor)
            self._stream_remove_selection()
        self._states = self.longform_panel.outline.states()
        self.longform.spec = spec

        def work(engine, on_text, on_progress, cancel) -> tuple[LongformWriter, int]:
            writer = make_writer(engine, spec, outline, carried)
            on_progress(("section", index + 1, len(outline), title))
            writer.write_section(index, on_text=on_text, cancel=cancel)
            return writer, index

        self._start_job("section", work, self.tr("Writing the section again…"))

    def _carried(self, spec: LongformSpec, outline: list[OutlineSection]) -> dict:
        """Sections of the open long-form document that a new run keeps ({} when there is none)."""
        if self.longform.draft_id is None or (self.longform.spec is not None and self.longform.spec != spec):
            return {}
        if not self._show_longform_draft():
            return {}
        return carried_from_document(self.editor.toPlainText(), outline, self.longform.writer)

    def _remove_sections(self, sections: list[OutlineSection]) -> None:
        """Take sections that will be written again out of the document (part of the stream's undo step)."""
        text = self.editor.toPlainText()
        spans = sorted((span for s in sections if (span := find_section(text, s.title)) is not None),
                       key=lambda span: span.heading_start, reverse=True)
        assert self.stream is not None
        for span in spans:
            cursor = self.stream.cursor
            cursor.setPosition(utf16_offset(text, span.heading_start))
            cursor.setPosition(utf16_offset(text, span.body_end), QTextCursor.MoveMode.KeepAnchor)
            self._stream_remove_selection()
        self.stream.cursor.movePosition(QTextCursor.MoveOperation.End)

    def _show_longform_draft(self) -> bool:
        """Make sure the long-form document is the open draft; False when it is gone."""
        if self.longform.draft_id is None:
            return False
        if self.draft.conversation_id == self.longform.draft_id:
            return True
        return self.open_draft(self.longform.draft_id)

    # -- selection tools -------------------------------------------------------------

    def run_tool(self, action: str, *, target_language: str | None = None, tone: str | None = None) -> None:
        """Run a writing tool on the selection and show the suggestion beside it."""
        if self.jobs.busy:
            return
        cursor = self.editor.textCursor()
        original = cursor.selection().toPlainText()
        if not cursor.hasSelection() or not original.strip():
            self.show_error(self.tr("Select the text to work on first."))
            return
        if not self._check_model():
            return
        glossary: tuple[GlossaryTerm, ...] = ()
        if action == "translate":
            try:
                glossary = tuple(GlossaryTerm(t.source, t.target, t.source_lang, t.target_lang)
                                 for t in GlossaryRepository(self.store).list())
            except InkstoneError as exc:
                self.show_error(str(exc))
                return
        titles = {"rewrite": self.tr("Rewrite"), "proofread": self.tr("Proofread"), "shorten": self.tr("Shorten"),
                  "expand": self.tr("Expand"), "translate": self.tr("Translate"),
                  "change-tone": self.tr("Change tone")}
        dialog = SuggestionDialog(titles.get(action, action), original, self)
        self.pending = _PendingSuggestion(dialog, cursor.selectionStart(), cursor.selectionEnd(), original)
        dialog.stopRequested.connect(self.stop)
        dialog.accepted.connect(self._apply_suggestion)
        dialog.rejected.connect(self._reject_suggestion)
        self.clear_error()

        def work(engine, on_text, on_progress, cancel) -> Suggestion:
            return suggest(action, original, engine=engine, target_language=target_language, tone=tone,
                           glossary=glossary, on_text=on_text, cancel=cancel)

        self._start_job("suggest", work, self.tr("Writing a suggestion…"))
        dialog.open()

    def _apply_suggestion(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None or pending.result is None:
            return
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(pending.start)
        cursor.setPosition(pending.end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selection().toPlainText() != pending.original:
            self.show_error(self.tr("The text changed meanwhile; the suggestion was not applied."))
            return
        cursor.beginEditBlock()
        cursor.insertText(pending.result.text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        self.suggestionApplied.emit(pending.result.text)

    def _reject_suggestion(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None and pending.dialog.running:
            self.jobs.stop()
        self.editor.setFocus()

    def _popup_at_cursor(self, menu: QMenu) -> None:
        if self.jobs.busy:
            return
        rect = self.editor.cursorRect()
        menu.popup(self.editor.viewport().mapToGlobal(rect.bottomLeft()))

    def _show_editor_menu(self, position: QPoint) -> None:
        menu = self.editor.createStandardContextMenu(position)
        menu.addSeparator()
        for action in self.tool_actions:
            menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.editor.viewport().mapToGlobal(position))

    # -- export ----------------------------------------------------------------------

    def export(self) -> None:
        if self.jobs.busy:
            return
        text = self.editor.toPlainText()
        if not text.strip():
            self.show_error(self.tr("The draft is empty: there is nothing to export."))
            return
        name = re.sub(r'[\\/:*?"<>|]+', " ", draft_title(text, self.draft.fields)).strip() or "draft"
        filters = ";;".join(self.tr(f) for f in _EXPORT_FILTERS.values())
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export the draft"),
                                                   str(self.export_dir / f"{name}.md"), filters)
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in (".md", ".markdown", ".html", ".htm", ".pdf", ".docx"):
            suffix = next((s for s, f in _EXPORT_FILTERS.items() if self.tr(f) == chosen), ".md")
            path = path.with_name(path.name + suffix)
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
        if self.stream is not None:
            return False  # saved when the generation ends
        return self._save(stopped=False)

    def _save(self, stopped: bool) -> bool:
        created = self.draft.conversation_id is None
        try:
            saved = save_open_draft(self.store, self.draft, self.editor.toPlainText(), stopped=stopped,
                                    model=self.model.name if self.model else None)
        except InkstoneError as exc:
            self.show_error(self.tr("The draft could not be saved: {0}").format(exc))
            return False
        if saved:
            if created and self.draft.template == "longform":
                self.longform.draft_id = self.draft.conversation_id
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
            item = QListWidgetItem(conversation.title)
            item.setData(ID_ROLE, conversation.id)
            item.setToolTip(conversation.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            self.drafts.addItem(item)
            if conversation.id == self.draft.conversation_id:
                self.drafts.setCurrentItem(item)

    def open_draft(self, conversation_id: int) -> bool:
        if self.jobs.busy:
            self.show_error(self.tr("Stop the generation before opening another draft."))
            return False
        self.save_now()
        try:
            draft, text = load_draft(self.store, conversation_id, _KNOWN_KEYS)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return False
        self._set_document(text, draft)
        if draft.template == "longform":
            self.longform_panel.form.set_values({k: v for k, v in draft.fields.items() if k != "outline"})
            if "outline" in draft.fields and self.longform.draft_id != conversation_id:
                self.longform_panel.outline.set_sections(parse_outline(draft.fields["outline"]))
                self.longform = _Longform(draft_id=conversation_id)
        elif self.template_form.set_template(draft.template):
            self.template_form.set_values(draft.fields)
        self.refresh_drafts()
        self.clear_error()
        return True

    def delete_current_draft(self) -> None:
        item = self.drafts.currentItem()
        if item is None or self.jobs.busy:
            return
        conversation_id = int(item.data(ID_ROLE))
        try:
            self.store.delete_conversation(conversation_id)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        if self.draft.conversation_id == conversation_id:
            self.autosave_timer.stop()
            self._set_document("", OpenDraft())
        if self.longform.draft_id == conversation_id:
            self.longform.draft_id = None
        self.refresh_drafts()

    def _on_draft_item(self, item: QListWidgetItem) -> None:
        conversation_id = int(item.data(ID_ROLE))
        if conversation_id != self.draft.conversation_id:
            self.open_draft(conversation_id)

    # -- editor and preview ---------------------------------------------------------

    def refresh_preview(self) -> None:
        bar = self.preview.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        ratio = bar.value() / bar.maximum() if bar.maximum() else 0.0
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.preview.setHtml(render_markdown(self.editor.toPlainText(), dark=dark))
        bar.setValue(bar.maximum() if at_bottom and self.stream is not None else int(ratio * bar.maximum()))

    def _on_editor_changed(self) -> None:
        if not self.preview_timer.isActive():
            self.preview_timer.start()  # throttled: at most one render per interval
        if not self._loading and self.stream is None:
            self.autosave_timer.start()  # debounced: restarts on every change

    def _set_document(self, text: str, draft: OpenDraft) -> None:
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self.draft = draft
        self.preview_timer.stop()
        self.refresh_preview()

    def _start_new_document(self, draft: OpenDraft) -> None:
        """Generation goes into a new draft, unless the open one is still empty."""
        self.save_now()
        if self.editor.toPlainText().strip():
            self._set_document("", draft)
        else:
            draft.conversation_id, draft.message_id = self.draft.conversation_id, self.draft.message_id
            self._set_document("", draft)
        self.drafts.clearSelection()

    def _replace_all(self, text: str) -> None:
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False

    def _begin_stream_at_end(self) -> None:
        cursor = QTextCursor(self.editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.stream = _Stream(cursor)

    def _stream_insert(self, text: str) -> None:
        stream = self.stream
        if stream is None or not text:
            return
        bar = self.editor.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4 and stream.cursor.atEnd()
        if stream.joined:
            stream.cursor.joinPreviousEditBlock()
        else:
            stream.cursor.beginEditBlock()
            stream.joined = True
        stream.cursor.insertText(text)
        stream.cursor.endEditBlock()
        stream.pieces.append(text)
        if follow:
            bar.setValue(bar.maximum())

    def _stream_remove_selection(self) -> None:
        stream = self.stream
        assert stream is not None
        if stream.joined:
            stream.cursor.joinPreviousEditBlock()
        else:
            stream.cursor.beginEditBlock()
            stream.joined = True
        stream.cursor.removeSelectedText()
        stream.cursor.endEditBlock()

    # -- jobs ------------------------------------------------------------------------

    def _check_model(self) -> bool:
        if self.model is None:
            self.show_error(self.tr("No model is loaded yet. Wait for it to load, or choose one with File › Open Model…"))
            return False
        return True

    def _start_job(self, kind: str, work, label: str) -> None:
        self.clear_error()
        self.autosave_timer.stop()
        if kind != "suggest":
            self.editor.setReadOnly(True)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.progress_label.setText(self.tr("Waiting for the model…"))
        self._running_label = label
        self.jobs.start(kind, work)

    def _on_started(self) -> None:
        self.progress_label.setText(self._running_label)
        if self.pending is not None:
            self.pending.dialog.set_started()

    def _on_text(self, text: str) -> None:
        kind = self.jobs.kind
        if kind == "suggest":
            if self.pending is not None:
                self.pending.dialog.append_text(text)
        elif kind in ("draft", "write", "section"):
            self._stream_insert(text)

    def _on_progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        if value[0] == "section":
            _, k, n, title = value
            self.progress_bar.setRange(0, n)
            self.progress_bar.setValue(k - 1)
            self.progress_label.setText(self.tr("Section {0} of {1}: {2}").format(k, n, title))
            if self.jobs.kind == "write":
                text = self.editor.toPlainText()
                gap = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
                self._stream_insert(f"{gap}## {title}\n\n")
            self._set_state(k - 1, self.tr("writing…"))
        elif value[0] == "section_done":
            _, k, n = value
            self.progress_bar.setValue(k)
            self._set_state(k - 1, self.tr("written"))

    def _set_state(self, index: int, state: str) -> None:
        if 0 <= index < len(self._states):
            self._states[index] = state
            self.longform_panel.outline.set_states(self._states)

    def _end_job(self) -> None:
        self.stream = None
        self.editor.setReadOnly(False)

    def _on_finished(self, result: object) -> None:
        kind = self.jobs.kind
        self.progress_bar.hide()
        if kind == "suggest":
            self._end_job()
            pending = self.pending
            if pending is not None and isinstance(result, Suggestion):
                pending.result = result
                pending.dialog.finish(result.text, result.stopped)
                self.progress_label.setText(self.tr("Suggestion ready."))
            else:
                self.progress_label.clear()
            self.suggestionReady.emit(result)
            return
        if kind == "outline":
            self._end_job()
            sections: list[OutlineSection] = result  # type: ignore[assignment]
            self.longform_panel.outline.set_sections(sections)
            self.longform.writer = None
            self.progress_label.setText(self.tr("Outline ready: {0} sections. Edit it, then Write document.")
                                        .format(len(sections)))
            self.longform_panel.outline.table.setFocus()
            self.outlineReady.emit(sections)
            return
        if kind == "draft":
            draft: DraftResult = result  # type: ignore[assignment]
            streamed = "".join(self.stream.pieces) if self.stream else ""
            self._end_job()
            if streamed != draft.text:
                self._replace_all(draft.text)
            self._save(stopped=draft.stopped)
            self.progress_label.setText(self.tr("Stopped; the draft so far is kept.") if draft.stopped
                                        else self.tr("Draft written: {0} tokens in {1:.1f} s.")
                                        .format(draft.generated_tokens, draft.seconds))
            self.draftFinished.emit(draft)
            return
        if kind == "write":
            writer, outcome = result  # type: ignore[misc]
            self._end_job()
            self.longform.writer = writer
            self.longform_panel.show_states(writer)
            self._save(stopped=outcome.stopped)
            self.longform.draft_id = self.draft.conversation_id
            if outcome.stopped:
                self.progress_label.setText(self.tr("Stopped after {0} of {1} sections; Write document continues.")
                                            .format(outcome.sections_done, outcome.sections_total))
            else:
                self.progress_label.setText(self.tr("Document written: {0} sections.").format(outcome.sections_total))
            self.documentFinished.emit(outcome)
            return
        if kind == "section":
            writer, index = result  # type: ignore[misc]
            self._end_job()
            self.longform.writer = writer
            self.longform_panel.show_states(writer)
            self._save(stopped=False)
            self.progress_label.setText(self.tr("Section {0} written again.").format(index + 1))
            self.sectionFinished.emit(index)

    def _on_failed(self, message: str) -> None:
        kind = self.jobs.kind
        self._end_job()
        self.progress_bar.hide()
        self.progress_label.clear()
        if kind == "suggest" and self.pending is not None:
            self.pending.dialog.fail(message)
        else:
            self.show_error(message)
        self.jobFailed.emit(message)

    def _update_enabled(self, *_args: object) -> None:
        busy = self.jobs.busy
        self.generate_button.setEnabled(not busy)
        self.generate_action.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.stop_action.setEnabled(busy)
        self.new_action.setEnabled(not busy)
        self.new_button.setEnabled(not busy)
        self.export_action.setEnabled(not busy)
        self.drafts.setEnabled(not busy)
        self.longform_panel.set_busy(busy)
        self._update_tools()
        self.busyChanged.emit(busy)

    def _update_tools(self) -> None:
        usable = not self.jobs.busy and self.editor.textCursor().hasSelection()
        for action in self.tool_actions:
            action.setEnabled(usable)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        """Switching to another workspace saves a pending edit at once."""
        if self.autosave_timer.isActive():
            self.save_now()
        super().hideEvent(event)

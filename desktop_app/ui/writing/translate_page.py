"""The Translate workspace: source and translation side by side, the translation streaming in.

All model work (language detection, segmentation, generation) runs as one job on the
engine thread; this page only shows what comes back and keeps the history. The text of a
run is collected from the job's signals, never read back out of the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine import ModelInfo
from desktop_app.core.errors import InkstoneError
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.history import TranslationHistory, translate_into_history
from desktop_app.core.writing.languages import Language
from desktop_app.core.writing.translate_prompts import TranslationOptions
from desktop_app.core.writing.translator import TranslationResult
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.file_drop import FileDrop
from desktop_app.ui.job_client import JobClient
from desktop_app.ui.undo_delete import DeferredDeletes
from desktop_app.ui.writing.encoding_choice import read_text_file_asking
from desktop_app.ui.writing.glossary_dialog import GlossaryDialog
from desktop_app.ui.writing.language_combo import AUTO, LanguageCombo
from desktop_app.ui.writing.page_shortcuts import PageShortcuts
from desktop_app.ui.error_banner import ErrorBanner

ID_ROLE = Qt.ItemDataRole.UserRole
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".html", ".htm")  # their text comes out through Documents' extraction
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".rst", ".csv", ".srt", ".json", ".xml") + DOCUMENT_SUFFIXES


@dataclass
class _Run:
    source_text: str
    pieces: list[str] = field(default_factory=list)


class TranslatePage(QWidget):
    translationFinished = Signal(object)  # TranslationResult, after it was stored
    translationFailed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, store: Store, job_runner: EngineRunner, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("translatePage")
        self.store = store
        self.settings = settings
        self.model: ModelInfo | None = None
        self.jobs = JobClient(job_runner, self)
        self.run: _Run | None = None
        self.detected: Language | None = None
        self.current_history_id: int | None = None
        self.last_result: TranslationResult | None = None

        self.deletes = DeferredDeletes(self)
        self._build_widgets()
        self._build_actions()
        self._build_layout()

        self.jobs.started.connect(self._on_started)
        self.jobs.text.connect(self._on_text)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.busyChanged.connect(self._update_buttons)
        self.drop = FileDrop([self, self.source_edit], TEXT_SUFFIXES, lambda files: self.load_file(files[0]))
        self.refresh_history()
        self._update_buttons()

    # -- building ------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.history = QListWidget()
        self.history.setObjectName("translationHistory")
        self.history.setAccessibleName(self.tr("Past translations"))
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history.itemActivated.connect(self._on_history_item)
        self.history.itemClicked.connect(self._on_history_item)

        self.source_lang = LanguageCombo((self.tr("Detect automatically"), AUTO))
        self.source_lang.setObjectName("sourceLanguage")
        self.source_lang.setAccessibleName(self.tr("Source language"))
        self.source_lang.currentIndexChanged.connect(lambda _i: self.detected_label.clear())
        self.detected_label = QLabel()
        self.detected_label.setObjectName("detectedLanguage")
        self.target_lang = LanguageCombo()
        self.target_lang.setObjectName("targetLanguage")
        self.target_lang.setAccessibleName(self.tr("Target language"))
        self.target_lang.set_code("en")

        self.source_edit = QPlainTextEdit()
        self.source_edit.setObjectName("sourceText")
        self.source_edit.setAccessibleName(self.tr("Text to translate"))
        self.source_edit.setPlaceholderText(self.tr("Type or paste the text to translate, or open a file (Ctrl+O)."))
        self.source_edit.textChanged.connect(self._on_source_changed)
        self.translation_view = QPlainTextEdit()
        self.translation_view.setObjectName("translationText")
        self.translation_view.setAccessibleName(self.tr("Translation"))
        self.translation_view.setReadOnly(True)
        self.translation_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.translation_view.setPlaceholderText(self.tr("The translation appears here."))

        self.tone = QComboBox()
        self.tone.setObjectName("toneChoice")
        self.tone.setAccessibleName(self.tr("Tone"))
        self.tone.addItem(self.tr("Neutral tone"), "neutral")
        self.tone.addItem(self.tr("Formal"), "formal")
        self.tone.addItem(self.tr("Informal"), "informal")
        self.keep_formatting = QCheckBox(self.tr("&Keep formatting"))
        self.keep_formatting.setObjectName("keepFormatting")
        self.keep_formatting.setToolTip(self.tr("Markdown, code and numbers pass through unchanged"))
        self.keep_formatting.setChecked(True)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("translateProgress")
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("translateProgressLabel")

        self.banner = ErrorBanner("translateMessage")

    def _button(self, action: QAction, name: str) -> QPushButton:
        button = QPushButton(action.text())
        button.setObjectName(name)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        return button

    def _action(self, text: str, tip: str, slot, *keys: QKeySequence | str) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            tip = self.tr("{0} ({1})").format(tip, QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText))
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.translate_action = self._action(self.tr("&Translate"), self.tr("Translate the text"),
                                             self.translate, "Ctrl+Return", "Ctrl+Enter")
        self.stop_action = self._action(self.tr("Stop"), self.tr("Stop; what is translated stays"), self.stop,
                                        QKeySequence(Qt.Key.Key_Escape))
        self.swap_action = self._action(self.tr("⇄ S&wap"), self.tr("Swap the languages"), self.swap_languages,
                                        "Ctrl+Shift+S")
        self.copy_action = self._action(self.tr("&Copy result"), self.tr("Copy the translation"), self.copy_result,
                                        "Ctrl+Shift+C")
        self.clear_action = self._action(self.tr("C&lear"), self.tr("Clear both sides"), self.clear)
        self.glossary_action = self._action(self.tr("&Glossary…"), self.tr("Terms used in every translation"),
                                            self.open_glossary, "Ctrl+Shift+G")
        self.open_action = QAction(self.tr("&Open file…"), self)
        self.open_action.setToolTip(self.tr("Open a text file to translate (Ctrl+O)"))
        self.open_action.triggered.connect(self.open_file)
        self.delete_history_action = QAction(self.tr("Delete from history"), self)
        self.delete_history_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_history_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_history_action.triggered.connect(self.delete_current_history)
        self.history.addAction(self.delete_history_action)
        self.history.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # Ctrl+O is also the window's "Open Model…": inside this page it opens a text file.
        self.shortcuts = PageShortcuts(self)
        self.shortcuts.add(self.open_action, QKeySequence(QKeySequence.StandardKey.Open))

    def _build_layout(self) -> None:
        self.translate_button = self._button(self.translate_action, "translateButton")
        self.translate_button.setDefault(True)
        self.stop_button = self._button(self.stop_action, "translateStopButton")
        self.swap_button = self._button(self.swap_action, "swapButton")
        self.copy_button = self._button(self.copy_action, "copyResultButton")
        self.clear_button = self._button(self.clear_action, "clearButton")
        self.glossary_button = self._button(self.glossary_action, "glossaryButton")
        self.open_button = self._button(self.open_action, "openFileButton")

        source_head = QHBoxLayout()
        source_head.addWidget(QLabel(self.tr("&From:"), buddy=self.source_lang))
        source_head.addWidget(self.source_lang)
        source_head.addWidget(self.detected_label)
        source_head.addStretch(1)
        source_head.addWidget(self.open_button)
        source_side = QWidget()
        source_layout = QVBoxLayout(source_side)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.addLayout(source_head)
        source_layout.addWidget(self.source_edit, 1)

        target_head = QHBoxLayout()
        target_head.addWidget(self.swap_button)
        target_head.addWidget(QLabel(self.tr("T&o:"), buddy=self.target_lang))
        target_head.addWidget(self.target_lang)
        target_head.addStretch(1)
        target_head.addWidget(self.copy_button)
        target_side = QWidget()
        target_layout = QVBoxLayout(target_side)
        target_layout.setContentsMargins(0, 0, 0, 0)
        target_layout.addLayout(target_head)
        target_layout.addWidget(self.translation_view, 1)

        editors = QSplitter()
        editors.addWidget(source_side)
        editors.addWidget(target_side)
        editors.setChildrenCollapsible(False)

        options = QHBoxLayout()
        options.addWidget(self.tone)
        options.addWidget(self.keep_formatting)
        options.addWidget(self.glossary_button)
        options.addSpacing(12)
        options.addWidget(self.progress_bar)
        options.addWidget(self.progress_label, 1)
        options.addWidget(self.clear_button)
        options.addWidget(self.stop_button)
        options.addWidget(self.translate_button)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(editors, 1)
        main_layout.addWidget(self.banner)
        main_layout.addLayout(options)

        history_side = QWidget()
        history_layout = QVBoxLayout(history_side)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(QLabel(self.tr("&History"), buddy=self.history))
        history_layout.addWidget(self.history, 1)

        splitter = QSplitter()
        splitter.addWidget(history_side)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 900])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.setTabOrder(self.source_edit, self.translation_view)

    # -- public --------------------------------------------------------------------

    def set_model(self, info: ModelInfo | None) -> None:
        """Called by the main window when a model is loaded (None: no model)."""
        self.model = info
        self._update_buttons()

    def cancel_event(self):
        return self.jobs.cancel_event()

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)

    def clear_error(self) -> None:
        self.banner.dismiss()

    def translate(self) -> None:
        """Start translating the source text; everything slow happens on the engine thread."""
        if self.jobs.busy:
            return
        text = self.source_edit.toPlainText()
        if not text.strip():
            self.show_error(self.tr("There is no text to translate. Type or paste some, or open a file."))
            self.source_edit.setFocus()
            return
        if self.model is None:
            self.show_error(self.tr("No model is loaded yet. Wait for it to load, or choose one with File › Open Model…"))
            return
        try:
            glossary = [GlossaryTerm(t.source, t.target, t.source_lang, t.target_lang)
                        for t in GlossaryRepository(self.store).list()]
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        source = self.source_lang.current_code()
        target = self.target_lang.current_code()
        options = TranslationOptions(tone=self.tone.currentData(), keep_formatting=self.keep_formatting.isChecked())

        store = self.store

        def work(engine, on_text, on_progress, cancel) -> TranslationResult:
            def languages(source_lang: Language, _target: Language, detected: bool) -> None:
                if detected:
                    on_progress(("detected", source_lang))

            return translate_into_history(store, text, source, target, engine=engine, options=options,
                                          glossary=glossary, on_text=on_text, on_languages=languages, cancel=cancel,
                                          on_segment_start=lambda k, n: on_progress(("segment", k, n)))

        self.clear_error()
        self.run = _Run(text)
        self.translation_view.clear()
        self.current_history_id = None
        self.history.clearSelection()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.progress_label.setText(self.tr("Waiting for the model…"))
        self.jobs.start(work)

    def stop(self) -> None:
        """Stop after the current token; the text translated so far is kept and stored."""
        self.jobs.stop()

    def swap_languages(self) -> None:
        if self.jobs.busy:
            return
        source = self.source_lang.current_code()
        if source == AUTO:
            if self.detected is None:
                self.show_error(self.tr("Choose the source language first (or translate once so it is detected)."))
                return
            source = self.detected.code
        target = self.target_lang.current_code()
        self.source_lang.set_code(target)
        self.target_lang.set_code(source)
        result = self.translation_view.toPlainText()
        if result.strip():
            self.source_edit.setPlainText(result)
            self.translation_view.clear()
            self.current_history_id = None
        self.clear_error()

    def copy_result(self) -> None:
        text = self.translation_view.toPlainText()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.progress_label.setText(self.tr("Translation copied."))

    def clear(self) -> None:
        if self.jobs.busy:
            return
        self.source_edit.clear()
        self.translation_view.clear()
        self.detected_label.clear()
        self.detected = None
        self.progress_bar.hide()
        self.progress_label.clear()
        self.current_history_id = None
        self.history.clearSelection()
        self.clear_error()
        self.source_edit.setFocus()

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a text file to translate"), str(Path.home()),
            self.tr("Text and documents (*.txt *.md *.markdown *.text *.rst *.csv *.docx *.pdf *.html *.htm);;"
                    "All files (*)"),
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Put a file's text in the source editor (a DOCX, PDF or HTML file's text as Documents reads it);
        a binary or unreadable file gives a message."""
        if self.jobs.busy:
            self.show_error(self.tr("Stop the translation before opening another file."))
            return False
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            from desktop_app.core.documents.extract import ExtractionError, extract

            try:
                text = extract(path).text
            except ExtractionError as exc:
                self.show_error(self.tr("{0} cannot be read: {1}.").format(path.name, str(exc).rstrip(".")))
                return False
            if not text.strip():
                self.show_error(self.tr("{0} has no text to translate.").format(path.name))
                return False
        else:
            try:
                text = read_text_file_asking(self, path)
            except InkstoneError as exc:
                self.show_error(str(exc))
                return False
        if text is None:  # asked for the encoding, and cancelled
            return False
        self.source_edit.setPlainText(text)
        self.translation_view.clear()
        self.current_history_id = None
        self.clear_error()
        self.progress_label.setText(self.tr("Opened {0}.").format(path.name))
        return True

    def open_glossary(self) -> None:
        dialog = GlossaryDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- history -------------------------------------------------------------------

    def refresh_history(self) -> None:
        try:
            conversations = self.store.list_conversations("translation")
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self.history.clear()
        for conversation in conversations:
            if conversation.id in self.deletes.pending:
                continue
            item = QListWidgetItem(conversation.title)
            item.setData(ID_ROLE, conversation.id)
            item.setToolTip(conversation.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            self.history.addItem(item)
            if conversation.id == self.current_history_id:
                self.history.setCurrentItem(item)

    def open_history(self, conversation_id: int) -> bool:
        """Show a stored translation: both texts and its languages."""
        if self.jobs.busy:
            self.show_error(self.tr("Stop the translation before opening another one."))
            return False
        try:
            saved = TranslationHistory(self.store).load(conversation_id)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return False
        if saved is None:
            self.show_error(self.tr("This translation has no text."))
            return False
        self.source_edit.setPlainText(saved.source_text)
        self.translation_view.setPlainText(saved.translation)
        self.source_lang.set_code(saved.source)
        self.target_lang.set_code(saved.target)
        self.current_history_id = conversation_id
        self.progress_bar.hide()
        self.progress_label.clear()
        self.clear_error()
        return True

    def delete_current_history(self) -> None:
        """The translation leaves the history at once; Undo brings it back for a few seconds."""
        item = self.history.currentItem()
        if item is None or self.jobs.busy:
            return
        conversation_id = int(item.data(ID_ROLE))
        if self.current_history_id == conversation_id:
            self.current_history_id = None

        def commit() -> None:
            try:
                self.store.delete_conversation(conversation_id)
            except InkstoneError as exc:
                self.show_error(str(exc))

        self.deletes.delete(conversation_id, self.tr("Translation deleted."), commit=commit,
                            shown_again=self.refresh_history, hidden=self.refresh_history)

    def _on_history_item(self, item: QListWidgetItem) -> None:
        conversation_id = int(item.data(ID_ROLE))
        if conversation_id != self.current_history_id:
            self.open_history(conversation_id)

    # -- job signals ---------------------------------------------------------------

    def _on_started(self) -> None:
        self.progress_label.setText(self.tr("Translating…"))

    def _on_text(self, text: str, _pieces: int = 1) -> None:
        if self.run is None:
            return
        self.run.pieces.append(text)
        bar = self.translation_view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.translation_view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        if at_bottom:
            bar.setValue(bar.maximum())

    def _on_progress(self, value: object) -> None:
        kind = value[0] if isinstance(value, tuple) else None
        if kind == "segment":
            _, k, n = value  # type: ignore[misc]
            self.progress_bar.setRange(0, n)
            self.progress_bar.setValue(k - 1)
            self.progress_label.setText(self.tr("Segment {0} of {1}").format(k, n))
        elif kind == "detected":
            self._show_detected(value[1])  # type: ignore[index]

    def _show_detected(self, language: Language) -> None:
        self.detected = language
        self.detected_label.setText(self.tr("Detected: {0}").format(self.source_lang.label_for(language)))

    def _on_finished(self, result: TranslationResult) -> None:
        run, self.run = self.run, None
        self.last_result = result
        if run is not None and "".join(run.pieces) != result.text:
            self.translation_view.setPlainText(result.text)  # the core promises equality; trust its result
        if result.source_detected:
            self._show_detected(result.source)
        total = max(result.segments_total, 1)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(result.segments_done if result.segments_total else total)
        if result.stopped:
            self.progress_label.setText(self.tr("Stopped · segments translated: {0} of {1}").format(
                result.segments_done, result.segments_total))
        else:
            self.progress_label.setText(self.tr("Done · segments: {0} · {1:.1f} s").format(
                result.segments_total, result.seconds))
        self.current_history_id = result.conversation_id  # stored while it streamed, by the job
        self.refresh_history()
        self.translationFinished.emit(result)

    def _on_failed(self, message: str) -> None:
        self.run = None
        self.progress_bar.hide()
        self.progress_label.clear()
        self.show_error(message)
        self.refresh_history()  # what was translated before the failure is in the history
        self.translationFailed.emit(message)

    def _on_source_changed(self) -> None:
        if not self.jobs.busy and self.source_lang.is_auto():
            self.detected_label.clear()
            self.detected = None

    def _update_buttons(self, *_args: object) -> None:
        busy = self.jobs.busy
        self.translate_action.setEnabled(not busy)
        self.stop_action.setEnabled(busy)
        for action in (self.swap_action, self.clear_action, self.open_action):
            action.setEnabled(not busy)
        self.source_edit.setReadOnly(busy)
        self.busyChanged.emit(busy)

"""Writing tools on the Draft editor's selection: rewrite, proofread, shorten, expand, translate,
change tone. The suggestion streams into a dialog beside the original; Accept replaces the
selection in one undoable edit, Reject (or Esc) leaves the text as it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QMenu

from desktop_app.core.errors import InkstoneError
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.core.writing.draft_templates import TONES
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.languages import LANGUAGES
from desktop_app.core.writing.selection_tools import Suggestion, suggest
from desktop_app.ui.writing.suggestion_dialog import SuggestionDialog

if TYPE_CHECKING:
    from desktop_app.ui.writing.draft_page import DraftPage


@dataclass
class PendingSuggestion:
    dialog: SuggestionDialog
    start: int  # document positions of the selection
    end: int
    original: str
    result: Suggestion | None = None


class WritingTools(QObject):
    suggestionReady = Signal(object)  # Suggestion, shown in the dialog
    suggestionApplied = Signal(str)

    def __init__(self, page: DraftPage) -> None:
        super().__init__(page)
        self.page = page
        self.pending: PendingSuggestion | None = None
        self.rewrite_action = self._action(self.tr("Rewrite"), self.tr("Rewrite the selection"), "rewrite",
                                           "Ctrl+Shift+R")
        self.proofread_action = self._action(self.tr("Proofread"), self.tr("Fix spelling and grammar in the selection"),
                                             "proofread", "Ctrl+Shift+P")
        self.shorten_action = self._action(self.tr("Shorten"), self.tr("Shorten the selection"), "shorten")
        self.expand_action = self._action(self.tr("Expand"), self.tr("Expand the selection"), "expand")
        self.translate_menu = QMenu(self.tr("Translate to"), page)
        for language in LANGUAGES:
            item = self.translate_menu.addAction(self.tr(language.english_name))
            item.triggered.connect(lambda _c=False, code=language.code: self.run("translate", target_language=code))
        self.tone_menu = QMenu(self.tr("Change tone"), page)
        for tone in TONES:
            item = self.tone_menu.addAction(self.tr(tone))
            item.triggered.connect(lambda _c=False, t=tone: self.run("change-tone", tone=t))
        self.translate_action = self._menu_action(self.tr("Translate to…"), self.tr("Translate the selection"),
                                                  self.translate_menu, "Ctrl+Shift+T")
        self.tone_action = self._menu_action(self.tr("Change tone…"), self.tr("Say the selection in another tone"),
                                             self.tone_menu)
        self.actions = [self.rewrite_action, self.proofread_action, self.shorten_action, self.expand_action,
                        self.translate_action, self.tone_action]
        page.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        page.editor.customContextMenuRequested.connect(self.show_context_menu)

    def _action(self, text: str, tip: str, tool: str, key: str | None = None) -> QAction:
        action = QAction(text, self.page)
        if key:
            action.setShortcut(QKeySequence(key))
            tip = self.tr("{0} ({1})").format(tip, key)
        action.setToolTip(tip)
        action.triggered.connect(lambda: self.run(tool))
        self.page.addAction(action)
        return action

    def _menu_action(self, text: str, tip: str, menu: QMenu, key: str | None = None) -> QAction:
        action = QAction(text, self.page)
        if key:
            action.setShortcut(QKeySequence(key))
            tip = self.tr("{0} ({1})").format(tip, key)
        action.setToolTip(tip)
        action.setMenu(menu)
        action.triggered.connect(lambda: self._popup_at_cursor(menu))
        self.page.addAction(action)
        return action

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)

    # -- running -------------------------------------------------------------------

    def run(self, tool: str, *, target_language: str | None = None, tone: str | None = None) -> None:
        """Run a tool on the editor's selection; the suggestion streams into a dialog."""
        page = self.page
        if page.busy:
            return
        cursor = page.editor.textCursor()
        original = cursor.selection().toPlainText()
        if not cursor.hasSelection() or not original.strip():
            page.show_error(self.tr("Select the text to work on first."))
            return
        if not page.check_model():
            return
        glossary: tuple[GlossaryTerm, ...] = ()
        if tool == "translate":
            try:
                glossary = tuple(GlossaryTerm(t.source, t.target, t.source_lang, t.target_lang)
                                 for t in GlossaryRepository(page.store).list())
            except InkstoneError as exc:
                page.show_error(str(exc))
                return
        titles = {"rewrite": self.tr("Rewrite"), "proofread": self.tr("Proofread"), "shorten": self.tr("Shorten"),
                  "expand": self.tr("Expand"), "translate": self.tr("Translate"), "change-tone": self.tr("Change tone")}
        dialog = SuggestionDialog(titles.get(tool, tool), original, page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pending = PendingSuggestion(dialog, cursor.selectionStart(), cursor.selectionEnd(), original)
        dialog.stopRequested.connect(page.stop)
        dialog.accepted.connect(self._apply)
        dialog.rejected.connect(self._reject)

        def work(engine, on_text, on_progress, cancel) -> Suggestion:
            return suggest(tool, original, engine=engine, target_language=target_language, tone=tone,
                           glossary=glossary, on_text=on_text, cancel=cancel)

        page.start_job(work, self.tr("Writing a suggestion…"), lock_editor=False, on_started=self.on_started,
                       on_text=lambda text, _pieces: self.on_text(text), on_finished=self.on_finished,
                       on_failed=self.on_failed)
        dialog.open()

    def on_started(self) -> None:
        if self.pending is not None:
            self.pending.dialog.set_started()

    def on_text(self, text: str) -> None:
        if self.pending is not None:
            self.pending.dialog.append_text(text)

    def on_finished(self, result: Suggestion) -> None:
        if self.pending is not None:
            self.pending.result = result
            self.pending.dialog.finish(result.text, result.stopped)
        self.suggestionReady.emit(result)

    def on_failed(self, message: str) -> None:
        if self.pending is not None:
            self.pending.dialog.fail(message)

    def _apply(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None or pending.result is None:
            return
        editor = self.page.editor
        cursor = QTextCursor(editor.document())
        cursor.setPosition(pending.start)
        cursor.setPosition(pending.end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selection().toPlainText() != pending.original:
            self.page.show_error(self.tr("The text changed meanwhile; the suggestion was not applied."))
            return
        cursor.beginEditBlock()
        cursor.insertText(pending.result.text)
        cursor.endEditBlock()
        editor.setTextCursor(cursor)
        editor.setFocus()
        self.suggestionApplied.emit(pending.result.text)

    def _reject(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None and pending.dialog.running:
            self.page.stop()
        self.page.editor.setFocus()

    # -- menus -----------------------------------------------------------------------

    def _popup_at_cursor(self, menu: QMenu) -> None:
        if not self.page.busy:
            editor = self.page.editor
            menu.popup(editor.viewport().mapToGlobal(editor.cursorRect().bottomLeft()))

    def show_context_menu(self, position: QPoint) -> None:
        """The editor's own menu (undo, cut, copy...) with the tools below it."""
        editor = self.page.editor
        menu = editor.createStandardContextMenu(position)
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(editor.viewport().mapToGlobal(position))

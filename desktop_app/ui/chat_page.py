"""The Chat workspace: conversations on the left, the conversation and the composer on the right."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.chat import ChatService, Turn, TurnResult
from desktop_app.core.chat.service import CONTINUABLE
from desktop_app.core.chat.tree import PathMessage
from desktop_app.core.engine import Engine
from desktop_app.core.engine import ModelInfo
from desktop_app.core.model_settings import settings_for
from desktop_app.core.errors import InkstoneError
from desktop_app.core.settings import Settings
from desktop_app.core.store import ConversationRecord, Store
from desktop_app.ui import geometry
from desktop_app.ui.chat_files import ChatFiles
from desktop_app.ui.composer_box import ComposerBox
from desktop_app.ui.chat_header import ChatHeader
from desktop_app.ui.chat_titler import ChatTitler
from desktop_app.ui.chat_documents import ChatDocumentsControl
from desktop_app.ui.context_meter import ContextMeter
from desktop_app.ui.conversation_list_model import ConversationListModel
from desktop_app.ui.conversation_sidebar import ConversationSidebar
from desktop_app.ui.chat_branch import details, placed_branch, view_message, view_messages
from desktop_app.ui.message_actions import CONTINUE, DELETE, EDIT, FORK, REGENERATE, MessageActions, MessageState
from desktop_app.ui.message_view import BRANCH_PREVIOUS, MessageView
from desktop_app.ui.toast import Toast
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.error_banner import ErrorBanner
from desktop_app.ui.job_client import JobClient
from desktop_app.ui.sidebar_collapse import SidebarCollapse
from desktop_app.ui.theme import READING_WIDTH
from desktop_app.ui.welcome import WelcomePanel

COPIED_MS = 1500  # how long "Copied" stays
RATE_INTERVAL_SECONDS = 0.25  # the live tok/s in the status bar changes at most this often

READING = "reading"  # progress of a turn: ("reading", tokens read, tokens to read)


@dataclass
class _ActiveTurn:
    turn: Turn
    started: float = field(default_factory=time.monotonic)
    text: list[str] = field(default_factory=list)
    tokens: int = 0
    first_token_at: float | None = None
    rate_shown_at: float = 0.0


class ChatPage(QWidget):
    rateChanged = Signal(str)  # live tokens per second, for the status bar
    busyChanged = Signal(bool)
    modelRequested = Signal(object)  # the model picker's choice: a Path, or None for the starter model

    def __init__(self, store: Store, chat: ChatService, runner: EngineRunner, settings: Settings) -> None:
        super().__init__()
        self.store = store
        self.chat = chat
        self.settings = settings
        self.model: ModelInfo | None = None
        self.model_path: Path | None = None
        self.current_id: int | None = None
        self._started_new = False  # the user asked for a new chat before the newest one was shown
        self.active: _ActiveTurn | None = None
        self.jobs = JobClient(runner, self)
        self.jobs.busyChanged.connect(self._mark_generating)
        self.titles = ChatTitler(store, runner, self)
        self.titles.titled.connect(lambda conversation_id, title: self.sidebar.rename(conversation_id, title))
        self.jobs.finished.connect(self._answer_finished)

        self.sidebar = ConversationSidebar(ConversationListModel(store))
        self.sidebar.newRequested.connect(self.new_chat)
        self.sidebar.selected.connect(self.show_conversation)
        self.sidebar.renameRequested.connect(self._rename)
        self.sidebar.deleteRequested.connect(self._delete)
        self.sidebar.pinRequested.connect(self._pin)
        self.sidebar.model.loadFailed.connect(self.show_error)

        self.header = ChatHeader(store, chat.presets, runner, settings)
        self.header.model_picker.modelRequested.connect(self.modelRequested)

        self.view = MessageView()
        self._shown: dict[int, PathMessage] = {}  # the branch on screen, first message first
        self._editing: int | None = None  # the question whose new version is in the composer
        self.actions = MessageActions(self.view)
        self.actions.triggered.connect(self._on_message_action)
        self.view.targetChanged.connect(self._retarget)
        self.view.actionRequested.connect(self._switch_branch)
        self.view.undoRequested.connect(self._undo)
        self.toast = Toast(self)
        self.actions.copied.connect(self._notify)
        self.view.codeCopied.connect(lambda: self._notify(self.tr("Code copied.")))
        self._undo_delete: Callable[[], None] | None = None
        self.banner = ErrorBanner("errorBanner")
        self.meter = ContextMeter()

        self.composer_box = ComposerBox()  # the message box, with Send and Stop inside it
        self.composer_box.submitted.connect(self.send)
        self.composer = self.composer_box.editor
        self.send_button = self.composer_box.send_button
        self.stop_button = self.composer_box.stop_button
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.composer_box.setMaximumWidth(READING_WIDTH)

        # Answers from documents (None when the service has no documents, as in some tests)
        self.documents = ChatDocumentsControl(chat.documents, self.view, self) if chat.documents else None
        composer_row = QHBoxLayout()
        composer_row.addStretch(1)
        composer_row.addWidget(self.composer_box, 100)
        composer_row.addStretch(1)
        self.files = ChatFiles(self.composer_box, [self, self.view, self.composer], runner,
                               lambda: self.model, self.show_error)
        self.composer_box.add_tool(self.files.button)
        if self.documents is not None:
            self.composer_box.add_tool(self.documents.button)
        self.welcome = WelcomePanel()  # an empty chat shows it instead of the messages
        self.welcome.promptChosen.connect(self._use_example)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.welcome, 1)
        right_layout.addWidget(self.meter)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self._build_edit_notice())
        right_layout.addLayout(composer_row)

        self.splitter = QSplitter()
        self.splitter.setObjectName("chatSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760])
        geometry.restore_splitter(self.splitter, "chat", settings)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.collapse = SidebarCollapse(self, self.sidebar)  # on a narrow window the list steps aside
        right_layout.insertWidget(0, self.collapse.bar)
        self.sidebar.selected.connect(lambda _id: self.collapse.put_away())

        self.refresh_list()
        self._update_buttons()
        self._update_welcome()

    def open_newest(self) -> None:
        """Show the most recent chat, unless the user has started something else meanwhile.

        The window calls this once it is on screen, so launching does not wait for its messages."""
        newest = self.sidebar.model.most_recent_id()
        if newest is not None and self.current_id is None and self.active is None and not self._started_new:
            self.show_conversation(newest)

    # -- public -----------------------------------------------------------------

    def set_model(self, info: ModelInfo | None, path: Path | None = None) -> None:
        """`path` keys the per-model generation settings; None means the starter model."""
        self.model = info
        self.model_path = path
        self.header.model_picker.set_model(info, starter=info is not None and path is None and not info.server)
        self._update_buttons()
        self.welcome.set_model(info, starter=path is None)
        self.files.model_changed()

    def save_layout(self, settings: Settings) -> None:
        if not self.collapse.collapsed:  # a hidden list would be saved as zero wide
            geometry.save_splitter(self.splitter, "chat", settings)

    def theme_changed(self) -> None:
        """Messages are HTML with the theme's colours in it: draw them again (unless an answer streams)."""
        self.actions.refresh_icons()
        self.header.theme_changed()
        self.view.forget_rendered()
        self.composer_box.refresh_icons()
        self.collapse.refresh_icons()
        self.files.refresh_icons()
        self.welcome.refresh_badge()
        if self.current_id is not None and self.active is None:
            self.show_conversation(self.current_id)

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)

    def clear_error(self) -> None:
        self.banner.dismiss()

    def new_chat(self) -> None:
        """A new chat is only stored once its first message is sent, so no empty chats pile up."""
        self._started_new = True
        self.current_id = None
        self.sidebar.clear_current()
        if self.documents is not None:
            self.documents.new_chat()
        self._end_edit()
        self._shown = {}
        self.view.clear_messages()
        self.meter.clear()
        self._update_welcome()
        self.header.chat_settings.show_conversation(None)
        self.composer.setFocus()

    def show_conversation(self, conversation_id: int) -> None:
        """Draw the conversation's branch on screen (finished messages come from the view's cache)."""
        self.header.chat_settings.show_conversation(self.store.get_conversation(conversation_id))
        self._draw_branch(conversation_id, self.chat.branch(conversation_id))
        self.sidebar.select(conversation_id)
        self._update_welcome()

    def open_message(self, conversation_id: int, message_id: int) -> bool:
        """A search result: the branch through the message, scrolled to it, outlined for a moment."""
        active = self.active
        if active is None or active.turn.conversation_id != conversation_id:  # a streaming branch stays
            try:
                self.chat.show_message(message_id)
            except InkstoneError as exc:
                self.show_error(str(exc))
                return False
        self._started_new = False
        self.show_conversation(conversation_id)
        return self.view.scroll_to_message(message_id)

    def _draw_branch(self, conversation_id: int, branch: list[PathMessage]) -> None:
        self.current_id = conversation_id
        active = self.active
        streaming = active is not None and active.turn.conversation_id == conversation_id
        answer_id = active.turn.assistant_message.id if streaming else None
        self._shown = {placed.id: placed for placed in branch}
        if self._editing is not None and self._editing not in self._shown:
            self._cancel_edit()  # the question being edited is not on screen any more
        if self.documents is not None:
            self.documents.show_conversation(conversation_id, [placed.record for placed in branch])
        self.view.set_messages(view_messages([placed for placed in branch if placed.id != answer_id]))
        if streaming:
            self._show_stream(active)
        else:
            self.meter.clear()

    def _show_stream(self, active: _ActiveTurn) -> None:
        answer = active.turn.assistant_message
        placed = self._shown.get(answer.id)
        self.view.begin_stream(answer.id, branch=placed_branch(placed) if placed else None, meta=details(answer))
        self.view.append_stream_text("".join(active.text))

    def refresh_list(self) -> None:
        """Reload the list's first page from the store (a model reset): for changes made elsewhere.

        Sending, finishing, renaming and deleting change one row instead (`_list_activity`).
        """
        self.sidebar.reload(self.current_id)

    def _list_activity(self, conversation_id: int, record: ConversationRecord | None = None) -> None:
        """The conversation's row moves to its new place (or appears); the current one stays selected."""
        record = record or self.store.get_conversation(conversation_id)
        if record is not None:
            self.sidebar.upsert(record)
        self.sidebar.select(self.current_id)

    def send(self, text: str) -> None:
        """Enter in the composer: a new question after the branch on screen, or the new version of the
        question being edited (beside the old one)."""
        if self.active is not None or not text.strip():
            return
        editing = self._editing
        if editing is not None:
            started = self._begin(lambda model: self.chat.start_edit(editing, text, model), redraw=True)
        else:
            started = self._begin(lambda model: self.chat.start_turn(self.current_id, text, model), redraw=False)
        if started:
            self._end_edit()
            self.composer.clear()
            self.composer_box.clear_attachments()

    def _begin(self, start: Callable[[str], Turn], *, redraw: bool) -> bool:
        """Store the turn (`start` is given the model's name), show it and run it on the engine thread."""
        if self.active is not None:
            self.show_error(self.tr("Wait for the answer to finish, or stop it first."))
            return False
        if self.model is None:
            self.show_error(self.tr("No model is loaded yet. Wait for it to load, or choose one with File › Open model…"))
            return False
        try:
            turn = start(self.model.name)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        if self.documents is not None:
            self.documents.attach(turn.conversation_id)
        self.active = _ActiveTurn(turn, text=[turn.assistant_message.content] if turn.continuing else [])
        if self.current_id is None:
            self.header.chat_settings.conversation_started(turn.conversation_id)  # settings chosen before it existed
        if redraw:
            self.show_conversation(turn.conversation_id)
        else:  # a new question: two messages at the end, nothing redrawn
            if self.current_id != turn.conversation_id:
                self.current_id = turn.conversation_id
                self._shown = {}
                self.view.clear_messages()
            for record in (turn.user_message, turn.assistant_message):
                self._shown[record.id] = PathMessage(record, 1, 1, None, None)
            self.view.append_message(*view_message(turn.user_message))
            self._show_stream(self.active)
        self._list_activity(turn.conversation_id, turn.conversation)
        self._update_welcome()
        params = settings_for(self.settings, self.model_path).to_generation_params()
        system_prompt = self.settings.system_prompt or None
        chat = self.chat

        def work(engine: Engine, on_text, on_progress, cancel: threading.Event) -> TurnResult:
            return chat.run_turn(turn, engine, params, on_text, cancel, system_prompt,
                                 on_prompt_progress=lambda done, total: on_progress((READING, done, total)))

        self.jobs.start(work, on_text=self._on_text, on_progress=self._on_progress,
                        on_finished=self._on_finished, on_failed=self._on_failed)
        self._update_buttons()
        return True

    def stop(self) -> None:
        """Set the flag the engine reads while it reads the prompt and on every token; the partial answer is kept."""
        self.jobs.stop()

    def cancel_event(self) -> threading.Event | None:
        return self.jobs.cancel_event()

    # -- the running turn ---------------------------------------------------------

    def _on_progress(self, value: object) -> None:
        if isinstance(value, tuple) and value and value[0] == READING and self.active is not None:
            if self.current_id == self.active.turn.conversation_id:
                self.meter.show_reading(value[1], value[2])

    def _on_text(self, text: str, pieces: int) -> None:
        active = self.active
        if active is None:
            return
        now = time.monotonic()
        if active.first_token_at is None:
            active.first_token_at = now
            if self.current_id == active.turn.conversation_id:
                self.meter.notice.clear()  # reading is over
        active.text.append(text)
        active.tokens += pieces
        if self.current_id == active.turn.conversation_id:
            self.view.append_stream_text(text)
        elapsed = now - active.first_token_at
        if elapsed > 0.2 and now - active.rate_shown_at >= RATE_INTERVAL_SECONDS:
            active.rate_shown_at = now
            self.rateChanged.emit(self.tr("{0:.1f} tok/s").format((active.tokens - 1) / elapsed))

    def _on_finished(self, result: object) -> None:
        assert isinstance(result, TurnResult)
        if self.active is None:
            return
        turn, self.active = self.active.turn, None
        conversation_id = turn.conversation_id
        if self.documents is not None and self.current_id == conversation_id:
            self.documents.add_citations(result.message.id, result.citations, turn.user_message.content)
        placed = self._shown.get(result.message.id)
        if placed is not None:
            self._shown[result.message.id] = replace(placed, record=result.message)  # its status: Continue?
        if self.current_id == conversation_id:
            self.view.end_stream(result.message.content)
            if result.context is not None:
                self.meter.show_use(result.context)
        stats = result.stats
        self.rateChanged.emit(
            self.tr("{0:.1f} tok/s · {1} tokens · first token {2:.2f} s").format(
                stats.tokens_per_second, stats.generated_tokens, stats.time_to_first_token
            )
        )
        self._list_activity(conversation_id)
        self._update_buttons()

    def _on_failed(self, message: str) -> None:
        if self.active is None:
            return
        conversation_id = self.active.turn.conversation_id
        text = "".join(self.active.text)
        self.active = None
        if self.current_id == conversation_id:
            self.view.end_stream(text)
            self.meter.notice.clear()
        self.show_error(message)
        self._list_activity(conversation_id)
        self._update_buttons()

    # -- sidebar --------------------------------------------------------------------

    def _rename(self, conversation_id: int, title: str) -> None:
        self.store.rename_conversation(conversation_id, title)
        self.sidebar.rename(conversation_id, title)

    def _mark_generating(self, busy: bool) -> None:
        """The sidebar's spinner follows the chat's job: on the conversation being answered, while it is."""
        for conversation_id in self.sidebar.model.generating():
            self.sidebar.set_generating(conversation_id, False)
        if busy and self.active is not None:
            self.sidebar.set_generating(self.active.turn.conversation_id, True)

    def _answer_finished(self, result: object) -> None:
        """After a chat's first answer the model gives it a title (a short job of its own)."""
        if isinstance(result, TurnResult) and self.settings.chat_titles:
            self.titles.title_after(result.message)

    def _pin(self, conversation_id: int, pinned: bool) -> None:
        record = self.store.set_pinned(conversation_id, pinned)
        if record is not None:
            self.sidebar.upsert(record)
            self.sidebar.select(self.current_id)

    def _delete(self, conversation_id: int) -> None:
        if self.active is not None and self.active.turn.conversation_id == conversation_id:
            self.show_error(self.tr("Stop the answer before deleting this conversation."))
            return
        self.store.delete_conversation(conversation_id)
        if self.current_id == conversation_id:
            self.new_chat()
        self.sidebar.remove(conversation_id)

    def _update_buttons(self) -> None:
        busy = self.active is not None
        self.send_button.setEnabled(not busy and self.model is not None)
        self.stop_button.setEnabled(busy)
        self.composer_box.set_busy(busy)
        self._retarget(self.view.target_key())
        self.busyChanged.emit(busy)

    # -- acting on one message ---------------------------------------------------------

    def _retarget(self, key: object) -> None:
        """The message under the mouse or chosen by keyboard changed: offer what fits it."""
        placed = self._shown.get(key) if isinstance(key, int) else None
        if placed is None:
            self.actions.show_for(None, None)
            return
        record = placed.record
        last = next(reversed(self._shown)) == key
        can_continue = record.role == "assistant" and record.status in CONTINUABLE and last
        self.actions.show_for(key, MessageState(record.role, can_continue, busy=self.active is not None))

    def _on_message_action(self, name: str, key: object) -> None:
        if not isinstance(key, int) or key not in self._shown:
            return
        if name == EDIT:
            self._edit(key)
        elif name == REGENERATE:
            self._begin(lambda model: self.chat.start_regenerate(key, model), redraw=True)
        elif name == CONTINUE:
            self._begin(lambda _model: self.chat.start_continue(key), redraw=True)
        elif name == DELETE:
            self._delete_message(key)
        elif name == FORK:
            self._fork(key)

    def _busy_here(self) -> bool:
        if self.active is not None and self.active.turn.conversation_id == self.current_id:
            self.show_error(self.tr("Wait for the answer to finish, or stop it first."))
            return True
        return False

    def _edit(self, key: int) -> None:
        """The question goes into the composer; sending it adds a new version beside the old one."""
        self._editing = key
        self.composer.setPlainText(self._shown[key].record.content)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.edit_notice.show()
        self.composer.setFocus()

    def _end_edit(self) -> None:
        if self._editing is not None:
            self._editing = None
            self.edit_notice.hide()

    def _cancel_edit(self) -> None:
        self._end_edit()
        self.composer.clear()

    def _build_edit_notice(self) -> QWidget:
        self.edit_notice = QWidget()
        self.edit_notice.setObjectName("editNotice")
        label = QLabel(self.tr("Editing your message: sending it adds a new version and keeps the old one."))
        label.setProperty("muted", True)
        label.setWordWrap(True)
        cancel = QPushButton(self.tr("Cancel Editing"))
        cancel.setObjectName("cancelEditButton")
        cancel.clicked.connect(self._cancel_edit)
        layout = QHBoxLayout(self.edit_notice)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        layout.addWidget(cancel)
        self.edit_notice.hide()
        return self.edit_notice

    def _switch_branch(self, action: str, key: object) -> None:
        """"‹" or "›": the other version of that message, followed by its newest branch; the message stays
        where it was on screen."""
        if not isinstance(key, int) or key not in self._shown or self.current_id is None or self._busy_here():
            return
        depth = list(self._shown).index(key)
        top = self.view.message_top(key)
        try:
            branch = self.chat.switch_branch(key, -1 if action == BRANCH_PREVIOUS else 1)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self._draw_branch(self.current_id, branch)
        if depth < len(branch) and top is not None:
            self.view.place_message(branch[depth].id, top)

    def _delete_message(self, key: int) -> None:
        """The message and what follows it on every branch go at once; Undo in the notice brings them back."""
        conversation_id = self.current_id
        if conversation_id is None or self._busy_here():
            return
        try:
            deleted = self.chat.delete_message(key)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self.show_conversation(conversation_id)

        def undo() -> None:
            self._undo_delete = None
            try:
                self.chat.restore(deleted)
            except InkstoneError as exc:
                self.show_error(str(exc))
                return
            if self.current_id == conversation_id and (self.active is None
                                                       or self.active.turn.conversation_id != conversation_id):
                self.show_conversation(conversation_id)

        self._undo_delete = undo
        count = len(deleted.messages)
        text = self.tr("Message deleted.") if count == 1 else self.tr("{0} messages deleted.").format(count)
        self.toast.show_message(text, self.tr("Undo"), undo, on_expire=self._forget_undo)

    def _forget_undo(self) -> None:
        self._undo_delete = None

    def _undo(self) -> None:
        """Edit › Undo (Ctrl+Z) with the conversation focused: the last message delete, while its notice shows."""
        if self._undo_delete is not None:
            undo = self._undo_delete
            self.toast.dismiss()
            undo()

    def _fork(self, key: int) -> None:
        """A new chat with a copy of the branch up to this message; it opens at once."""
        conversation = self.store.get_conversation(self.current_id) if self.current_id is not None else None
        title = self.tr("{0} (fork)").format(conversation.title if conversation else self.tr("Chat"))
        try:
            record = self.chat.fork(key, title)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self._end_edit()
        self.show_conversation(record.id)
        self._list_activity(record.id, record)

    def _notify(self, text: str) -> None:
        if self._undo_delete is None:  # an Undo on screen is worth more than "Copied"
            self.toast.show_message(text, ms=COPIED_MS)

    # -- welcome ------------------------------------------------------------------------

    def _update_welcome(self) -> None:
        """An empty chat shows the welcome: a new chat, or the first start (not while the newest chat opens)."""
        empty = self.current_id is None and self.active is None and (
            self._started_new or self.sidebar.model.rowCount() == 0)
        self.welcome.setVisible(empty)
        self.view.setVisible(not empty)

    def _use_example(self, prompt: str) -> None:
        self.composer.setPlainText(prompt)
        self.composer.moveCursor(self.composer.textCursor().MoveOperation.End)
        self.composer.setFocus()

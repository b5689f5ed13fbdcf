"""The Chat workspace: conversations on the left, the conversation and the composer on the right."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.chat import ChatService, Turn, TurnResult
from desktop_app.core.engine import Engine
from desktop_app.core.engine import ModelInfo
from desktop_app.core.model_settings import settings_for
from desktop_app.core.errors import InkstoneError
from desktop_app.core.settings import Settings
from desktop_app.core.store import ConversationRecord, Store
from desktop_app.ui import geometry
from desktop_app.ui.chat_documents import ChatDocumentsControl
from desktop_app.ui.composer import Composer
from desktop_app.ui.context_meter import ContextMeter
from desktop_app.ui.conversation_list_model import ConversationListModel
from desktop_app.ui.conversation_sidebar import ConversationSidebar
from desktop_app.ui.message_view import MessageView
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.error_banner import ErrorBanner
from desktop_app.ui.job_client import JobClient

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

        self.sidebar = ConversationSidebar(ConversationListModel(store))
        self.sidebar.newRequested.connect(self.new_chat)
        self.sidebar.selected.connect(self.show_conversation)
        self.sidebar.renameRequested.connect(self._rename)
        self.sidebar.deleteRequested.connect(self._delete)
        self.sidebar.model.loadFailed.connect(self.show_error)

        self.view = MessageView()
        self.banner = ErrorBanner("errorBanner")
        self.meter = ContextMeter()

        self.composer = Composer()
        self.composer.submitted.connect(self.send)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.setShortcut(Qt.Key.Key_Escape)
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)

        # Answers from documents (None when the service has no documents, as in some tests)
        self.documents = ChatDocumentsControl(chat.documents, self.view, self) if chat.documents else None

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        if self.documents is not None:
            buttons.addWidget(self.documents.button)
        buttons.addStretch(1)
        composer_row = QHBoxLayout()
        composer_row.addWidget(self.composer, 1)
        composer_row.addLayout(buttons)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.meter)
        right_layout.addWidget(self.banner)
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

        self.refresh_list()
        self._update_buttons()

    def open_newest(self) -> None:
        """Show the most recent chat, unless the user has started something else meanwhile.

        The window calls this once it is on screen, so launching does not wait for its messages."""
        newest = self.sidebar.model.conversation_id(0)
        if newest is not None and self.current_id is None and self.active is None and not self._started_new:
            self.show_conversation(newest)

    # -- public -----------------------------------------------------------------

    def set_model(self, info: ModelInfo | None, path: Path | None = None) -> None:
        """`path` keys the per-model generation settings; None means the starter model."""
        self.model = info
        self.model_path = path
        self._update_buttons()

    def save_layout(self, settings: Settings) -> None:
        geometry.save_splitter(self.splitter, "chat", settings)

    def theme_changed(self) -> None:
        """Messages are HTML with the theme's colours in it: draw them again (unless an answer streams)."""
        self.view.forget_rendered()
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
        self.view.clear_messages()
        self.meter.clear()
        self.composer.setFocus()

    def show_conversation(self, conversation_id: int) -> None:
        self.current_id = conversation_id
        messages = self.store.messages(conversation_id)
        streaming = self.active is not None and self.active.turn.conversation_id == conversation_id
        if streaming:
            messages = [m for m in messages if m.id != self.active.turn.assistant_message.id]
        if self.documents is not None:
            self.documents.show_conversation(conversation_id, messages)
        self.view.set_messages([(m.id, m.role, m.content) for m in messages])
        if not streaming:
            self.meter.clear()
        if streaming:
            self.view.begin_stream(self.active.turn.assistant_message.id)
            self.view.append_stream_text("".join(self.active.text))
        self.sidebar.select(conversation_id)

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
        if self.active is not None or not text.strip():
            return
        if self.model is None:
            self.show_error(self.tr("No model is loaded yet. Wait for it to load, or choose one with File › Open model…"))
            return
        try:
            turn = self.chat.start_turn(self.current_id, text, self.model.name)
        except InkstoneError as exc:
            self.show_error(str(exc))
            return
        self.clear_error()
        self.composer.clear()
        if self.documents is not None:
            self.documents.attach(turn.conversation_id)
        if self.current_id != turn.conversation_id:
            self.current_id = turn.conversation_id
            self.view.clear_messages()
        self.view.append_message(turn.user_message.id, "user", turn.user_message.content)
        self.view.begin_stream(turn.assistant_message.id)
        self._list_activity(turn.conversation_id, turn.conversation)
        self.active = _ActiveTurn(turn)
        params = settings_for(self.settings, self.model_path).to_generation_params()
        system_prompt = self.settings.system_prompt or None
        chat = self.chat

        def work(engine: Engine, on_text, on_progress, cancel: threading.Event) -> TurnResult:
            return chat.run_turn(turn, engine, params, on_text, cancel, system_prompt,
                                 on_prompt_progress=lambda done, total: on_progress((READING, done, total)))

        self.jobs.start(work, on_text=self._on_text, on_progress=self._on_progress,
                        on_finished=self._on_finished, on_failed=self._on_failed)
        self._update_buttons()

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
        self.busyChanged.emit(busy)

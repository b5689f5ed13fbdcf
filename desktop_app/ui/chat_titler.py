"""A title written by the model after a chat's first answer, as a short job on the engine thread.

core/chat/auto_title.py does the work (and leaves a title the user changed alone); this runs it
through its own JobClient, so it queues behind the chat's answers without getting in their way,
and shows the new title in the list when it comes.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from desktop_app.core.chat.auto_title import title_conversation
from desktop_app.core.engine import Engine
from desktop_app.core.store import MessageRecord, Store
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.job_client import JobClient


class ChatTitler(QObject):
    titled = Signal(int, str)  # conversation id, the title the model wrote

    def __init__(self, store: Store, runner: EngineRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.jobs = JobClient(runner, self)

    def title_after(self, answer: MessageRecord) -> bool:
        """Start a title job if `answer` finished a chat's first exchange; True if one started."""
        if answer.status != "complete" or answer.parent_id is None or self.jobs.busy:
            return False
        question = self.store.message(answer.parent_id)
        if question is None or question.parent_id is not None:
            return False  # not the first exchange
        store, conversation_id = self.store, answer.conversation_id

        def work(engine: Engine, _on_text, _on_progress, cancel: threading.Event) -> str | None:
            return title_conversation(store, engine, conversation_id, cancel)

        self.jobs.start(work, on_finished=lambda title: self._done(conversation_id, title))
        return True

    def _done(self, conversation_id: int, title: object) -> None:
        if isinstance(title, str) and title:
            self.titled.emit(conversation_id, title)

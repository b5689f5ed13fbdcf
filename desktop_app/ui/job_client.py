"""One part of a page's window on the shared EngineRunner: its current job's signals, on the GUI thread.

Each part that runs model work (the chat, Translate, Draft's templates, long form, the
writing tools) has its own client, so results reach the part that asked without being
routed by name. `start` takes optional handlers for that one job; the signals are there
for whoever watches (tests wait on them).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from desktop_app.ui.engine_runner import EngineJob, EngineRunner, JobWork


@dataclass(frozen=True)
class _Handlers:
    started: Callable[[], Any] | None = None
    text: Callable[[str, int], Any] | None = None
    progress: Callable[[object], Any] | None = None
    finished: Callable[[object], Any] | None = None
    failed: Callable[[str], Any] | None = None


class JobClient(QObject):
    """Create it on the GUI thread; one job at a time."""

    started = Signal()
    text = Signal(str)  # a batch of text (the job's own on_text handler also hears how many pieces it joins)
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, runner: EngineRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.job: EngineJob | None = None
        self._handlers = _Handlers()
        runner.started.connect(self._on_started)
        runner.progress.connect(self._on_progress)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(
        self,
        work: JobWork,
        *,
        on_started: Callable[[], Any] | None = None,
        on_text: Callable[[str, int], Any] | None = None,
        on_progress: Callable[[object], Any] | None = None,
        on_finished: Callable[[object], Any] | None = None,
        on_failed: Callable[[str], Any] | None = None,
    ) -> EngineJob:
        if self.job is not None:
            raise RuntimeError("a job is already running here")
        self._handlers = _Handlers(on_started, on_text, on_progress, on_finished, on_failed)
        # Text is the one frequent signal: only the client with a job hears it, so a streamed batch
        # is one queued call on the GUI thread, not one per page.
        self.runner.text.connect(self._on_text)
        try:
            self.job = self.runner.submit(work)
        except BaseException:
            self.runner.text.disconnect(self._on_text)
            raise
        self.busyChanged.emit(True)
        return self.job

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()

    def cancel_event(self) -> threading.Event | None:
        return None if self.job is None else self.job.cancel

    def _mine(self, job_id: int) -> bool:
        return self.job is not None and self.job.job_id == job_id

    def _on_started(self, job_id: int) -> None:
        if self._mine(job_id):
            if self._handlers.started:
                self._handlers.started()
            self.started.emit()

    def _on_text(self, job_id: int, text: str, pieces: int) -> None:
        if self._mine(job_id):
            if self._handlers.text:
                self._handlers.text(text, pieces)
            self.text.emit(text)

    def _on_progress(self, job_id: int, value: object) -> None:
        if self._mine(job_id):
            if self._handlers.progress:
                self._handlers.progress(value)
            self.progress.emit(value)

    def _end(self) -> _Handlers:
        self.runner.text.disconnect(self._on_text)
        handlers, self._handlers, self.job = self._handlers, _Handlers(), None
        return handlers

    def _on_finished(self, job_id: int, result: object) -> None:
        if self._mine(job_id):
            handlers = self._end()
            self.busyChanged.emit(False)
            if handlers.finished:
                handlers.finished(result)
            self.finished.emit(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if self._mine(job_id):
            handlers = self._end()
            self.busyChanged.emit(False)
            if handlers.failed:
                handlers.failed(message)
            self.failed.emit(message)

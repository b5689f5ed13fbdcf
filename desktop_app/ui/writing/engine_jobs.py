"""Running writing jobs (translate, draft, outline...) on the engine's own thread.

The model is loaded once and owned by the chat worker's QThread. The runner lives on that
same thread and holds the same engine, so chat answers and writing jobs run one after the
other, never at once. A job is plain Python — ``work(engine, on_text, on_progress, cancel)``
returning a result — so the core services need no Qt. Text comes back in batches (a few
signals per frame), and each signal carries the job's id so a page can drop stale output.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop_app.core.engine.base import Engine
from desktop_app.core.engine.tuned import Sampling, TunedEngine
from desktop_app.core.errors import InkstoneError

EMIT_INTERVAL_SECONDS = 0.03

TextSink = Callable[[str], None]
ProgressSink = Callable[[object], None]
JobWork = Callable[[Engine, TextSink, ProgressSink, threading.Event], Any]

_job_ids = itertools.count(1)


@dataclass(frozen=True)
class EngineJob:
    """A submitted job: its id (in every signal about it) and the event that stops it."""

    job_id: int
    work: JobWork = field(repr=False)
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def stop(self) -> None:
        """Safe from any thread: the engine reads the flag on every token."""
        self.cancel.set()


class EngineJobRunner(QObject):
    """A QObject on the engine thread. Submit jobs from the GUI thread; answers come as signals."""

    started = Signal(int)  # job id: it left the queue and runs now
    text = Signal(int, str)  # job id, a batch of streamed text
    progress = Signal(int, object)  # job id, whatever the job reported (a tuple, usually)
    finished = Signal(int, object)  # job id, the job's result
    failed = Signal(int, str)  # job id, a message for the user
    _runRequested = Signal(object)

    def __init__(self, engine: Engine, thread: QThread) -> None:
        super().__init__()
        self._engine = TunedEngine(engine, None)  # jobs see the user's per-model sampling settings
        self._lock = threading.Lock()
        self._live: dict[int, EngineJob] = {}
        self.moveToThread(thread)
        self._runRequested.connect(self.run)  # queued: the runner lives on the engine thread

    @property
    def engine(self) -> Engine:
        return self._engine

    def set_sampling(self, sampling: Sampling | None) -> None:
        """Per-model top-p, top-k, min-p, repeat penalty and seed for the jobs that start from now on."""
        self._engine.sampling = sampling

    def submit(self, work: JobWork) -> EngineJob:
        """Queue work on the engine thread (after whatever runs there now); returns its handle."""
        job = EngineJob(next(_job_ids), work)
        with self._lock:
            self._live[job.job_id] = job
        self._runRequested.emit(job)
        return job

    def cancel_all(self) -> None:
        """Stop the running job and every queued one (before closing the window)."""
        with self._lock:
            jobs = list(self._live.values())
        for job in jobs:
            job.stop()

    def pending(self) -> int:
        with self._lock:
            return len(self._live)

    @Slot(object)
    def run(self, job: EngineJob) -> None:
        batch: list[str] = []
        last_emit = time.monotonic()

        def flush() -> None:
            nonlocal last_emit
            if batch:
                self.text.emit(job.job_id, "".join(batch))
                batch.clear()
            last_emit = time.monotonic()

        def on_text(piece: str) -> None:
            if not piece:
                return
            batch.append(piece)
            if time.monotonic() - last_emit >= EMIT_INTERVAL_SECONDS:
                flush()

        def on_progress(value: object) -> None:
            flush()  # text before a progress report arrives before it
            self.progress.emit(job.job_id, value)

        self.started.emit(job.job_id)
        try:
            result = job.work(self._engine, on_text, on_progress, job.cancel)
        except InkstoneError as exc:
            flush()
            self._forget(job)
            self.failed.emit(job.job_id, str(exc))
            return
        except Exception as exc:  # a bug or a llama.cpp surprise must not end the thread
            flush()
            self._forget(job)
            self.failed.emit(job.job_id, f"The job failed: {exc}")
            return
        flush()
        self._forget(job)
        self.finished.emit(job.job_id, result)

    def _forget(self, job: EngineJob) -> None:
        with self._lock:
            self._live.pop(job.job_id, None)


class JobClient(QObject):
    """One page's window on the shared runner: only its current job's signals, on the GUI thread.

    Create it on the GUI thread. `kind` names what the current job does, so one handler
    can tell a draft from an outline when the job ends.
    """

    started = Signal()
    text = Signal(str)
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, runner: EngineJobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.job: EngineJob | None = None
        self.kind = ""
        runner.started.connect(self._on_started)
        runner.text.connect(self._on_text)
        runner.progress.connect(self._on_progress)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, kind: str, work: JobWork) -> EngineJob:
        if self.job is not None:
            raise RuntimeError("a job is already running on this page")
        self.kind = kind
        self.job = self.runner.submit(work)
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
            self.started.emit()

    def _on_text(self, job_id: int, text: str) -> None:
        if self._mine(job_id):
            self.text.emit(text)

    def _on_progress(self, job_id: int, value: object) -> None:
        if self._mine(job_id):
            self.progress.emit(value)

    def _on_finished(self, job_id: int, result: object) -> None:
        if self._mine(job_id):
            self.job = None
            self.busyChanged.emit(False)
            self.finished.emit(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if self._mine(job_id):
            self.job = None
            self.busyChanged.emit(False)
            self.failed.emit(message)

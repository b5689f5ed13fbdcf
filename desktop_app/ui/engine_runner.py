"""The model's own thread and the one runner on it: every model load and every job goes through here.

One QThread owns the engine. On it lives one EngineRunner, which loads models and runs
jobs one after the other: chat turns, translations, drafts, long-form sections, selection
tools, all the same way. A job is plain Python, ``work(engine, on_text, on_progress,
cancel)`` returning a result, so the core services that do the work (and save it as they
go) need no Qt. The runner gives every job an id that tags all its signals, one cancel
flag (a threading.Event the engine reads while it reads the prompt and on every token),
one batching of streamed text (a few signals per frame), and one error path that logs
the traceback and sends a short message.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop_app.core.engine.base import Engine, LoadOptions
from desktop_app.core.engine.remote import RemoteSettings
from desktop_app.core.engine.switch import EngineSwitch
from desktop_app.core.engine.tuned import Sampling, TunedEngine
from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)

EMIT_INTERVAL_SECONDS = 0.05  # streamed text goes to the GUI thread at most this often (20 times a second:
# each batch is rendered and painted; at 30 a second the GUI thread used 18 % more CPU, taken from decoding)

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
        """Safe from any thread: the engine reads the flag while it works."""
        self.cancel.set()


@dataclass(frozen=True)
class LoadRequest:
    path: Path | None  # None: the starter model
    options: LoadOptions
    remote: RemoteSettings | None = None  # set: connect to this server instead of loading a file


class TextBatcher:
    """Joins streamed pieces and hands them on, with how many there were, at most every EMIT_INTERVAL_SECONDS."""

    def __init__(self, emit: Callable[[str, int], None], interval: float = EMIT_INTERVAL_SECONDS) -> None:
        self._emit = emit
        self._interval = interval
        self._pieces: list[str] = []
        self._last = time.monotonic()

    def add(self, piece: str) -> None:
        if not piece:
            return
        self._pieces.append(piece)
        if time.monotonic() - self._last >= self._interval:
            self.flush()

    def flush(self) -> None:
        if self._pieces:
            self._emit("".join(self._pieces), len(self._pieces))
            self._pieces.clear()
        self._last = time.monotonic()


class EngineRunner(QObject):
    """The QObject on the engine thread. Call its public methods from the GUI thread; answers come as signals."""

    started = Signal(int)  # job id: it left the queue and runs now
    text = Signal(int, str, int)  # job id, a batch of streamed text, how many pieces (about tokens) it joins
    progress = Signal(int, object)  # job id, whatever the job reported
    finished = Signal(int, object)  # job id, the job's result
    failed = Signal(int, str)  # job id, a message for the user
    loadStarted = Signal(str)  # "starter", or the path being loaded
    modelLoaded = Signal(object)  # ModelInfo
    loadFailed = Signal(str)
    _runRequested = Signal(object)
    _loadRequested = Signal(object)
    _shutdownRequested = Signal()

    def __init__(self, engine: Engine, thread: QThread) -> None:
        super().__init__()
        self.switch = EngineSwitch(engine)  # this computer's engine, or a server's
        self._engine = TunedEngine(self.switch, None)  # every job sees the user's per-model sampling settings
        self._lock = threading.Lock()
        self._live: dict[int, EngineJob] = {}
        self.moveToThread(thread)
        # queued connections: the slots run on the engine thread, in the order requested
        self._runRequested.connect(self._run)
        self._loadRequested.connect(self._load)
        self._shutdownRequested.connect(self._shutdown)

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- from the GUI thread ------------------------------------------------------------

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

    def load(self, request: LoadRequest) -> None:
        """Load a model on the engine thread, after the jobs queued before it."""
        self._loadRequested.emit(request)

    def cancel_all(self) -> None:
        """Stop the running job and every queued one (queued ones still run, to store what they have)."""
        with self._lock:
            jobs = list(self._live.values())
        for job in jobs:
            job.stop()

    def pending(self) -> int:
        with self._lock:
            return len(self._live)

    def request_shutdown(self) -> None:
        self._shutdownRequested.emit()

    # -- on the engine thread ------------------------------------------------------------

    @Slot(object)
    def _run(self, job: EngineJob) -> None:
        batcher = TextBatcher(lambda text, pieces: self.text.emit(job.job_id, text, pieces))

        def on_progress(value: object) -> None:
            batcher.flush()  # text before a progress report arrives before it
            self.progress.emit(job.job_id, value)

        self.started.emit(job.job_id)
        try:
            result = job.work(self._engine, batcher.add, on_progress, job.cancel)
        except Exception as exc:  # a bug or a llama.cpp surprise must not end the thread
            batcher.flush()
            self._forget(job)
            self.failed.emit(job.job_id, self._failure_message(exc, "The job failed"))
            return
        batcher.flush()
        self._forget(job)
        self.finished.emit(job.job_id, result)

    @Slot(object)
    def _load(self, request: LoadRequest) -> None:
        try:
            if request.remote is not None:
                self.loadStarted.emit(request.remote.url)
                self.modelLoaded.emit(self.switch.connect(request.remote))  # a failure keeps the model loaded
                return
            path = request.path
            if path is None:
                from desktop_app.core.models.starter import starter_model_path

                self.loadStarted.emit("starter")
                path = starter_model_path()
            self.loadStarted.emit(str(path))
            # The engine checks the file before it frees the current model: a bad pick keeps the old one.
            info = self._engine.load(path, request.options)
        except Exception as exc:  # llama.cpp can fail in ways we did not foresee; the app must go on
            self.loadFailed.emit(self._failure_message(exc, "The model could not be loaded"))
            return
        self.modelLoaded.emit(info)

    @Slot()
    def _shutdown(self) -> None:
        self._engine.unload()

    def _forget(self, job: EngineJob) -> None:
        with self._lock:
            self._live.pop(job.job_id, None)

    @staticmethod
    def _failure_message(exc: Exception, what: str) -> str:
        """Log the whole story; give the user one clear line."""
        if isinstance(exc, InkstoneError):
            log.warning("%s: %s", what, exc, exc_info=exc)
            return str(exc)
        log.exception("%s", what, exc_info=exc)
        return f"{what}: {exc}"


class EngineThread(QObject):
    """Starts the runner's QThread and stops it: cancel what runs, free the model on its thread, end."""

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("inkstone-engine")
        self.runner = EngineRunner(engine, self.thread)
        self.thread.start()

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """True when the thread ended within the timeout (jobs stop within milliseconds of a cancel)."""
        if not self.thread.isRunning():
            return True
        self.runner.cancel_all()
        self.runner.request_shutdown()
        self.thread.quit()
        return self.thread.wait(timeout_ms)

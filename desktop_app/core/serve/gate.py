"""The server's one way to the model: submit work to the model's thread, in turn, with a handle to stop it.

The window passes its EngineRunner (ui/serve/runner_gate.py), so a request from outside waits
behind a chat turn like any job; the CLI passes an EngineWorker, a thread of its own that owns
the engine. The work is plain Python, `work(engine, cancel)`: it reads `engine.model` and runs
generations, and reports back through callbacks of its own (see generation.py).
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from desktop_app.core.engine.base import Engine, ModelInfo

log = logging.getLogger(__name__)

ServeWork = Callable[[Engine, threading.Event], None]


class JobHandle(Protocol):
    def stop(self) -> None:
        """Safe from any thread: the work sees its cancel flag set."""


class Embedder(Protocol):
    """An embedding model, called on the model's thread (inside submitted work)."""

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class ModelGate(Protocol):
    @property
    def model(self) -> ModelInfo | None:
        """The model loaded now (None while none is); the work reads engine.model for certain."""

    @property
    def embedder(self) -> Embedder | None:
        """The embedding model loaded now, if any (for /v1/embeddings)."""

    def submit(self, work: ServeWork) -> JobHandle:
        """Queue `work` on the model's thread, after what runs or waits there now."""


@dataclass(frozen=True)
class WorkerJob:
    work: ServeWork = field(repr=False)
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def stop(self) -> None:
        self.cancel.set()


class EngineWorker:
    """A thread that owns `engine` and runs submitted work one job at a time (the CLI's model thread)."""

    def __init__(self, engine: Engine, embedder: Embedder | None = None) -> None:
        self.engine = engine
        self._embedder = embedder
        self._jobs: queue.Queue[WorkerJob | None] = queue.Queue()
        self._live: set[WorkerJob] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="inkstone-engine", daemon=True)
        self._thread.start()

    @property
    def model(self) -> ModelInfo | None:
        return self.engine.model

    @property
    def embedder(self) -> Embedder | None:
        return self._embedder

    def submit(self, work: ServeWork) -> WorkerJob:
        job = WorkerJob(work)
        with self._lock:
            self._live.add(job)
        self._jobs.put(job)
        return job

    def close(self, timeout: float = 10.0) -> bool:
        """Stop the running job and the waiting ones (they still run, to report), then end the thread."""
        with self._lock:
            jobs = list(self._live)
        for job in jobs:
            job.stop()
        self._jobs.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job.work(self.engine, job.cancel)
            except Exception:  # the work reports its own failures; this is a bug, and the thread must go on
                log.exception("A server job failed")
            finally:
                with self._lock:
                    self._live.discard(job)

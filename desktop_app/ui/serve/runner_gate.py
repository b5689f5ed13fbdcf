"""The window's EngineRunner as the server's ModelGate: a request from outside is one more job in its queue.

It waits its turn behind a chat turn or a translation, runs on the engine thread, and stops
when its client goes away or when the window closes (cancel_all). Server requests bring their
own sampling, so they run on the engine without the window's per-model sampling settings.
"""

from __future__ import annotations

import threading

from desktop_app.core.engine.base import Engine, ModelInfo
from desktop_app.core.engine.tuned import TunedEngine
from desktop_app.core.serve.gate import Embedder, JobHandle, ServeWork
from desktop_app.ui.engine_runner import EngineRunner


class RunnerGate:
    def __init__(self, runner: EngineRunner, embedder: Embedder | None = None) -> None:
        self._runner = runner
        self.embedder_source: Embedder | None = embedder  # the Documents embedder, when one is loaded

    @property
    def model(self) -> ModelInfo | None:
        return self._runner.engine.model  # read from the server's thread: one attribute, set on the engine thread

    @property
    def embedder(self) -> Embedder | None:
        return self.embedder_source

    def submit(self, work: ServeWork) -> JobHandle:
        """Safe from the server's thread: submit() posts to the engine thread's queue (Qt queues it)."""

        def job(engine: Engine, _on_text: object, _on_progress: object, cancel: threading.Event) -> None:
            work(engine.engine if isinstance(engine, TunedEngine) else engine, cancel)

        return self._runner.submit(job)

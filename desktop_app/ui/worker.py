"""The model's own thread: a QObject that loads and generates, talking only through signals."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop_app.core.chat import ChatService, Turn
from desktop_app.core.engine import Engine, GenerationParams, LoadOptions
from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.gguf import read_gguf_info

EMIT_INTERVAL_SECONDS = 0.03  # batch tokens: a few signals per frame is plenty


@dataclass(frozen=True)
class ChatRequest:
    request_id: int
    turn: Turn
    params: GenerationParams
    cancel: threading.Event
    system_prompt: str | None = None


@dataclass(frozen=True)
class LoadRequest:
    path: Path | None  # None: the starter model
    options: LoadOptions


class EngineWorker(QObject):
    """Owns the engine. Every slot runs on the worker thread; errors come back as `failed` signals."""

    loadStarted = Signal(str)
    modelLoaded = Signal(object)  # ModelInfo
    loadFailed = Signal(str)
    text = Signal(int, str, int)  # request id, a batch of text, how many tokens it holds
    finished = Signal(int, object)  # request id, TurnResult
    failed = Signal(int, str)  # request id, message for the user

    def __init__(self, engine: Engine, chat: ChatService) -> None:
        super().__init__()
        self._engine = engine
        self._chat = chat

    @Slot(object)
    def load(self, request: LoadRequest) -> None:
        try:
            path = request.path
            if path is None:
                from desktop_app.core.models.starter import starter_model_path

                self.loadStarted.emit("starter")
                path = starter_model_path()
            self.loadStarted.emit(str(path))
            # Check the file before freeing the current model, so a bad pick keeps the old one usable.
            read_gguf_info(path)
            self._engine.unload()
            info = self._engine.load(path, request.options)
        except InkstoneError as exc:
            self.loadFailed.emit(str(exc))
            return
        except Exception as exc:  # llama.cpp can fail in ways we did not foresee; the app must go on
            self.loadFailed.emit(f"The model could not be loaded: {exc}")
            return
        self.modelLoaded.emit(info)

    @Slot(object)
    def generate(self, request: ChatRequest) -> None:
        batch: list[str] = []
        last_emit = time.monotonic()

        def on_text(piece: str) -> None:
            nonlocal last_emit
            batch.append(piece)
            now = time.monotonic()
            if now - last_emit >= EMIT_INTERVAL_SECONDS:
                self.text.emit(request.request_id, "".join(batch), len(batch))
                batch.clear()
                last_emit = now

        try:
            result = self._chat.run_turn(
                request.turn, self._engine, request.params, on_text, request.cancel, request.system_prompt
            )
        except InkstoneError as exc:
            self._flush(request.request_id, batch)
            self.failed.emit(request.request_id, str(exc))
            return
        except Exception as exc:
            self._flush(request.request_id, batch)
            self.failed.emit(request.request_id, f"Generation failed: {exc}")
            return
        self._flush(request.request_id, batch)
        self.finished.emit(request.request_id, result)

    @Slot()
    def shutdown(self) -> None:
        self._engine.unload()

    def _flush(self, request_id: int, batch: list[str]) -> None:
        if batch:
            self.text.emit(request_id, "".join(batch), len(batch))
            batch.clear()


class WorkerThread(QObject):
    """Starts the worker on its own QThread and stops it cleanly; the window sends requests here."""

    loadRequested = Signal(object)
    generateRequested = Signal(object)
    shutdownRequested = Signal()

    def __init__(self, worker: EngineWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("inkstone-engine")
        worker.moveToThread(self.thread)
        self.loadRequested.connect(worker.load)
        self.generateRequested.connect(worker.generate)
        self.shutdownRequested.connect(worker.shutdown)
        self.thread.start()

    def stop(self, cancel: threading.Event | None = None, timeout_ms: int = 10000) -> None:
        """Cancel what runs, free the model on its own thread, then end the thread."""
        if not self.thread.isRunning():
            return
        if cancel is not None:
            cancel.set()
        self.shutdownRequested.emit()
        self.thread.quit()
        self.thread.wait(timeout_ms)

"""A scripted engine for fast tests: it obeys the Engine contract without a model."""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path

from desktop_app.core.engine.base import (
    GenerationParams,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    TextCallback,
)
from desktop_app.core.errors import EngineError


class FakeEngine:
    """Replies with queued token lists (`enqueue`), one piece per call to on_text.

    `delay` seconds pass between pieces so tests can press Stop mid-answer;
    `fail_with` makes the next generate() raise EngineError.
    """

    def __init__(self, delay: float = 0.0, chat_template: str | None = None) -> None:
        self.delay = delay
        self.chat_template = chat_template
        self.prompts: list[str] = []
        self.params: list[GenerationParams] = []  # what each generate() was asked with
        self.fail_with: str | None = None
        self._replies: deque[list[str]] = deque()
        self._model: ModelInfo | None = None

    def enqueue(self, pieces: list[str]) -> None:
        self._replies.append(list(pieces))

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo:
        self._model = ModelInfo(
            path=Path(path),
            name=Path(path).stem,
            backend="CPU",
            n_ctx=options.n_ctx,
            n_ctx_train=options.n_ctx,
            n_gpu_layers=0,
            n_threads=options.n_threads or 1,
            chat_template=self.chat_template,
            architecture="fake",
        )
        return self._model

    def unload(self) -> None:
        self._model = None

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4) if text else 0

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
    ) -> GenerationStats:
        if self._model is None:
            raise EngineError("No model is loaded.")
        if self.fail_with:
            message, self.fail_with = self.fail_with, None
            raise EngineError(message)
        self.prompts.append(prompt)
        self.params.append(params)
        pieces = self._replies.popleft() if self._replies else ["Hello", " from", " the", " fake", "."]
        start = time.perf_counter()
        first: float | None = None
        produced = 0
        reason = "stop"
        for piece in pieces:
            if cancel is not None and cancel.is_set():
                reason = "cancelled"
                break
            if produced >= params.max_tokens:
                reason = "length"
                break
            if self.delay:
                time.sleep(self.delay)
            if first is None:
                first = time.perf_counter() - start
            on_text(piece)
            produced += 1
        total = time.perf_counter() - start
        after_first = max(total - (first or 0.0), 1e-9)
        return GenerationStats(
            prompt_tokens=self.count_tokens(prompt),
            generated_tokens=produced,
            time_to_first_token=first or 0.0,
            tokens_per_second=produced / after_first if produced else 0.0,
            total_seconds=total,
            stop_reason=reason,
        )

"""A scripted engine for fast tests: it obeys the Engine contract without a model.

It checks the model file as the real engine does, applies stop strings, fills the stats'
text, reads the prompt in steps that report progress and honour Stop, and reports how much
of the prompt it could reuse from the previous one (a token is four characters here), so
tests of the window, the job runner and the prompt cache run in milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path
from typing import Sequence

from desktop_app.core.engine.base import (
    ChatMessage,
    GenerationParams,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    PromptProgress,
    TextCallback,
)
from desktop_app.core.engine.stop_filter import StopFilter
from desktop_app.core.errors import EngineError

CHARS_PER_TOKEN = 4
PROMPT_STEP_TOKENS = 256  # the prompt is "read" in steps of this many tokens


class FakeEngine:
    """Replies with queued token lists (`enqueue`), one piece per call to on_text.

    `delay` seconds pass between pieces so tests can press Stop mid-answer;
    `prompt_delay` seconds pass per step of prompt reading (only for the part not reused);
    `fail_with` makes the next generate() raise EngineError.
    With `takes_messages`, the model is one that takes chat messages (as a server's does):
    generate_chat records them in `messages` and answers like generate.
    """

    def __init__(self, delay: float = 0.0, chat_template: str | None = None, *, prompt_delay: float = 0.0,
                 check_files: bool = True, takes_messages: bool = False) -> None:
        self.delay = delay
        self.takes_messages = takes_messages
        self.messages: list[list[ChatMessage]] = []  # what each generate_chat() was given
        self.prompt_delay = prompt_delay
        self.chat_template = chat_template
        self.check_files = check_files
        self.prompts: list[str] = []
        self.params: list[GenerationParams] = []  # what each generate() was asked with
        self.stats: list[GenerationStats] = []  # what each generate() returned
        self.fail_with: str | None = None
        self._replies: deque[list[str]] = deque()
        self._model: ModelInfo | None = None
        self._context = ""  # what the last generation left in the "context": prompt + answer

    def enqueue(self, pieces: list[str]) -> None:
        self._replies.append(list(pieces))

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo:
        """Checks the file like the real engine (a missing or non-GGUF file raises ModelFileError)."""
        name = Path(path).stem
        if self.check_files:
            from desktop_app.core.models.gguf import read_gguf_info

            name = read_gguf_info(Path(path)).name or name
        self._context = ""
        self._model = ModelInfo(
            path=Path(path),
            name=name,
            backend="CPU",
            n_ctx=options.n_ctx,
            n_ctx_train=options.n_ctx,
            n_gpu_layers=0,
            n_threads=options.n_threads or 1,
            chat_template=self.chat_template,
            architecture="fake",
            takes_messages=self.takes_messages,
        )
        return self._model

    def unload(self) -> None:
        self._model = None
        self._context = ""

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // CHARS_PER_TOKEN) if text else 0

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        if self._model is None:
            raise EngineError("No model is loaded.")
        if self.fail_with:
            message, self.fail_with = self.fail_with, None
            raise EngineError(message)
        self.prompts.append(prompt)
        self.params.append(params)
        prompt_tokens = self.count_tokens(prompt)
        if prompt_tokens >= self._model.n_ctx:
            raise EngineError(
                f"The prompt takes {prompt_tokens} tokens but the context window holds {self._model.n_ctx}."
            )
        start = time.perf_counter()
        cached = min(_common_prefix(self._context, prompt) // CHARS_PER_TOKEN, max(0, prompt_tokens - 1))
        if not self._read_prompt(prompt_tokens, cached, cancel, on_prompt_progress):
            self._context = prompt[: cached * CHARS_PER_TOKEN]
            stats = GenerationStats(prompt_tokens, 0, 0.0, 0.0, time.perf_counter() - start, "cancelled",
                                    cached_tokens=cached)
            self.stats.append(stats)
            return stats
        pieces = self._replies.popleft() if self._replies else ["Hello", " from", " the", " fake", "."]
        stops = StopFilter(tuple(params.stop))
        shown: list[str] = []
        first: float | None = None
        produced = 0
        reason = "stop"
        for piece in pieces:
            if cancel is not None and cancel.is_set():
                reason = "cancelled"
                break
            if params.max_tokens > 0 and produced >= params.max_tokens:
                reason = "length"
                break
            if self.delay:
                time.sleep(self.delay)
            produced += 1
            text, stopped = stops.feed(piece)
            if text:
                if first is None:
                    first = time.perf_counter() - start
                shown.append(text)
                on_text(text)
            if stopped:
                break
        if not stops.triggered:
            rest = stops.flush()
            if rest:
                shown.append(rest)
                on_text(rest)
        total = time.perf_counter() - start
        after_first = max(total - (first or 0.0), 1e-9)
        answer = "".join(shown)
        self._context = prompt + answer
        stats = GenerationStats(
            prompt_tokens=prompt_tokens,
            generated_tokens=produced,
            time_to_first_token=first or total,
            tokens_per_second=produced / after_first if produced else 0.0,
            total_seconds=total,
            stop_reason=reason,
            text=answer,
            cached_tokens=cached,
        )
        self.stats.append(stats)
        return stats

    def generate_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        if self._model is not None and not self._model.takes_messages:
            raise EngineError("This engine takes a prompt, not chat messages.")
        self.messages.append(list(messages))
        prompt = "".join(f"{m.role}: {m.content}\n" for m in messages)
        return self.generate(prompt, params, on_text, cancel, on_prompt_progress)

    def _read_prompt(self, total: int, cached: int, cancel: threading.Event | None,
                     on_progress: PromptProgress | None) -> bool:
        """Pretend to read the tokens not reused, step by step; False when Stop came first."""
        to_read = total - cached
        done = 0
        while done < to_read:
            if cancel is not None and cancel.is_set():
                return False
            if self.prompt_delay:
                time.sleep(self.prompt_delay)
            done = min(to_read, done + PROMPT_STEP_TOKENS)
            if on_progress is not None and to_read > PROMPT_STEP_TOKENS:
                on_progress(done, to_read)
        return True


def _common_prefix(a: str, b: str) -> int:
    """Binary search on slices: the comparisons run in C, so long prompts stay cheap."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo

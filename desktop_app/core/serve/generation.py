"""A request's generation: the work that runs on the model's thread, and its events seen from the event loop.

The work builds the prompt with the model's own chat template (or sends messages on, to a
model on a server), refuses what does not fit the context window, and streams the answer
through thread-safe callbacks into an asyncio queue: "started" once the prompt is accepted,
"text" for every piece, then "done" with the outcome, or "error" with an ApiError.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, replace
from typing import Any, Callable

from desktop_app.core.engine.base import Engine, GenerationStats, ModelInfo
from desktop_app.core.errors import InkstoneError
from desktop_app.core.prompts.chat_template import ChatTemplateError
from desktop_app.core.prompts.history_fit import PromptTooLongError
from desktop_app.core.serve.config import ServeConfig
from desktop_app.core.serve.errors import ApiError, no_model, server_error
from desktop_app.core.serve.gate import Embedder, JobHandle, ModelGate
from desktop_app.core.serve.requests import ChatRequest, CompletionRequest, EmbeddingRequest, Sampling

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish: str  # "stop", "length", or "cancelled" (the client went away)

    @classmethod
    def of(cls, stats: GenerationStats) -> Outcome:
        return cls(stats.text, stats.prompt_tokens, stats.generated_tokens, stats.stop_reason)


@dataclass(frozen=True)
class Event:
    kind: str  # "started", "text", "done", "error"
    value: Any = None


class ServedJob:
    """One request's work: submitted to the gate from the event loop, answered back into it."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._events: asyncio.Queue[Event] = asyncio.Queue()
        self._handle: JobHandle | None = None
        self._stopped = threading.Event()

    def submit(self, gate: ModelGate, run: Callable[[Engine, threading.Event, ServedJob], None]) -> None:
        def work(engine: Engine, cancel: threading.Event) -> None:
            try:
                if self._stopped.is_set():
                    cancel.set()
                run(engine, cancel, self)
            except ApiError as exc:
                self.post(Event("error", exc))
            except Exception as exc:  # noqa: BLE001 - every failure must reach the waiting request
                self.post(Event("error", _api_error(exc)))

        self._handle = gate.submit(work)

    def stop(self) -> None:
        """The client went away, or the server stops: the generation ends at its next token."""
        self._stopped.set()
        if self._handle is not None:
            self._handle.stop()

    async def next_event(self) -> Event:
        return await self._events.get()

    # -- from the model's thread ---------------------------------------------------------------

    def post(self, event: Event) -> None:
        try:
            self._loop.call_soon_threadsafe(self._events.put_nowait, event)
        except RuntimeError:  # the event loop is closed: the server has stopped, nobody is waiting
            pass


def run_chat(request: ChatRequest, config: ServeConfig) -> Callable[[Engine, threading.Event, ServedJob], None]:
    def run(engine: Engine, cancel: threading.Event, job: ServedJob) -> None:
        from desktop_app.core.prompts import ChatTurn, build_chat_prompt
        from desktop_app.core.prompts.send import send_prompt

        model = _loaded(engine)
        wanted = _answer_tokens(request.sampling, config, model)
        history = [ChatTurn(m.role, m.content) for m in request.messages]
        built = build_chat_prompt(history, model, engine.count_tokens, wanted)
        if built.first_turn > 0 or built.user_truncated:
            raise _too_long(model, engine.count_tokens(built.text) if built.user_truncated else built.prompt_tokens,
                            wanted)
        params = request.sampling.params(_room(wanted, model, built.prompt_tokens))
        params = replace(params, stop=params.stop + tuple(built.stop))  # the template's end-of-turn markers
        job.post(Event("started"))
        answer = _AnswerText(job)
        stats = send_prompt(engine, built, params, answer.feed, cancel)
        job.post(Event("done", replace(Outcome.of(stats), text=stats.text.strip())))

    return run


def run_completion(request: CompletionRequest, config: ServeConfig) -> Callable[[Engine, threading.Event, ServedJob], None]:
    def run(engine: Engine, cancel: threading.Event, job: ServedJob) -> None:
        model = _loaded(engine)
        wanted = _answer_tokens(request.sampling, config, model)
        prompt_tokens = engine.count_tokens(request.prompt)
        if prompt_tokens >= model.n_ctx:
            raise _too_long(model, prompt_tokens, wanted)
        params = request.sampling.params(_room(wanted, model, prompt_tokens))
        job.post(Event("started"))
        stats = engine.generate(request.prompt, params, lambda piece: job.post(Event("text", piece)), cancel)
        job.post(Event("done", Outcome.of(stats)))

    return run


def run_embedding(request: EmbeddingRequest, embedder: Embedder) -> Callable[[Engine, threading.Event, ServedJob], None]:
    def run(engine: Engine, cancel: threading.Event, job: ServedJob) -> None:
        job.post(Event("started"))
        vectors = embedder.embed(list(request.inputs))
        job.post(Event("done", vectors))

    return run


class _AnswerText:
    """The answer without the whitespace around it (a base model's transcript ends with "Assistant:", and its
    answer with the newline before the next turn): trailing whitespace is held until more text follows."""

    def __init__(self, job: ServedJob) -> None:
        self._job = job
        self._started = False
        self._held = ""

    def feed(self, piece: str) -> None:
        if not self._started:
            piece = piece.lstrip()
            if not piece:
                return
            self._started = True
        text = self._held + piece
        body = text.rstrip()
        self._held = text[len(body):]
        if body:
            self._job.post(Event("text", body))


def _loaded(engine: Engine) -> ModelInfo:
    model = engine.model
    if model is None:
        raise no_model()
    return model


def _answer_tokens(sampling: Sampling, config: ServeConfig, model: ModelInfo) -> int:
    """What the client asked for, lowered to the server's cap; when it did not ask, up to the cap."""
    wanted = sampling.max_tokens if sampling.max_tokens is not None else config.max_answer_tokens
    return max(1, min(wanted, config.max_answer_tokens, model.n_ctx - 1))


def _room(wanted: int, model: ModelInfo, prompt_tokens: int) -> int:
    return max(1, min(wanted, model.n_ctx - prompt_tokens))


def _too_long(model: ModelInfo, prompt_tokens: int, answer_tokens: int) -> ApiError:
    return ApiError(400, f"The messages and an answer of up to {answer_tokens} tokens do not fit the model's "
                    f"context window of {model.n_ctx} tokens. Shorten the messages or lower max_tokens.",
                    code="context_length_exceeded", param="messages")


def _api_error(exc: Exception) -> ApiError:
    """A short message for the client; the log keeps the whole story (never the prompt)."""
    if isinstance(exc, PromptTooLongError):
        return ApiError(400, str(exc), code="context_length_exceeded")
    if isinstance(exc, ChatTemplateError):
        return ApiError(400, f"The model's chat template refused these messages: {exc}", code="chat_template_error")
    if isinstance(exc, InkstoneError):
        log.warning("A served generation failed: %s", exc, exc_info=exc)
        return server_error(str(exc))
    log.error("A served generation failed unexpectedly", exc_info=exc)
    return server_error(f"The generation failed: {type(exc).__name__}")

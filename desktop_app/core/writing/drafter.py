"""Running a Draft template: one streamed generation, or one per paragraph for base models."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping

from desktop_app.core.engine.base import Engine, GenerationParams
from desktop_app.core.errors import EngineError
from desktop_app.core.prompts.send import send_prompt
from desktop_app.core.writing.chat_prompt import is_chat_model
from desktop_app.core.writing.draft_prompts import DraftPrompt, draft_prompt
from desktop_app.core.writing.draft_templates import DraftTemplate, prepare_request
from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.stream_filter import StreamFilter

# Base models edit one paragraph at a time (their patterns end at a newline).
_PER_PARAGRAPH = frozenset({"rewrite", "proofread", "change-tone", "expand", "shorten"})
_MIN_ANSWER_TOKENS = 32


@dataclass(frozen=True)
class DraftResult:
    text: str
    template: str
    stopped: bool
    generated_tokens: int
    seconds: float


def write_draft(
    template: DraftTemplate | str,
    fields: Mapping[str, str],
    *,
    engine: Engine,
    on_text: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
    temperature: float = 0.7,
    max_tokens: int | None = None,
) -> DraftResult:
    """Write a draft from a template's fields, streaming it; Stop keeps the text so far.

    The pieces given to on_text concatenate to result.text.
    """
    if engine.model is None:
        raise EngineError("No model is loaded.")
    request = prepare_request(template, fields)
    emit = on_text or (lambda piece: None)
    pieces: list[str] = []

    def out(piece: str) -> None:
        if piece:
            pieces.append(piece)
            emit(piece)

    started = time.perf_counter()
    generated = 0
    stopped = False
    if request.template.name in _PER_PARAGRAPH and not is_chat_model(engine):
        paragraphs = [p for p in re.split(r"\n\s*\n", request.get("text")) if p.strip()]
        for index, paragraph in enumerate(paragraphs):
            if cancel is not None and cancel.is_set():
                stopped = True
                break
            if index:
                out("\n\n")
            words = max(10, len(paragraph.split()) * request.target_words // max(1, len(request.get("text").split())))
            prompt = draft_prompt(engine, request, paragraph, max_tokens or int(words * 1.6) + 64)
            tokens, stopped = _generate(engine, prompt, temperature, out, cancel)
            generated += tokens
            if stopped:
                break
    else:
        prompt = draft_prompt(engine, request, None, max_tokens)
        generated, stopped = _generate(engine, prompt, temperature, out, cancel)
    return DraftResult("".join(pieces), request.template.name, stopped, generated, time.perf_counter() - started)


def fit_max_tokens(engine: Engine, prompt_text: str, wanted: int) -> int:
    """Cap the answer so prompt + answer fit the context window, or say the input is too long."""
    model = engine.model
    if model is None:
        raise EngineError("No model is loaded.")
    room = model.n_ctx - engine.count_tokens(prompt_text) - 8
    if room < _MIN_ANSWER_TOKENS:
        raise WritingError(
            f"The text is too long for the model's context window ({model.n_ctx} tokens). "
            "Shorten it, or use a larger context or another model."
        )
    return min(wanted, room)


def _generate(
    engine: Engine,
    prompt: DraftPrompt,
    temperature: float,
    out: Callable[[str], None],
    cancel: threading.Event | None,
) -> tuple[int, bool]:
    """Stream one generation (prefill first); returns (generated tokens, stopped by the user)."""
    max_tokens = fit_max_tokens(engine, prompt.prompt.text, prompt.max_tokens)
    out(prompt.prefill)
    stream = StreamFilter((), out)
    if prompt.prefill and not prompt.prefill[-1].isspace():
        stream = StreamFilter((), out, strip_leading=False)
    params = GenerationParams(max_tokens=max_tokens, temperature=temperature, stop=prompt.prompt.stop)
    stats = send_prompt(engine, prompt.prompt, params, stream.feed, cancel)
    stream.finish()
    return stats.generated_tokens, stats.stop_reason == "cancelled"

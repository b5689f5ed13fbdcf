"""Translating a document segment by segment, streaming, with Stop that keeps what is done."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from desktop_app.core.engine.base import Engine, GenerationParams
from desktop_app.core.errors import EngineError
from desktop_app.core.prompts.send import send_prompt
from desktop_app.core.writing.chat_prompt import is_chat_model
from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.glossary import GlossaryTerm, relevant_terms, terms_for_pair
from desktop_app.core.writing.languages import Language, detect_language, get_language
from desktop_app.core.writing.segmentation import Segment, segment_text, separator_text
from desktop_app.core.writing.stream_filter import StreamFilter
from desktop_app.core.writing.translate_prompts import TranslationOptions, translation_prompt

SegmentStartCallback = Callable[[int, int], None]  # (k, n): segment k of n, counted from 1

CHAT_SEGMENT_TOKENS = 400
BASE_SEGMENT_TOKENS = 80  # small models translate a sentence or two well, a page badly


@dataclass
class TranslationResult:
    text: str
    source: Language
    target: Language
    segments_done: int
    segments_total: int
    stopped: bool
    source_detected: bool = False  # True when the source language was detected, not given
    generated_tokens: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)  # per translated segment, final text
    conversation_id: int | None = None  # the history entry it is stored in (translate_into_history)


def resolve_languages(text: str, source: str | None, target: str) -> tuple[Language, Language, bool]:
    """(source, target, detected): look up both codes; detect the source when it is None/'auto'."""
    target_lang = get_language(target)
    detected = source is None or source.strip().lower() in ("", "auto")
    if detected:
        source_lang = detect_language(text)
        if source_lang is None:
            raise WritingError("Inkstone could not tell which language the text is in. Choose the source language.")
    else:
        source_lang = get_language(source)  # type: ignore[arg-type]
    if source_lang == target_lang:
        raise WritingError(f"The text is already in {target_lang.english_name}. Choose another target language.")
    return source_lang, target_lang, detected


def plan_segments(text: str, engine: Engine, options: TranslationOptions) -> list[Segment]:
    """Segment text for the loaded model: single lines and a small budget for base models."""
    chat = is_chat_model(engine)
    budget = options.segment_tokens or (CHAT_SEGMENT_TOKENS if chat else BASE_SEGMENT_TOKENS)
    model = engine.model
    if model is not None:  # prompt, context and answer must fit the window
        budget = max(16, min(budget, model.n_ctx // 5))
    return segment_text(
        text, engine.count_tokens, budget, keep_formatting=options.keep_formatting, single_lines=not chat
    )


def _context_pair(engine: Engine, source: str, translated: str) -> tuple[str, str] | None:
    """The previous segment as context, unless it would crowd the window (over n_ctx / 8 tokens)."""
    model = engine.model
    limit = (model.n_ctx if model else 4096) // 8
    if not translated or engine.count_tokens(source) + engine.count_tokens(translated) > limit:
        return None
    return source, translated


def translate(
    text: str,
    source: str | None,
    target: str,
    *,
    engine: Engine,
    options: TranslationOptions = TranslationOptions(),
    glossary: Sequence[GlossaryTerm] = (),
    on_segment_start: SegmentStartCallback | None = None,
    on_text: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> TranslationResult:
    """Translate text, streaming every piece of the finished document through on_text.

    The pieces given to on_text concatenate to result.text exactly: separators and
    untranslated segments (code, blank lines) are streamed too, and glossary enforcement
    happens inside the stream (StreamFilter), not after it. Stop (cancel) ends the current
    segment where it is and keeps everything translated so far; result.stopped says so.
    """
    if not text.strip():
        raise WritingError("There is no text to translate.")
    if engine.model is None:
        raise EngineError("No model is loaded.")
    source_lang, target_lang, detected = resolve_languages(text, source, target)
    terms = terms_for_pair(glossary, source_lang.code, target_lang.code)
    segments = plan_segments(text, engine, options)
    total = sum(1 for s in segments if s.translate)
    emit = on_text or (lambda piece: None)
    pieces: list[str] = []
    outputs: list[str] = []

    def out(piece: str) -> None:
        if piece:
            pieces.append(piece)
            emit(piece)

    started = time.perf_counter()
    generated = 0
    done = 0  # segments started
    completed = 0  # segments whose generation ended on its own
    stopped = False
    previous: tuple[str, str] | None = None
    for segment in segments:
        if cancel is not None and cancel.is_set():
            stopped = True
            break
        out(segment.prefix)
        if not segment.translate:
            out(segment.text + segment.suffix + separator_text(segment, target_lang.is_cjk))
            continue
        done += 1
        if on_segment_start:
            on_segment_start(done, total)
        seg_terms = relevant_terms(terms, segment.text)
        max_tokens = min(2 * engine.count_tokens(segment.text) + 32, engine.model.n_ctx // 2)
        prompt = translation_prompt(
            engine, segment.text, source_lang, target_lang, options, seg_terms, previous, max_tokens
        )
        params = GenerationParams(max_tokens=max_tokens, temperature=options.temperature, stop=prompt.stop)
        stream = StreamFilter(seg_terms, out)
        stats = send_prompt(engine, prompt, params, stream.feed, cancel)
        translated = stream.finish()
        generated += stats.generated_tokens
        outputs.append(translated)
        previous = _context_pair(engine, segment.text, translated)
        if stats.stop_reason == "cancelled":
            stopped = True
            break
        completed += 1
        out(segment.suffix + separator_text(segment, target_lang.is_cjk))
    return TranslationResult(
        text="".join(pieces),
        source=source_lang,
        target=target_lang,
        segments_done=completed,
        segments_total=total,
        stopped=stopped,
        source_detected=detected,
        generated_tokens=generated,
        seconds=time.perf_counter() - started,
        outputs=outputs,
    )

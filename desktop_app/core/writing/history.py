"""Translations in the history: stored as they stream, read back with their languages.

A translation is a 'translation' conversation: a user message whose first line names the
language pair ("[en → fr]") followed by the source text, then the translation as the
assistant message. This module is the one place that writes and reads that format.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from desktop_app.core.engine.base import Engine
from desktop_app.core.store import MessageRecord, Store
from desktop_app.core.stream_saver import StreamSaver
from desktop_app.core.titles import title_from
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.languages import Language
from desktop_app.core.writing.translate_prompts import TranslationOptions
from desktop_app.core.writing.translator import SegmentStartCallback, TranslationResult, resolve_languages, translate

_HEADER = re.compile(r"^\[([^\]\n]+?) → ([^\]\n]+?)\]\n?")


@dataclass(frozen=True)
class SavedTranslation:
    conversation_id: int
    source: str  # language codes ("" when an old entry has no header)
    target: str
    source_text: str
    translation: str
    status: str  # the translation message's status: complete, stopped, streaming, interrupted, failed


@dataclass(frozen=True)
class TranslationEntry:
    """Where a translation that is being written lives."""

    conversation_id: int
    message_id: int


class TranslationHistory:
    def __init__(self, store: Store) -> None:
        self.store = store

    def start(self, source_text: str, *, source: str, target: str, model: str | None = None) -> TranslationEntry:
        """Store the source text at once, with an empty translation that saves as it streams."""
        conversation = self.store.create_conversation(title_from(source_text), kind="translation", model=model)
        self.store.add_message(conversation.id, "user", f"[{source} → {target}]\n{source_text}")
        answer = self.store.add_message(conversation.id, "assistant", "", model=model, status="streaming")
        return TranslationEntry(conversation.id, answer.id)

    def save_progress(self, entry: TranslationEntry, text: str) -> None:
        self.store.update_message_content(entry.message_id, text)

    def finish(self, entry: TranslationEntry, text: str, status: str) -> None:
        self.store.finish_message(entry.message_id, text, status)

    def save(self, source_text: str, translation: str, *, source: str, target: str, stopped: bool = False,
             model: str | None = None) -> int:
        """Store a finished translation in one go; returns its conversation id."""
        entry = self.start(source_text, source=source, target=target, model=model)
        self.finish(entry, translation, "stopped" if stopped else "complete")
        return entry.conversation_id

    def load(self, conversation_id: int) -> SavedTranslation | None:
        """Read a stored translation back (None when it has no source text)."""
        return parse_translation(conversation_id, self.store.messages(conversation_id))


def parse_translation(conversation_id: int, messages: list[MessageRecord]) -> SavedTranslation | None:
    user = next((m for m in messages if m.role == "user"), None)
    answer = next((m for m in messages if m.role == "assistant"), None)
    if user is None:
        return None
    text, status = (answer.content, answer.status) if answer else ("", "complete")
    match = _HEADER.match(user.content)
    if match is None:
        return SavedTranslation(conversation_id, "", "", user.content, text, status)
    return SavedTranslation(conversation_id, match.group(1), match.group(2), user.content[match.end():], text, status)


def translate_into_history(
    store: Store,
    text: str,
    source: str | None,
    target: str,
    *,
    engine: Engine,
    options: TranslationOptions = TranslationOptions(),
    glossary: Sequence[GlossaryTerm] = (),
    on_text: Callable[[str], None] | None = None,
    on_segment_start: SegmentStartCallback | None = None,
    on_languages: Callable[[Language, Language, bool], None] | None = None,
    cancel: threading.Event | None = None,
) -> TranslationResult:
    """Translate and keep the translation in the history while it streams.

    The entry is created before the first segment and saved at every segment's start and
    every half second, so a crash or a closed window loses at most the last half second.
    Stop (or Ctrl+C in a terminal) stores it as stopped. The result names the entry.
    `on_languages(source, target, detected)` hears the languages before the work starts.
    """
    source_lang, target_lang, detected = resolve_languages(text, source, target)
    if on_languages is not None:
        on_languages(source_lang, target_lang, detected)
    model = engine.model.name if engine.model is not None else None
    history = TranslationHistory(store)
    entry = history.start(text, source=source_lang.code, target=target_lang.code, model=model)
    saver = StreamSaver(lambda so_far: history.save_progress(entry, so_far))
    emit = on_text or (lambda piece: None)

    def out(piece: str) -> None:
        saver.add(piece)
        emit(piece)

    def segment_start(k: int, n: int) -> None:
        saver.save_now()
        if on_segment_start is not None:
            on_segment_start(k, n)

    try:
        result = translate(text, source_lang.code, target_lang.code, engine=engine, options=options,
                           glossary=glossary, on_text=out, on_segment_start=segment_start, cancel=cancel)
    except KeyboardInterrupt:
        history.finish(entry, saver.text, "stopped")
        raise
    except Exception:
        history.finish(entry, saver.text, "failed")
        raise
    history.finish(entry, result.text, "stopped" if result.stopped else "complete")
    return replace(result, source_detected=detected, conversation_id=entry.conversation_id)


def saved_glossary(store: Store, source_lang: str | None = None, target_lang: str | None = None) -> list[GlossaryTerm]:
    """The glossary terms saved for this language pair (and those saved for any pair)."""
    from desktop_app.core.store.glossary import GlossaryRepository

    return [
        GlossaryTerm(r.source, r.target, r.source_lang, r.target_lang)
        for r in GlossaryRepository(store).list(source_lang, target_lang)
    ]

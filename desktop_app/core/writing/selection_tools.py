"""Tools for a selected passage: a suggestion to show beside the original, and a diff of the two."""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass
from typing import Callable, Literal

from desktop_app.core.engine.base import Engine
from desktop_app.core.writing.drafter import write_draft
from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.glossary import GlossaryTerm
from desktop_app.core.writing.translate_prompts import TranslationOptions
from desktop_app.core.writing.translator import translate

SelectionAction = Literal["rewrite", "proofread", "shorten", "expand", "translate", "change-tone"]
SELECTION_ACTIONS: tuple[str, ...] = ("rewrite", "proofread", "shorten", "expand", "translate", "change-tone")

DiffOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Suggestion:
    action: str
    original: str
    text: str
    stopped: bool


def suggest(
    action: str,
    selection: str,
    *,
    engine: Engine,
    target_language: str | None = None,
    tone: str | None = None,
    glossary: tuple[GlossaryTerm, ...] = (),
    on_text: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> Suggestion:
    """Run one tool on the selection; the text keeps the selection's language unless translating."""
    if action not in SELECTION_ACTIONS:
        raise WritingError(f"Unknown tool '{action}'. Choose one of: {', '.join(SELECTION_ACTIONS)}.")
    if not selection.strip():
        raise WritingError("Select some text first.")
    if action == "translate":
        if not target_language:
            raise WritingError("Choose the language to translate the selection into.")
        result = translate(selection, None, target_language, engine=engine, options=TranslationOptions(),
                           glossary=glossary, on_text=on_text, cancel=cancel)
        return Suggestion(action, selection, result.text, result.stopped)
    fields = {"text": selection}
    if action == "change-tone":
        fields["tone"] = tone or "formal"
    elif tone and action in ("rewrite", "expand"):
        fields["tone"] = tone
    if action == "expand":
        fields["length"] = str(max(60, 2 * len(selection.split())))
    elif action == "shorten":
        fields["length"] = str(max(10, len(selection.split()) // 2))
    draft = write_draft(action, fields, engine=engine, on_text=on_text, cancel=cancel,
                        temperature=0.2 if action == "proofread" else 0.7)
    return Suggestion(action, selection, draft.text, draft.stopped)


_TOKEN = re.compile(r"\s+|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


def diff_chunks(original: str, suggestion: str) -> list[tuple[DiffOp, str]]:
    """Word-level differences as (op, text) chunks; joining the 'equal' and 'delete' chunks gives
    the original, joining 'equal' and 'insert' gives the suggestion. Chinese/Japanese/Korean
    characters count as one word each."""
    a, b = _TOKEN.findall(original), _TOKEN.findall(suggestion)
    chunks: list[tuple[DiffOp, str]] = []

    def add(op: DiffOp, text: str) -> None:
        if not text:
            return
        if chunks and chunks[-1][0] == op:
            chunks[-1] = (op, chunks[-1][1] + text)
        else:
            chunks.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return chunks

"""Keeping translations and drafts in the history, and reading the saved glossary back."""

from __future__ import annotations

from typing import Mapping

from desktop_app.core.store import Store
from desktop_app.core.writing.glossary import GlossaryTerm

TITLE_LENGTH = 48


def title_from(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def save_translation(store: Store, source_text: str, translation: str, *, source: str, target: str,
                     stopped: bool = False, model: str | None = None) -> int:
    """Store source and translation as a 'translation' conversation; returns its id.

    The user message starts with a "[en → fr]" line so the pair can be shown and reloaded.
    """
    conversation = store.create_conversation(title_from(source_text), kind="translation", model=model)
    store.add_message(conversation.id, "user", f"[{source} → {target}]\n{source_text}")
    store.add_message(conversation.id, "assistant", translation, model=model,
                      status="stopped" if stopped else "complete")
    return conversation.id


def save_draft(store: Store, template: str, fields: Mapping[str, str], text: str, *,
               stopped: bool = False, model: str | None = None) -> int:
    """Store a draft as a 'draft' conversation: the request (template and fields), then the text."""
    request = "\n".join([f"[{template}]"] + [f"{k}: {v}" for k, v in fields.items() if v])
    title = fields.get("topic") or fields.get("text") or template
    conversation = store.create_conversation(title_from(title), kind="draft", model=model)
    store.add_message(conversation.id, "user", request)
    store.add_message(conversation.id, "assistant", text, model=model, status="stopped" if stopped else "complete")
    return conversation.id


def saved_glossary(store: Store, source_lang: str | None = None, target_lang: str | None = None) -> list[GlossaryTerm]:
    """The glossary terms saved for this language pair (and those saved for any pair)."""
    from desktop_app.core.store.glossary import GlossaryRepository

    return [
        GlossaryTerm(r.source, r.target, r.source_lang, r.target_lang)
        for r in GlossaryRepository(store).list(source_lang, target_lang)
    ]

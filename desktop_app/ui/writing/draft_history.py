"""Keeping the open draft in the history: created on first save, then updated in place.

core.writing.history.save_draft stores a draft as a 'draft' conversation: a user message
"[template]" + "key: value" lines, then the text as the assistant message. Saving again
updates that message (and the title), so autosave never piles up copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from PySide6.QtCore import QCoreApplication

from desktop_app.core.store import MessageRecord, Store
from desktop_app.core.writing.history import save_draft, title_from

_REQUEST_HEAD = re.compile(r"^\[([^\]\n]+)\]\s*$")
_FIELD_LINE = re.compile(r"^([a-z_]+): ?(.*)$")


@dataclass
class OpenDraft:
    """The draft in the editor: where it is stored (None until its first save) and how it was made."""

    template: str = "blank"  # a template name, "longform", or "blank" for text typed by hand
    fields: dict[str, str] = field(default_factory=dict)
    conversation_id: int | None = None
    message_id: int | None = None
    title: str = ""


def draft_title(text: str, fields: Mapping[str, str]) -> str:
    """The first heading or line of the text; else the topic."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return title_from(line)
    return title_from(fields.get("topic") or QCoreApplication.translate("DraftHistory", "Untitled draft"))


def save_open_draft(store: Store, draft: OpenDraft, text: str, *, stopped: bool = False,
                    model: str | None = None) -> bool:
    """Store text for draft (creating it on first save); False when there was nothing to store."""
    title = draft_title(text, draft.fields)
    if draft.conversation_id is None or draft.message_id is None:
        if not text.strip():
            return False
        draft.conversation_id = save_draft(store, draft.template, draft.fields, text, stopped=stopped, model=model)
        answers = [m for m in store.messages(draft.conversation_id) if m.role == "assistant"]
        draft.message_id = answers[-1].id
    else:
        store.finish_message(draft.message_id, text, "stopped" if stopped else "complete")
    if title != draft.title:
        store.rename_conversation(draft.conversation_id, title)
        draft.title = title
    return True


def load_draft(store: Store, conversation_id: int, known_keys: frozenset[str]) -> tuple[OpenDraft, str]:
    """The stored draft and its text."""
    messages = store.messages(conversation_id)
    conversation = store.get_conversation(conversation_id)
    template, fields = parse_request(_first(messages, "user"), known_keys)
    answer = _last(messages, "assistant")
    draft = OpenDraft(template, fields, conversation_id, answer.id if answer else None,
                      conversation.title if conversation else "")
    return draft, answer.content if answer else ""


def parse_request(message: MessageRecord | None, known_keys: frozenset[str]) -> tuple[str, dict[str, str]]:
    """Template name and fields from "[template]" + "key: value" lines (a value may span lines)."""
    if message is None:
        return "blank", {}
    lines = message.content.split("\n")
    head = _REQUEST_HEAD.match(lines[0]) if lines else None
    if head is None:
        return "blank", {}
    fields: dict[str, str] = {}
    key: str | None = None
    for line in lines[1:]:
        match = _FIELD_LINE.match(line)
        if match and match.group(1) in known_keys:
            key = match.group(1)
            fields[key] = match.group(2)
        elif key is not None:
            fields[key] += "\n" + line
    return head.group(1), fields


def _first(messages: list[MessageRecord], role: str) -> MessageRecord | None:
    return next((m for m in messages if m.role == role), None)


def _last(messages: list[MessageRecord], role: str) -> MessageRecord | None:
    return next((m for m in reversed(messages) if m.role == role), None)

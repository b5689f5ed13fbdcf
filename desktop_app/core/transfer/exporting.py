"""Conversations out of the store: Markdown to read (the branch on screen) or Inkstone JSON to keep
(everything: see inkstone_format.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from desktop_app.core.chat.tree import MessageTree
from desktop_app.core.errors import InkstoneError
from desktop_app.core.store import ConversationRecord, PresetRepository, Store
from desktop_app.core.transfer import inkstone_format

_LABELS = {"user": "You", "assistant": "Assistant", "system": "System"}
_NOTES = {"stopped": "stopped", "length": "cut at the length limit", "interrupted": "interrupted", "failed": "failed"}


def chosen(store: Store, conversation_ids: Sequence[int] | None, kind: str | None = None) -> list[ConversationRecord]:
    """The conversations asked for (None: all of them, or all of one kind), oldest first."""
    if conversation_ids is None:
        return sorted(store.list_conversations(kind=kind), key=lambda c: (c.created_at, c.id))
    found = []
    for conversation_id in conversation_ids:
        conversation = store.get_conversation(conversation_id)
        if conversation is None:
            raise InkstoneError(f"There is no conversation {conversation_id}.")
        found.append(conversation)
    return found


def export_json(store: Store, conversation_ids: Sequence[int] | None = None, kind: str | None = None) -> str:
    presets = {preset.id: preset for preset in PresetRepository(store).list()}
    documents = [inkstone_format.conversation_document(store, conversation, presets)
                 for conversation in chosen(store, conversation_ids, kind)]
    return json.dumps(inkstone_format.document(documents), ensure_ascii=False, indent=1) + "\n"


def export_markdown(store: Store, conversation_ids: Sequence[int] | None = None, kind: str | None = None) -> str:
    """Each conversation's branch on screen as Markdown, one after the other."""
    return "\n---\n\n".join(_markdown(store, conversation) for conversation in chosen(store, conversation_ids, kind))


def _markdown(store: Store, conversation: ConversationRecord) -> str:
    messages = store.messages(conversation.id)
    tree = MessageTree(messages)
    branch = tree.branch(conversation.current_leaf_id)
    lines = [f"# {conversation.title}", ""]
    facts = [conversation.kind.capitalize(), _when(conversation.created_at)]
    if conversation.model:
        facts.append(conversation.model)
    lines += [f"*{' · '.join(facts)}*", ""]
    others = len(messages) - len(branch)
    if others:
        lines += [f"*This is the branch on screen; {others} more messages are on other branches "
                  "(the JSON export keeps them).*", ""]
    for placed in branch:
        message = placed.record
        heading = _LABELS.get(message.role, message.role.capitalize())
        if message.role == "assistant" and message.model:
            heading += f" · {message.model}"
        if message.status in _NOTES:
            heading += f" ({_NOTES[message.status]})"
        lines += [f"## {heading}", "", message.content.strip(), ""]
    return "\n".join(lines)


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def write_export(text: str, path: Path) -> None:
    """Write atomically: an export that fails half-way leaves no half file under the name asked for."""
    path = Path(path)
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InkstoneError(f"The export could not be written to {path}: {exc.strerror or exc}.") from exc

"""Inkstone's own export format: JSON that keeps every branch, model, setting and timestamp.

    {
      "format": "inkstone.conversations",
      "version": 1,
      "exported_at": "2026-11-20T09:30:00.000000Z",
      "conversations": [
        {
          "id": 12,                       # the exporting database's id: only names it in this file
          "title": "Trip to Kyoto",
          "kind": "chat",                 # chat | translation | draft
          "created_at": "2026-11-18T08:00:00.000000Z",
          "updated_at": "2026-11-18T08:05:12.000000Z",
          "model": "Qwen2.5 3B Instruct", # null when unknown
          "pinned": false,
          "preset": {"name": "Translator", "system_prompt": "You are ..."},   # or null
          "temperature": 0.3,             # null: the model's own setting
          "max_tokens": null,
          "current_message": 57,          # the last message of the branch on screen, or null
          "messages": [
            {
              "id": 55, "parent": null, "role": "user", "content": "Plan a day in Kyoto",
              "status": "complete", "model": null,
              "created_at": "...", "updated_at": "...",
              "prompt_tokens": null, "generated_tokens": null,
              "time_to_first_token": null, "tokens_per_second": null
            },
            {"id": 56, "parent": 55, "role": "assistant", ...},
            {"id": 57, "parent": 55, "role": "assistant", ...}  # a regenerated answer: a sibling of 56
          ]
        }
      ]
    }

Times are ISO 8601 in UTC. A message's "parent" is the id of the message it follows (null
for a first message); messages may come in any order. Roles: user, assistant, system;
statuses: complete, stopped, length, interrupted, failed (streaming is imported as
interrupted). Import gives every conversation and message a new id: the ids only link the
file's messages to each other. Unknown keys are ignored, so later versions can add some.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from desktop_app.core.chat.tree import MessageTree
from desktop_app.core.store import (
    CONVERSATION_KINDS,
    MESSAGE_ROLES,
    MESSAGE_STATUSES,
    ConversationRecord,
    NewConversation,
    NewMessage,
    PresetRecord,
    Store,
)
from desktop_app.core.transfer.errors import ImportFileError
from desktop_app.core.transfer.ordering import parents_first

FORMAT = "inkstone.conversations"
VERSION = 1


def conversation_document(store: Store, conversation: ConversationRecord,
                          presets: dict[int, PresetRecord]) -> dict[str, Any]:
    messages = store.messages(conversation.id)
    preset = presets.get(conversation.preset_id) if conversation.preset_id is not None else None
    leaf = MessageTree(messages).branch(conversation.current_leaf_id)
    return {
        "id": conversation.id,
        "title": conversation.title,
        "kind": conversation.kind,
        "created_at": _stamp(conversation.created_at),
        "updated_at": _stamp(conversation.updated_at),
        "model": conversation.model,
        "pinned": conversation.pinned,
        "preset": {"name": preset.name, "system_prompt": preset.system_prompt} if preset else None,
        "temperature": conversation.temperature,
        "max_tokens": conversation.max_tokens,
        "current_message": leaf[-1].id if leaf else None,
        "messages": [
            {
                "id": m.id,
                "parent": m.parent_id,
                "role": m.role,
                "content": m.content,
                "status": m.status,
                "model": m.model,
                "created_at": _stamp(m.created_at),
                "updated_at": _stamp(m.updated_at),
                "prompt_tokens": m.prompt_tokens,
                "generated_tokens": m.generated_tokens,
                "time_to_first_token": m.time_to_first_token,
                "tokens_per_second": m.tokens_per_second,
            }
            for m in messages
        ],
    }


def document(conversations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _stamp(datetime.now(timezone.utc)),
        "conversations": conversations,
    }


def is_inkstone(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def parse(data: dict[str, Any], name: str) -> list[NewConversation]:
    """The conversations of an Inkstone export; ImportFileError names the first thing wrong."""
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ImportFileError(f"{name}: the export has no valid format version.")
    if version > VERSION:
        raise ImportFileError(f"{name} was exported by a newer Inkstone (format version {version}); "
                              "update Inkstone to import it.")
    items = data.get("conversations")
    if not isinstance(items, list):
        raise ImportFileError(f"{name}: “conversations” is missing or is not a list.")
    return [_conversation(item, f"{name}: conversation {number}", name) for number, item in enumerate(items, 1)]


def _conversation(item: Any, where: str, name: str) -> NewConversation:
    if not isinstance(item, dict):
        raise ImportFileError(f"{where} is not an object.")
    title = item.get("title")
    if isinstance(title, str):
        where = f"{name}: conversation “{title}”"
    else:
        raise ImportFileError(f"{where} has no title.")
    kind = item.get("kind", "chat")
    if kind not in CONVERSATION_KINDS:
        raise ImportFileError(f"{where} has the kind {kind!r}; expected one of {', '.join(sorted(CONVERSATION_KINDS))}.")
    raw_messages = item.get("messages")
    if not isinstance(raw_messages, list):
        raise ImportFileError(f"{where} has no list of messages.")
    messages = [_message(raw, f"{where}, message {number}") for number, raw in enumerate(raw_messages, 1)]
    ordered = parents_first(messages, where)
    current = item.get("current_message")
    if current is not None and current not in {m.key for m in messages}:
        raise ImportFileError(f"{where}: its current message {current!r} is not one of its messages.")
    preset = item.get("preset")
    if preset is not None and not (
        isinstance(preset, dict) and isinstance(preset.get("name"), str) and isinstance(preset.get("system_prompt"), str)
    ):
        raise ImportFileError(f"{where}: “preset” needs a name and a system_prompt.")
    return NewConversation(
        title=title,
        kind=kind,
        model=_optional(item, "model", str, where),
        created_at=_time(item, "created_at", where),
        updated_at=_time(item, "updated_at", where),
        messages=tuple(ordered),
        current_leaf_key=current,
        preset=(preset["name"], preset["system_prompt"]) if preset else None,
        temperature=_optional(item, "temperature", (int, float), where),
        max_tokens=_optional(item, "max_tokens", int, where),
        pinned=bool(item.get("pinned", False)),
    )


def _message(raw: Any, where: str) -> NewMessage:
    if not isinstance(raw, dict):
        raise ImportFileError(f"{where} is not an object.")
    key = raw.get("id")
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise ImportFileError(f"{where} has no id.")
    where = f"{where} (id {key!r})"
    parent = raw.get("parent")
    if parent is not None and (isinstance(parent, bool) or not isinstance(parent, (int, str))):
        raise ImportFileError(f"{where} has a parent that is not an id.")
    role = raw.get("role")
    if role not in MESSAGE_ROLES:
        raise ImportFileError(f"{where} has the role {role!r}; expected one of {', '.join(sorted(MESSAGE_ROLES))}.")
    content = raw.get("content")
    if not isinstance(content, str):
        raise ImportFileError(f"{where} has no text (“content” must be a string).")
    status = raw.get("status", "complete")
    if status not in MESSAGE_STATUSES:
        raise ImportFileError(f"{where} has the status {status!r}.")
    return NewMessage(
        key=key,
        parent_key=parent,
        role=role,
        content=content,
        status=status,
        model=_optional(raw, "model", str, where),
        created_at=_time(raw, "created_at", where),
        updated_at=_time(raw, "updated_at", where),
        prompt_tokens=_optional(raw, "prompt_tokens", int, where),
        generated_tokens=_optional(raw, "generated_tokens", int, where),
        time_to_first_token=_optional(raw, "time_to_first_token", (int, float), where),
        tokens_per_second=_optional(raw, "tokens_per_second", (int, float), where),
    )


def _optional(item: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ImportFileError(f"{where}: “{key}” has an unexpected value {value!r}.")
    return value


def _time(item: dict[str, Any], key: str, where: str) -> datetime | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ImportFileError(f"{where}: “{key}” is not a date and time ({value!r}).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

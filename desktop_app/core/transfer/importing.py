"""Conversations into the store from a file: all of them in one transaction, or none."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.store import NewConversation, Store, StoreError
from desktop_app.core.transfer import chatgpt_format, inkstone_format
from desktop_app.core.transfer.errors import ImportFileError

MAX_IMPORT_BYTES = 2 * 1024**3  # larger than any real export; refuses a wrong pick before reading it


@dataclass(frozen=True)
class ImportPlan:
    format: str  # "inkstone" or "chatgpt"
    conversations: list[NewConversation]

    @property
    def messages(self) -> int:
        return sum(len(c.messages) for c in self.conversations)


@dataclass(frozen=True)
class ImportResult:
    format: str
    conversation_ids: list[int]
    messages: int


def read_import_file(path: Path) -> ImportPlan:
    """Read and check a whole file (nothing is stored); ImportFileError says what is wrong and where."""
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(f"{name} is too large to be a conversation export.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    return parse_import(raw, name)


def parse_import(raw: bytes, name: str) -> ImportPlan:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{name} is not a text file in UTF-8 (byte {exc.start:,} cannot be read).") from exc
    data = _json(text, name)
    if inkstone_format.is_inkstone(data):
        return ImportPlan("inkstone", inkstone_format.parse(data, name))
    if chatgpt_format.is_chatgpt(data):
        return ImportPlan("chatgpt", chatgpt_format.parse(data, name))
    raise ImportFileError(
        f"{name} is neither an Inkstone export nor ChatGPT's conversations.json "
        "(no “format” of Inkstone's, and no conversations with a “mapping”)."
    )


def import_file(store: Store, path: Path) -> ImportResult:
    plan = read_import_file(path)
    return store_plan(store, plan, Path(path).name)


def store_plan(store: Store, plan: ImportPlan, name: str) -> ImportResult:
    try:
        records = store.insert_conversations(plan.conversations)
    except StoreError as exc:
        raise ImportFileError(f"{name} was not imported: {exc}") from exc
    return ImportResult(plan.format, [record.id for record in records], plan.messages)


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise ImportFileError(
                f"{name} ends too early (line {exc.lineno}): the file was cut off; export it again."
            ) from exc
        raise ImportFileError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from exc

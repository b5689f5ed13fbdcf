"""What the store hands out: frozen plain values, safe to pass between threads (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CONVERSATION_KINDS = frozenset({"chat", "translation", "draft"})
MESSAGE_ROLES = frozenset({"system", "user", "assistant"})
# "length": the answer stopped at its token limit (it can be continued, like a stopped one).
MESSAGE_STATUSES = frozenset({"complete", "streaming", "stopped", "length", "interrupted", "failed"})


@dataclass(frozen=True)
class ConversationRecord:
    id: int
    title: str
    kind: str
    created_at: datetime
    updated_at: datetime
    model: str | None
    # The last message of the branch the user looks at (None: no messages yet).
    current_leaf_id: int | None = None
    # Per-conversation settings: a system-prompt preset, sampling overrides (None: the model's own).
    preset_id: int | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    pinned: bool = False

    @property
    def cursor(self) -> tuple[datetime, int]:
        """Its place in the list (most recent activity first); `list_conversations(after=...)` continues below it."""
        return (self.updated_at, self.id)


@dataclass(frozen=True)
class MessageRecord:
    id: int
    conversation_id: int
    role: str
    content: str
    status: str
    model: str | None
    created_at: datetime
    updated_at: datetime
    prompt_tokens: int | None
    generated_tokens: int | None
    time_to_first_token: float | None
    tokens_per_second: float | None
    parent_id: int | None = None  # the message this one answers or follows; None for a first message


@dataclass(frozen=True)
class NewMessage:
    """A message to store with its conversation (an import, a fork): `key` names it within the
    conversation, `parent_key` the message it follows (None for a first one)."""

    key: object
    parent_key: object | None
    role: str
    content: str
    status: str = "complete"
    model: str | None = None
    created_at: datetime | None = None  # None: now
    updated_at: datetime | None = None  # None: created_at
    prompt_tokens: int | None = None
    generated_tokens: int | None = None
    time_to_first_token: float | None = None
    tokens_per_second: float | None = None


@dataclass(frozen=True)
class NewConversation:
    """A conversation to store whole, in one transaction with others (see Store.insert_conversations)."""

    title: str
    messages: tuple[NewMessage, ...]  # every parent before its children
    kind: str = "chat"
    model: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    current_leaf_key: object | None = None  # None: the newest message
    preset: tuple[str, str] | None = None  # (name, system prompt): an existing preset like it, else a new one
    temperature: float | None = None
    max_tokens: int | None = None
    pinned: bool = False


@dataclass(frozen=True)
class DeletedMessages:
    """What Store.delete_subtree removed, so that restore_messages can put it back as it was."""

    conversation_id: int
    messages: tuple[MessageRecord, ...]  # in id order: parents first
    previous_leaf_id: int | None

    @property
    def root_id(self) -> int | None:
        return self.messages[0].id if self.messages else None

"""What the store hands out: frozen plain values, safe to pass between threads (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CONVERSATION_KINDS = frozenset({"chat", "translation", "draft"})
MESSAGE_ROLES = frozenset({"system", "user", "assistant"})
MESSAGE_STATUSES = frozenset({"complete", "streaming", "stopped", "interrupted", "failed"})


@dataclass(frozen=True)
class ConversationRecord:
    id: int
    title: str
    kind: str
    created_at: datetime
    updated_at: datetime
    model: str | None

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

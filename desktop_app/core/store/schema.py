"""ORM models: the shape the migrations build, described for typed queries.

Change a table here only together with a new migration in migrations.py;
tests/core/store/test_migrations.py checks the two agree.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, Index, Text, false, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (SQLite has no time zones) and hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware one")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_kind_updated_at_id", "kind", "updated_at", "id"),
        Index("ix_conversations_kind_pinned_updated_at_id", "kind", "pinned", "updated_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    model: Mapped[str | None] = mapped_column(Text)
    current_leaf_id: Mapped[int | None]  # the last message of the branch on screen (see m005_message_tree)
    preset_id: Mapped[int | None] = mapped_column(ForeignKey("chat_presets.id", ondelete="SET NULL"))
    temperature: Mapped[float | None]
    max_tokens: Mapped[int | None]
    pinned: Mapped[bool] = mapped_column(default=False, server_default=false())


class Preset(Base):
    """A named system prompt ("persona") a conversation can use."""

    __tablename__ = "chat_presets"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    system_prompt: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_id", "conversation_id"),
        Index("ix_messages_parent_id", "parent_id"),
        # Holds only the answers being written (none, most of the time): start-up finds them at once.
        Index("ix_messages_streaming", "id", sqlite_where=text("status = 'streaming'")),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    prompt_tokens: Mapped[int | None]
    generated_tokens: Mapped[int | None]
    time_to_first_token: Mapped[float | None]
    tokens_per_second: Mapped[float | None]
    # The process writing a "streaming" answer (pid and start time; see core/processes.py).
    writer_pid: Mapped[int | None]
    writer_started: Mapped[float | None]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))

"""The Store: every read and write of conversations and messages, one short transaction each."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, literal, select, tuple_, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.paths import database_path
from desktop_app.core.processes import ProcessIdentity, current_process, is_running
from desktop_app.core.store.clock import UTCClock
from desktop_app.core.store.database import CASEFOLD_FUNCTION, create_sqlite_engine, writer
from desktop_app.core.store.errors import StoreError, describe_database_error
from desktop_app.core.store.migrations import migrate, user_version
from desktop_app.core.store.records import (
    CONVERSATION_KINDS,
    MESSAGE_ROLES,
    MESSAGE_STATUSES,
    ConversationRecord,
    MessageRecord,
)
from desktop_app.core.store.schema import Conversation, Message


def _conversation_record(row: Conversation) -> ConversationRecord:
    return ConversationRecord(
        id=row.id,
        title=row.title,
        kind=row.kind,
        created_at=row.created_at,
        updated_at=row.updated_at,
        model=row.model,
    )


def _message_record(row: Message) -> MessageRecord:
    return MessageRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        role=row.role,
        content=row.content,
        status=row.status,
        model=row.model,
        created_at=row.created_at,
        updated_at=row.updated_at,
        prompt_tokens=row.prompt_tokens,
        generated_tokens=row.generated_tokens,
        time_to_first_token=row.time_to_first_token,
        tokens_per_second=row.tokens_per_second,
    )


def _check(value: str, allowed: frozenset[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {sorted(allowed)}")


class Store:
    """Conversations and messages in one SQLite file. Safe to call from several threads.

    `process` is recorded as the writer of the answers it streams (default: this process), so
    another process starting up leaves them alone while it runs.
    """

    def __init__(self, db_path: Path | None = None, process: ProcessIdentity | None = None) -> None:
        self.path = Path(db_path) if db_path is not None else database_path()
        self.process = process or current_process()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Inkstone cannot create the folder for its database {self.path.parent}: "
                f"{exc.strerror or exc}."
            ) from exc
        self._engine = create_sqlite_engine(self.path)
        self._writer = writer(self._engine)
        self._reads = sessionmaker(self._engine, expire_on_commit=False)
        self._writes = sessionmaker(self._writer, expire_on_commit=False)
        self._clock = UTCClock()
        self._closed = False
        try:
            with self._translated_errors():
                migrate(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:
            detail = str(getattr(exc, "orig", None) or exc)
            raise StoreError(describe_database_error(self.path, detail)) from exc

    @contextmanager
    def _session(self, *, write: bool) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on error, errors made readable."""
        if self._closed:
            raise StoreError("The conversation store is closed.")
        factory = self._writes if write else self._reads
        with self._translated_errors(), factory.begin() as session:
            yield session

    def close(self) -> None:
        """Close pooled connections; the last one to close folds the WAL back into the file."""
        self._closed = True
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._translated_errors():
            return user_version(self._engine)

    # -- conversations ----------------------------------------------------------------------

    def create_conversation(
        self, title: str = "New chat", kind: str = "chat", model: str | None = None
    ) -> ConversationRecord:
        _check(kind, CONVERSATION_KINDS, "conversation kind")
        now = self._clock.now()
        row = Conversation(title=title, kind=kind, model=model, created_at=now, updated_at=now)
        with self._session(write=True) as session:
            session.add(row)
            session.flush()
            return _conversation_record(row)

    def list_conversations(
        self,
        kind: str | None = "chat",
        limit: int | None = None,
        after: tuple[datetime, int] | None = None,
    ) -> list[ConversationRecord]:
        """Most recent activity first (updated_at, then id, descending); kind=None lists every kind.

        Pages by keyset, not OFFSET: `after` is the `cursor` of the last record of the previous
        page, so every page is one index range (as cheap at the end of the list as at the start),
        and a conversation that becomes active between two pages moves above the cursor instead
        of shifting the rest: each conversation is listed once.
        """
        query = select(Conversation).order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        if kind is not None:
            query = query.where(Conversation.kind == kind)
        if after is not None:
            updated_at, conversation_id = after
            query = query.where(
                tuple_(Conversation.updated_at, Conversation.id)
                < tuple_(
                    literal(updated_at, Conversation.updated_at.type),
                    literal(conversation_id, Conversation.id.type),
                )
            )
        if limit is not None:
            query = query.limit(limit)
        with self._session(write=False) as session:
            return [_conversation_record(row) for row in session.scalars(query)]

    def get_conversation(self, conversation_id: int) -> ConversationRecord | None:
        with self._session(write=False) as session:
            row = session.get(Conversation, conversation_id)
            return None if row is None else _conversation_record(row)

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        """Renaming a conversation that no longer exists does nothing."""
        with self._session(write=True) as session:
            session.execute(
                update(Conversation).where(Conversation.id == conversation_id).values(title=title)
            )

    def delete_conversation(self, conversation_id: int) -> None:
        """Deletes its messages too (ON DELETE CASCADE); deleting twice is harmless."""
        with self._session(write=True) as session:
            session.execute(delete(Conversation).where(Conversation.id == conversation_id))

    # -- messages ---------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        model: str | None = None,
        status: str = "complete",
    ) -> MessageRecord:
        """Append a message and mark the conversation as just active; a streaming one records its writer."""
        _check(role, MESSAGE_ROLES, "message role")
        _check(status, MESSAGE_STATUSES, "message status")
        now = self._clock.now()
        with self._session(write=True) as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None:
                raise StoreError(f"Conversation {conversation_id} no longer exists.")
            conversation.updated_at = now
            row = Message(
                conversation_id=conversation_id,
                role=role,
                content=content,
                status=status,
                model=model,
                created_at=now,
                updated_at=now,
            )
            if status == "streaming":
                row.writer_pid, row.writer_started = self.process.pid, self.process.started
            session.add(row)
            session.flush()
            return _message_record(row)

    def add_exchange(
        self, conversation_id: int | None, question: str, *, title: str, model: str | None = None
    ) -> tuple[ConversationRecord, MessageRecord, MessageRecord]:
        """The user's message and an empty answer to stream into, in one transaction: a send costs one
        write. A conversation that does not exist (None, or deleted meanwhile) is created with `title`."""
        now = self._clock.now()
        with self._session(write=True) as session:
            conversation = session.get(Conversation, conversation_id) if conversation_id is not None else None
            if conversation is None:
                conversation = Conversation(title=title, kind="chat", model=model, created_at=now, updated_at=now)
                session.add(conversation)
                session.flush()
            conversation.updated_at = now
            user = Message(conversation_id=conversation.id, role="user", content=question, status="complete",
                           model=None, created_at=now, updated_at=now)
            answer = Message(conversation_id=conversation.id, role="assistant", content="", status="streaming",
                             model=model, created_at=now, updated_at=now,
                             writer_pid=self.process.pid, writer_started=self.process.started)
            session.add_all([user, answer])
            session.flush()
            return _conversation_record(conversation), _message_record(user), _message_record(answer)

    def update_message_content(self, message_id: int, content: str) -> None:
        """Save the text of an answer so far: one UPDATE, no ORM load. A deleted message is ignored."""
        statement = (
            update(Message)
            .where(Message.id == message_id)
            .values(content=content, updated_at=self._clock.now())
        )
        if self._closed:
            raise StoreError("The conversation store is closed.")
        with self._translated_errors(), self._writer.begin() as conn:
            conn.execute(statement)

    def finish_message(
        self,
        message_id: int,
        content: str,
        status: str,
        *,
        prompt_tokens: int | None = None,
        generated_tokens: int | None = None,
        time_to_first_token: float | None = None,
        tokens_per_second: float | None = None,
    ) -> MessageRecord:
        """Store the final text, status and stats of a message; counts as conversation activity."""
        _check(status, MESSAGE_STATUSES, "message status")
        now = self._clock.now()
        with self._session(write=True) as session:
            row = session.get(Message, message_id)
            if row is None:
                raise StoreError("The message being written was deleted (its conversation was removed).")
            row.content = content
            row.status = status
            row.prompt_tokens = prompt_tokens
            row.generated_tokens = generated_tokens
            row.time_to_first_token = time_to_first_token
            row.tokens_per_second = tokens_per_second
            row.updated_at = now
            session.execute(
                update(Conversation).where(Conversation.id == row.conversation_id).values(updated_at=now)
            )
            session.flush()
            return _message_record(row)

    def messages(self, conversation_id: int) -> list[MessageRecord]:
        """The conversation's messages in the order they were added."""
        query = select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        with self._session(write=False) as session:
            return [_message_record(row) for row in session.scalars(query)]

    def recover_interrupted(self) -> int:
        """At start-up: answers left "streaming" by a process that is gone become "interrupted", text kept.

        Answers another running process (a window, an `inkstone ask`) is still writing are left alone.
        """
        query = select(Message.id, Message.writer_pid, Message.writer_started).where(Message.status == "streaming")
        with self._session(write=True) as session:  # BEGIN IMMEDIATE: no writer finishes in between
            orphans = [
                message_id
                for message_id, pid, started in session.execute(query)
                if pid is None or not is_running(ProcessIdentity(pid, started or 0.0))
            ]
            if not orphans:
                return 0
            result = session.execute(
                update(Message)
                .where(Message.id.in_(orphans), Message.status == "streaming")
                .values(status="interrupted", updated_at=self._clock.now())
            )
            return int(result.rowcount)

    def search_messages(self, text: str, limit: int = 50) -> list[tuple[ConversationRecord, MessageRecord]]:
        """Messages containing text, ignoring case (Unicode-aware, unlike SQLite's LIKE); newest first."""
        if not text:
            return []
        folded = getattr(func, CASEFOLD_FUNCTION)
        query = (
            select(Conversation, Message)
            .join(Message, Message.conversation_id == Conversation.id)
            .where(func.instr(folded(Message.content), text.casefold()) > 0)
            .order_by(Message.id.desc())
            .limit(limit)
        )
        with self._session(write=False) as session:
            return [
                (_conversation_record(conversation), _message_record(message))
                for conversation, message in session.execute(query)
            ]

"""The Store: every read and write of conversations and messages, one short transaction each."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, literal, select, text, tuple_, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.paths import database_path
from desktop_app.core.processes import ProcessIdentity, current_process, is_running
from desktop_app.core.search.query import parse_query
from desktop_app.core.store import message_search, search_index
from desktop_app.core.store.clock import UTCClock
from desktop_app.core.store.database import create_sqlite_engine, writer
from desktop_app.core.store.errors import StoreError, describe_database_error
from desktop_app.core.store.migrations import migrate, user_version
from desktop_app.core.store.records import (
    CONVERSATION_KINDS,
    MESSAGE_ROLES,
    MESSAGE_STATUSES,
    ConversationRecord,
    DeletedMessages,
    MessageRecord,
    NewConversation,
)
from desktop_app.core.store.schema import Conversation, Message, Preset


class _AtLeaf:
    """The parent of a new message when none is given: the conversation's current leaf."""

    def __repr__(self) -> str:
        return "AT_LEAF"


AT_LEAF = _AtLeaf()
Parent = int | None | _AtLeaf

# The messages of a subtree (the root given as :root), by a walk down parent_id (ix_messages_parent_id).
_SUBTREE = (
    "WITH RECURSIVE subtree(id) AS (SELECT :root UNION ALL "
    "SELECT m.id FROM messages AS m JOIN subtree ON m.parent_id = subtree.id) "
)


def _conversation_record(row: Conversation) -> ConversationRecord:
    return ConversationRecord(
        id=row.id,
        title=row.title,
        kind=row.kind,
        created_at=row.created_at,
        updated_at=row.updated_at,
        model=row.model,
        current_leaf_id=row.current_leaf_id,
        preset_id=row.preset_id,
        temperature=row.temperature,
        max_tokens=row.max_tokens,
        pinned=bool(row.pinned),
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
        parent_id=row.parent_id,
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
                self._indexed = self._has_search_index()
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

    def _has_search_index(self) -> bool:
        with self._engine.connect() as conn:
            return search_index.present(conn)

    @property
    def has_search_index(self) -> bool:
        """False where SQLite lacks FTS5 or its trigram tokenizer: search then scans (slower, same results)."""
        return self._indexed

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
        pinned: bool | None = None,
    ) -> list[ConversationRecord]:
        """Most recent activity first (updated_at, then id, descending); kind=None lists every kind,
        pinned=True only pinned ones, False only the others.

        Pages by keyset, not OFFSET: `after` is the `cursor` of the last record of the previous
        page, so every page is one index range (as cheap at the end of the list as at the start),
        and a conversation that becomes active between two pages moves above the cursor instead
        of shifting the rest: each conversation is listed once.
        """
        query = select(Conversation).order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        if kind is not None:
            query = query.where(Conversation.kind == kind)
        if pinned is not None:
            query = query.where(Conversation.pinned == pinned)
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

    def rename_if_unchanged(self, conversation_id: int, expected: str, title: str) -> bool:
        """Rename unless the title is no longer `expected` (the user renamed it meanwhile)."""
        with self._session(write=True) as session:
            result = session.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id, Conversation.title == expected)
                .values(title=title)
            )
            return bool(result.rowcount)

    def set_pinned(self, conversation_id: int, pinned: bool) -> ConversationRecord | None:
        return self._change_conversation(conversation_id, pinned=pinned)

    def set_conversation_settings(
        self, conversation_id: int, *, preset_id: int | None, temperature: float | None, max_tokens: int | None
    ) -> ConversationRecord | None:
        """The conversation's system-prompt preset and sampling overrides (None: the defaults)."""
        return self._change_conversation(
            conversation_id, preset_id=preset_id, temperature=temperature, max_tokens=max_tokens
        )

    def _change_conversation(self, conversation_id: int, **values: object) -> ConversationRecord | None:
        with self._session(write=True) as session:
            row = session.get(Conversation, conversation_id)
            if row is None:
                return None
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            return _conversation_record(row)

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
        parent_id: Parent = AT_LEAF,
    ) -> MessageRecord:
        """Add a message after `parent_id` (default: the current leaf) and make it the current leaf;
        marks the conversation as just active; a streaming one records its writer."""
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
                parent_id=self._parent(session, conversation, parent_id),
            )
            if status == "streaming":
                row.writer_pid, row.writer_started = self.process.pid, self.process.started
            session.add(row)
            session.flush()
            conversation.current_leaf_id = row.id
            return _message_record(row)

    @staticmethod
    def _parent(session: Session, conversation: Conversation, parent_id: Parent) -> int | None:
        if isinstance(parent_id, _AtLeaf):
            return conversation.current_leaf_id
        if parent_id is not None:
            parent = session.get(Message, parent_id)
            if parent is None or parent.conversation_id != conversation.id:
                raise StoreError("The message this one follows was deleted.")
        return parent_id

    def add_exchange(
        self,
        conversation_id: int | None,
        question: str,
        *,
        title: str,
        model: str | None = None,
        parent_id: Parent = AT_LEAF,
    ) -> tuple[ConversationRecord, MessageRecord, MessageRecord]:
        """The user's message (after `parent_id`, default the current leaf) and an empty answer to stream
        into, in one transaction: a send costs one write. The answer becomes the current leaf. A
        conversation that does not exist (None, or deleted meanwhile) is created with `title`."""
        now = self._clock.now()
        with self._session(write=True) as session:
            conversation = session.get(Conversation, conversation_id) if conversation_id is not None else None
            if conversation is None:
                conversation = Conversation(title=title, kind="chat", model=model, created_at=now, updated_at=now)
                session.add(conversation)
                session.flush()
                parent_id = None
            conversation.updated_at = now
            user = Message(conversation_id=conversation.id, role="user", content=question, status="complete",
                           model=None, created_at=now, updated_at=now,
                           parent_id=self._parent(session, conversation, parent_id))
            session.add(user)
            session.flush()
            answer = Message(conversation_id=conversation.id, role="assistant", content="", status="streaming",
                             model=model, created_at=now, updated_at=now, parent_id=user.id,
                             writer_pid=self.process.pid, writer_started=self.process.started)
            session.add(answer)
            session.flush()
            conversation.current_leaf_id = answer.id
            return _conversation_record(conversation), _message_record(user), _message_record(answer)

    def add_answer(self, question_id: int, *, model: str | None = None) -> MessageRecord:
        """An empty answer to stream into, after the user's message `question_id` (beside the answers it
        already has: a regenerated answer), made the current leaf."""
        now = self._clock.now()
        with self._session(write=True) as session:
            question = session.get(Message, question_id)
            if question is None:
                raise StoreError("The question was deleted.")
            conversation = session.get(Conversation, question.conversation_id)
            assert conversation is not None  # messages go with their conversation
            conversation.updated_at = now
            answer = Message(conversation_id=question.conversation_id, role="assistant", content="",
                             status="streaming", model=model, created_at=now, updated_at=now,
                             parent_id=question_id, writer_pid=self.process.pid,
                             writer_started=self.process.started)
            session.add(answer)
            session.flush()
            conversation.current_leaf_id = answer.id
            return _message_record(answer)

    def reopen_answer(self, message_id: int) -> MessageRecord:
        """Mark a finished answer as streaming again (Continue: the same answer grows), by this process."""
        with self._session(write=True) as session:
            row = session.get(Message, message_id)
            if row is None:
                raise StoreError("The answer was deleted.")
            if row.role != "assistant" or row.status == "streaming":
                raise StoreError("Only a finished answer can be continued.")
            row.status = "streaming"
            row.writer_pid, row.writer_started = self.process.pid, self.process.started
            row.updated_at = self._clock.now()
            conversation = session.get(Conversation, row.conversation_id)
            assert conversation is not None
            conversation.current_leaf_id = row.id
            conversation.updated_at = row.updated_at
            session.flush()
            return _message_record(row)

    def message(self, message_id: int) -> MessageRecord | None:
        with self._session(write=False) as session:
            row = session.get(Message, message_id)
            return None if row is None else _message_record(row)

    def set_current_leaf(self, conversation_id: int, message_id: int | None) -> None:
        """The branch on screen now ends at message_id (a message of this conversation, or None)."""
        with self._session(write=True) as session:
            if message_id is not None:
                row = session.get(Message, message_id)
                if row is None or row.conversation_id != conversation_id:
                    raise StoreError("That message was deleted.")
            session.execute(
                update(Conversation).where(Conversation.id == conversation_id).values(current_leaf_id=message_id)
            )

    def delete_subtree(self, message_id: int) -> DeletedMessages:
        """Delete a message and every message after it on any branch, in one transaction.

        If the current leaf was among them, the branch on screen becomes the newest one left under
        the message's parent (or in the conversation). Returns what was removed, for restore_messages.
        An answer still being written cannot be deleted.
        """
        with self._session(write=True) as session:
            root = session.get(Message, message_id)
            if root is None:
                raise StoreError("That message was already deleted.")
            rows = list(session.scalars(
                select(Message).from_statement(
                    text(_SUBTREE + "SELECT messages.* FROM messages JOIN subtree ON messages.id = subtree.id "
                         "ORDER BY messages.id").bindparams(root=message_id)
                )
            ))
            if any(row.status == "streaming" for row in rows):
                raise StoreError("Stop the answer that is being written before deleting it.")
            records = tuple(_message_record(row) for row in rows)
            conversation = session.get(Conversation, root.conversation_id)
            assert conversation is not None
            previous_leaf = conversation.current_leaf_id
            parent_id = root.parent_id
            session.expunge_all()
            session.execute(
                text(_SUBTREE + "DELETE FROM messages WHERE id IN (SELECT id FROM subtree)"), {"root": message_id}
            )
            removed = {record.id for record in records}
            if previous_leaf is None or previous_leaf in removed:
                new_leaf = self._latest_leaf(session, root.conversation_id, parent_id)
                session.execute(
                    update(Conversation).where(Conversation.id == root.conversation_id).values(current_leaf_id=new_leaf)
                )
            return DeletedMessages(root.conversation_id, records, previous_leaf)

    @staticmethod
    def _latest_leaf(session: Session, conversation_id: int, under: int | None) -> int | None:
        """The newest message under `under` (itself if it has none), or in the whole conversation."""
        if under is None:
            return session.scalar(select(func.max(Message.id)).where(Message.conversation_id == conversation_id))
        return session.scalar(text(_SUBTREE + "SELECT MAX(id) FROM subtree"), {"root": under})

    def restore_messages(self, deleted: DeletedMessages) -> None:
        """Put back what delete_subtree removed, with the same ids, and the branch that was on screen."""
        with self._session(write=True) as session:
            conversation = session.get(Conversation, deleted.conversation_id)
            if conversation is None:
                raise StoreError("The conversation was deleted meanwhile.")
            first = deleted.messages[0] if deleted.messages else None
            if first is not None and first.parent_id is not None and session.get(Message, first.parent_id) is None:
                raise StoreError("The message these followed was deleted meanwhile.")
            for record in deleted.messages:
                session.add(Message(
                    id=record.id, conversation_id=record.conversation_id, role=record.role, content=record.content,
                    status=record.status, model=record.model, created_at=record.created_at,
                    updated_at=record.updated_at, prompt_tokens=record.prompt_tokens,
                    generated_tokens=record.generated_tokens, time_to_first_token=record.time_to_first_token,
                    tokens_per_second=record.tokens_per_second, parent_id=record.parent_id,
                ))
                session.flush()  # one at a time, parents first: the parent reference holds at each insert
            leaf = deleted.previous_leaf_id
            if leaf is not None and session.get(Message, leaf) is not None:
                conversation.current_leaf_id = leaf

    def insert_conversations(self, conversations: list[NewConversation]) -> list[ConversationRecord]:
        """Store whole conversations (an import, a fork) in one transaction: all of them, or none."""
        now = self._clock.now()
        records = []
        with self._session(write=True) as session:
            presets: dict[tuple[str, str], int] = {}
            for new in conversations:
                _check(new.kind, CONVERSATION_KINDS, "conversation kind")
                created = new.created_at or now
                row = Conversation(
                    title=new.title, kind=new.kind, model=new.model, created_at=created,
                    updated_at=new.updated_at or created, temperature=new.temperature,
                    max_tokens=new.max_tokens, pinned=new.pinned,
                    preset_id=self._preset_like(session, new.preset, presets) if new.preset else None,
                )
                session.add(row)
                session.flush()
                ids: dict[object, int] = {}
                for message in new.messages:
                    _check(message.role, MESSAGE_ROLES, "message role")
                    _check(message.status, MESSAGE_STATUSES, "message status")
                    if message.parent_key is not None and message.parent_key not in ids:
                        raise StoreError(f"Message {message.key!r} of “{new.title}” comes before the message it follows.")
                    if message.key in ids:
                        raise StoreError(f"Two messages of “{new.title}” are both called {message.key!r}.")
                    stamp = message.created_at or created
                    item = Message(
                        conversation_id=row.id, role=message.role, content=message.content,
                        status="interrupted" if message.status == "streaming" else message.status,
                        model=message.model, created_at=stamp, updated_at=message.updated_at or stamp,
                        prompt_tokens=message.prompt_tokens, generated_tokens=message.generated_tokens,
                        time_to_first_token=message.time_to_first_token,
                        tokens_per_second=message.tokens_per_second,
                        parent_id=None if message.parent_key is None else ids[message.parent_key],
                    )
                    session.add(item)
                    session.flush()
                    ids[message.key] = item.id
                if new.current_leaf_key is not None and new.current_leaf_key not in ids:
                    raise StoreError(f"The current message of “{new.title}” is not one of its messages.")
                row.current_leaf_id = ids[new.current_leaf_key] if new.current_leaf_key is not None else (
                    max(ids.values()) if ids else None)
                session.flush()
                records.append(_conversation_record(row))
        return records

    def _preset_like(self, session: Session, preset: tuple[str, str], made: dict[tuple[str, str], int]) -> int:
        """The id of a preset with this name and prompt, created if there is none."""
        if preset in made:
            return made[preset]
        name, prompt = preset
        found = session.scalar(
            select(Preset.id).where(Preset.name == name, Preset.system_prompt == prompt).order_by(Preset.id).limit(1)
        )
        if found is None:
            row = Preset(name=name, system_prompt=prompt, created_at=self._clock.now())
            session.add(row)
            session.flush()
            found = row.id
        made[preset] = found
        return found

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
        # A literal, not a parameter: only then can SQLite use the partial index ix_messages_streaming.
        streaming = Message.status == literal("streaming", literal_execute=True)
        query = select(Message.id, Message.writer_pid, Message.writer_started).where(streaming)
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

    def search_messages(
        self, query: str, limit: int = 50, *, before: int | None = None, kind: str | None = None
    ) -> list[tuple[ConversationRecord, MessageRecord]]:
        """Written messages that contain every term of `query`, ignoring case; newest first.

        Terms are split at spaces ("quoted phrases" stay whole); CJK text needs no spaces.
        `before` (a message id) continues below the last result of the previous page; `kind`
        keeps one kind of conversation. See core/store/message_search.py for how it stays fast.
        """
        parsed = parse_query(query)
        if not parsed.terms:
            return []
        with self._session(write=False) as session:
            ids = message_search.matching_ids(session, parsed, limit, before, kind, self._indexed)
            if not ids:
                return []
            rows = session.execute(
                select(Conversation, Message)
                .join(Message, Message.conversation_id == Conversation.id)
                .where(Message.id.in_(ids))
            ).all()
            found = {message.id: (_conversation_record(conversation), _message_record(message))
                     for conversation, message in rows}
        return [found[i] for i in ids if i in found]

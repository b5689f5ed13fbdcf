"""ORM models of the Documents tables (made by migrations.m008_documents) and the values handed out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.store.schema import Base, UTCDateTime

FILE_STATES = ("queued", "indexing", "ready", "failed")


class CollectionRow(Base):
    __tablename__ = "doc_collections"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    embedding_model: Mapped[str] = mapped_column(Text)
    query_prefix: Mapped[str] = mapped_column(Text, server_default="")
    document_prefix: Mapped[str] = mapped_column(Text, server_default="")
    revision: Mapped[int] = mapped_column(server_default="0")  # bumped whenever its chunks change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SourceRow(Base):
    __tablename__ = "doc_sources"
    __table_args__ = (
        Index("ix_doc_sources_collection_path", "collection_id", "path", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("doc_collections.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    include_patterns: Mapped[str] = mapped_column(Text, server_default="")
    exclude_patterns: Mapped[str] = mapped_column(Text, server_default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: its files are not listed yet
    error: Mapped[str | None] = mapped_column(Text)  # the source itself cannot be read (gone, no access)


class FileRow(Base):
    __tablename__ = "doc_files"
    __table_args__ = (
        Index("ix_doc_files_source_path", "source_id", "path", unique=True),
        Index("ix_doc_files_state", "state"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("doc_sources.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int]
    mtime: Mapped[float]
    content_hash: Mapped[str | None] = mapped_column(Text)  # of the content its chunks were made from
    state: Mapped[str] = mapped_column(Text)  # one of FILE_STATES
    error: Mapped[str | None] = mapped_column(Text)
    chunks_done: Mapped[int] = mapped_column(server_default="0")
    chunks_total: Mapped[int] = mapped_column(server_default="0")
    pages: Mapped[int | None]
    generation: Mapped[int] = mapped_column(server_default="0")  # bumped each time its chunks are replaced
    indexed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ChunkRow(Base):
    __tablename__ = "doc_chunks"
    __table_args__ = (Index("ix_doc_chunks_file_id_seq", "file_id", "seq"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("doc_files.id", ondelete="CASCADE"))
    seq: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    heading: Mapped[str] = mapped_column(Text, server_default="")
    page: Mapped[int | None]
    char_start: Mapped[int]
    char_end: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian, L2-normalised


class ConversationCollectionRow(Base):
    __tablename__ = "conversation_collections"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("doc_collections.id", ondelete="CASCADE"),
                                               primary_key=True)


class CitationRow(Base):
    __tablename__ = "message_citations"
    __table_args__ = (Index("ix_message_citations_message_id", "message_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    number: Mapped[int]
    path: Mapped[str] = mapped_column(Text)
    heading: Mapped[str] = mapped_column(Text, server_default="")
    page: Mapped[int | None]
    char_start: Mapped[int]
    char_end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)  # the passage as it was cited: the file may change later


@dataclass(frozen=True)
class CollectionRecord:
    id: int
    name: str
    embedding_model: str
    query_prefix: str
    document_prefix: str
    revision: int


@dataclass(frozen=True)
class SourceRecord:
    id: int
    collection_id: int
    path: str
    include_patterns: tuple[str, ...]
    exclude_patterns: tuple[str, ...]
    error: str | None
    scanned: bool = True  # False until its files were first listed


@dataclass(frozen=True)
class FileRecord:
    id: int
    source_id: int
    path: str
    size: int
    mtime: float
    content_hash: str | None
    state: str
    error: str | None
    chunks_done: int
    chunks_total: int
    pages: int | None
    generation: int


@dataclass(frozen=True)
class NewChunk:
    """A chunk ready to store: its text, where it is in the file, its vector and its keyword text."""

    text: str
    heading: str
    page: int | None
    char_start: int
    char_end: int
    vector: bytes
    keywords: str  # what the keyword index reads (CJK runs cut into bigrams by core/documents)


@dataclass(frozen=True)
class ChunkRecord:
    id: int
    file_id: int
    seq: int
    path: str
    text: str
    heading: str
    page: int | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class CitationRecord:
    message_id: int
    number: int
    path: str
    heading: str
    page: int | None
    char_start: int
    char_end: int
    text: str

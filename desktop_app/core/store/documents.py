"""Documents in the same SQLite file: collections, sources, files with their indexing state, chunks.

Every write is one short transaction, so a kill loses at most the file being indexed: a file is
marked "indexing" when its work starts, and its new chunks replace the old ones in one
transaction when it is done (the old ones stay searchable meanwhile). Values go out as frozen
records (document_schema.py), never ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import delete, func, insert, select, text, update

from desktop_app.core.store import keyword_index
from desktop_app.core.store.document_schema import (
    ChunkRecord,
    ChunkRow,
    CitationRecord,
    CitationRow,
    CollectionRecord,
    CollectionRow,
    ConversationCollectionRow,
    FileRecord,
    FileRow,
    NewChunk,
    SourceRecord,
    SourceRow,
)
from desktop_app.core.store.repository import Store
from desktop_app.core.store.schema import Message


def _collection(row: CollectionRow) -> CollectionRecord:
    return CollectionRecord(row.id, row.name, row.embedding_model, row.query_prefix, row.document_prefix, row.revision)


def _patterns(value: str) -> tuple[str, ...]:
    return tuple(p for p in value.split("\n") if p)


def _source(row: SourceRow) -> SourceRecord:
    return SourceRecord(row.id, row.collection_id, row.path, _patterns(row.include_patterns),
                        _patterns(row.exclude_patterns), row.error, row.scanned_at is not None)


def _file(row: FileRow) -> FileRecord:
    return FileRecord(row.id, row.source_id, row.path, row.size, row.mtime, row.content_hash, row.state, row.error,
                      row.chunks_done, row.chunks_total, row.pages, row.generation)


class DocumentStore:
    """Reads and writes of the Documents tables through a Store's sessions; safe from several threads.

    `keywords_of(heading, text)` makes a chunk's keyword text; it is used to fill a new keyword index.
    """

    def __init__(self, store: Store, keywords_of: Callable[[str, str], str]) -> None:
        self._store = store
        with store._translated_errors(), store._writer.begin() as conn:
            self.has_fts = keyword_index.ensure_table(conn, keywords_of)

    @property
    def store(self) -> Store:
        return self._store

    def _session(self, write: bool):  # noqa: ANN202 - a context manager of Session
        return self._store._session(write=write)

    # -- collections -------------------------------------------------------------------------

    def collections(self) -> list[CollectionRecord]:
        with self._session(False) as session:
            return [_collection(row) for row in session.scalars(select(CollectionRow).order_by(CollectionRow.id))]

    def collection(self, name_or_id: str | int) -> CollectionRecord | None:
        column = CollectionRow.id if isinstance(name_or_id, int) else CollectionRow.name
        with self._session(False) as session:
            row = session.scalars(select(CollectionRow).where(column == name_or_id)).first()
            return None if row is None else _collection(row)

    def ensure_collection(self, name: str, embedding_model: str, query_prefix: str = "",
                          document_prefix: str = "") -> CollectionRecord:
        """The collection called `name`, made with this embedding model if it does not exist yet."""
        with self._session(True) as session:
            row = session.scalars(select(CollectionRow).where(CollectionRow.name == name)).first()
            if row is None:
                row = CollectionRow(name=name, embedding_model=embedding_model, query_prefix=query_prefix,
                                    document_prefix=document_prefix, revision=0,
                                    created_at=self._store._clock.now())
                session.add(row)
                session.flush()
            return _collection(row)

    def set_embedding_model(self, collection_id: int, embedding_model: str, query_prefix: str = "",
                            document_prefix: str = "") -> None:
        """Vectors of another model cannot be compared: every file of the collection is indexed again,
        and the old chunks go now (none of their vectors may be reused)."""
        with self._session(True) as session:
            self._drop_chunks(session, list(session.scalars(
                select(FileRow.id).where(FileRow.source_id.in_(self._source_ids(collection_id))))))
            session.execute(update(CollectionRow).where(CollectionRow.id == collection_id).values(
                embedding_model=embedding_model, query_prefix=query_prefix, document_prefix=document_prefix,
                revision=CollectionRow.revision + 1))
            session.execute(update(FileRow).where(FileRow.source_id.in_(self._source_ids(collection_id)))
                            .values(state="queued", content_hash=None, chunks_done=0, chunks_total=0))

    def delete_collection(self, collection_id: int) -> None:
        with self._session(True) as session:
            self._drop_chunks(session, list(session.scalars(
                select(FileRow.id).where(FileRow.source_id.in_(self._source_ids(collection_id))))))
            session.execute(delete(CollectionRow).where(CollectionRow.id == collection_id))

    @staticmethod
    def _source_ids(collection_id: int):  # noqa: ANN205 - a scalar subquery
        return select(SourceRow.id).where(SourceRow.collection_id == collection_id).scalar_subquery()

    # -- sources -----------------------------------------------------------------------------

    def add_source(self, collection_id: int, path: str, include: Sequence[str] = (),
                   exclude: Sequence[str] = ()) -> SourceRecord:
        """Add a file or folder (adding it again updates its patterns)."""
        with self._session(True) as session:
            row = session.scalars(select(SourceRow).where(SourceRow.collection_id == collection_id,
                                                          SourceRow.path == path)).first()
            if row is None:
                row = SourceRow(collection_id=collection_id, path=path, added_at=self._store._clock.now())
                session.add(row)
            row.include_patterns, row.exclude_patterns = "\n".join(include), "\n".join(exclude)
            session.flush()
            return _source(row)

    def sources(self, collection_id: int | None = None) -> list[SourceRecord]:
        query = select(SourceRow).order_by(SourceRow.id)
        if collection_id is not None:
            query = query.where(SourceRow.collection_id == collection_id)
        with self._session(False) as session:
            return [_source(row) for row in session.scalars(query)]

    def source(self, source_id: int) -> SourceRecord | None:
        with self._session(False) as session:
            row = session.get(SourceRow, source_id)
            return None if row is None else _source(row)

    def set_source_scanned(self, source_id: int, error: str | None) -> None:
        """Its files were listed (or could not be: `error` says why)."""
        with self._session(True) as session:
            session.execute(update(SourceRow).where(SourceRow.id == source_id).values(
                error=error, scanned_at=self._store._clock.now()))

    def remove_source(self, source_id: int) -> None:
        """The source, its files and their chunks; removing it twice does nothing."""
        with self._session(True) as session:
            row = session.get(SourceRow, source_id)
            if row is None:
                return
            self._drop_chunks(session, list(session.scalars(select(FileRow.id).where(FileRow.source_id == source_id))))
            self._bump(session, row.collection_id)
            session.delete(row)

    # -- files -------------------------------------------------------------------------------

    def files(self, source_id: int | None = None, collection_id: int | None = None) -> list[FileRecord]:
        query = select(FileRow).order_by(FileRow.source_id, FileRow.path)
        if source_id is not None:
            query = query.where(FileRow.source_id == source_id)
        if collection_id is not None:
            query = query.where(FileRow.source_id.in_(self._source_ids(collection_id)))
        with self._session(False) as session:
            return [_file(row) for row in session.scalars(query)]

    def file(self, file_id: int) -> FileRecord | None:
        with self._session(False) as session:
            row = session.get(FileRow, file_id)
            return None if row is None else _file(row)

    def add_file(self, source_id: int, path: str, size: int, mtime: float) -> FileRecord:
        with self._session(True) as session:
            row = FileRow(source_id=source_id, path=path, size=size, mtime=mtime, state="queued",
                          chunks_done=0, chunks_total=0, generation=0)
            session.add(row)
            session.flush()
            return _file(row)

    def queue_file(self, file_id: int, size: int, mtime: float) -> None:
        """The file changed: index it again (its old chunks stay searchable until then)."""
        with self._session(True) as session:
            session.execute(update(FileRow).where(FileRow.id == file_id).values(
                size=size, mtime=mtime, state="queued", error=None, chunks_done=0, chunks_total=0))

    def touch_file(self, file_id: int, size: int, mtime: float) -> None:
        """Same content with a new date (a copy, a `touch`): remember the date, index nothing."""
        with self._session(True) as session:
            session.execute(update(FileRow).where(FileRow.id == file_id).values(size=size, mtime=mtime))

    def requeue(self, collection_id: int | None = None, source_id: int | None = None) -> int:
        """Index files again even if unchanged (the Re-index button); returns how many."""
        query = update(FileRow).values(state="queued", content_hash=None, error=None, chunks_done=0, chunks_total=0)
        if source_id is not None:
            query = query.where(FileRow.source_id == source_id)
        elif collection_id is not None:
            query = query.where(FileRow.source_id.in_(self._source_ids(collection_id)))
        with self._session(True) as session:
            return session.execute(query).rowcount or 0

    def remove_files(self, file_ids: Sequence[int]) -> None:
        if not file_ids:
            return
        with self._session(True) as session:
            collections = set(session.scalars(select(SourceRow.collection_id).join(FileRow, FileRow.source_id == SourceRow.id)
                                              .where(FileRow.id.in_(file_ids))))
            self._drop_chunks(session, list(file_ids))
            session.execute(delete(FileRow).where(FileRow.id.in_(file_ids)))
            for collection_id in collections:
                self._bump(session, collection_id)

    def next_file(self, collection_ids: Sequence[int] | None = None) -> FileRecord | None:
        """The next file to index: one a kill interrupted first, then the queue in order."""
        query = select(FileRow).where(FileRow.state.in_(("indexing", "queued")))
        if collection_ids is not None:
            query = query.where(FileRow.source_id.in_(
                select(SourceRow.id).where(SourceRow.collection_id.in_(collection_ids)).scalar_subquery()))
        query = query.order_by((FileRow.state == "indexing").desc(), FileRow.id).limit(1)
        with self._session(False) as session:
            row = session.scalars(query).first()
            return None if row is None else _file(row)

    def pending_counts(self) -> tuple[int, int]:
        """(files waiting, bytes waiting) over every collection."""
        with self._session(False) as session:
            count, size = session.execute(select(func.count(), func.coalesce(func.sum(FileRow.size), 0))
                                          .where(FileRow.state.in_(("indexing", "queued")))).one()
            return int(count), int(size)

    def start_file(self, file_id: int) -> None:
        with self._session(True) as session:
            session.execute(update(FileRow).where(FileRow.id == file_id).values(
                state="indexing", chunks_done=0, chunks_total=0, error=None))

    def file_progress(self, file_id: int, done: int, total: int) -> None:
        with self._session(True) as session:
            session.execute(update(FileRow).where(FileRow.id == file_id).values(chunks_done=done, chunks_total=total))

    def finish_file(self, file_id: int, content_hash: str, pages: int | None, chunks: Sequence[NewChunk]) -> bool:
        """Replace the file's chunks with `chunks` in one transaction; False if the file was removed meanwhile."""
        with self._session(True) as session:
            row = session.get(FileRow, file_id)
            if row is None:
                return False
            self._drop_chunks(session, [file_id])
            first = None
            if chunks:
                values = [dict(file_id=file_id, seq=i, text=c.text, heading=c.heading, page=c.page,
                               char_start=c.char_start, char_end=c.char_end, vector=c.vector)
                          for i, c in enumerate(chunks)]
                session.execute(insert(ChunkRow), values)
                first = session.scalar(select(func.min(ChunkRow.id)).where(ChunkRow.file_id == file_id))
            if self.has_fts and first is not None:
                ids = list(session.scalars(select(ChunkRow.id).where(ChunkRow.file_id == file_id).order_by(ChunkRow.seq)))
                keyword_index.add(session, zip(ids, (c.keywords for c in chunks)))
            row.state, row.error, row.content_hash, row.pages = "ready", None, content_hash, pages
            row.chunks_done = row.chunks_total = len(chunks)
            row.generation += 1
            row.indexed_at = self._store._clock.now()
            self._bump(session, self._collection_of(session, row.source_id))
            return True

    def fail_file(self, file_id: int, content_hash: str | None, reason: str) -> None:
        """A file that cannot be read keeps no chunks (they would be of an older content)."""
        with self._session(True) as session:
            row = session.get(FileRow, file_id)
            if row is None:
                return
            self._drop_chunks(session, [file_id])
            row.state, row.error, row.content_hash = "failed", reason, content_hash
            row.chunks_done = row.chunks_total = 0
            row.generation += 1
            self._bump(session, self._collection_of(session, row.source_id))

    def _drop_chunks(self, session, file_ids: Sequence[int]) -> None:  # noqa: ANN001
        if not file_ids:
            return
        if self.has_fts:
            keyword_index.remove_files(session, file_ids)
        session.execute(delete(ChunkRow).where(ChunkRow.file_id.in_(file_ids)))

    @staticmethod
    def _collection_of(session, source_id: int) -> int:  # noqa: ANN001
        return session.scalar(select(SourceRow.collection_id).where(SourceRow.id == source_id))

    @staticmethod
    def _bump(session, collection_id: int | None) -> None:  # noqa: ANN001
        if collection_id is not None:
            session.execute(update(CollectionRow).where(CollectionRow.id == collection_id)
                            .values(revision=CollectionRow.revision + 1))

    # -- chunks and search -----------------------------------------------------------------

    def file_vectors(self, file_id: int) -> dict[tuple[str, str], bytes]:
        """The file's current chunks' vectors by (heading, text): an edit re-embeds only what it changed."""
        with self._session(False) as session:
            rows = session.execute(select(ChunkRow.heading, ChunkRow.text, ChunkRow.vector)
                                   .where(ChunkRow.file_id == file_id))
            return {(row[0], row[1]): row[2] for row in rows}

    def chunks(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRecord]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        query = (select(ChunkRow.id, ChunkRow.file_id, ChunkRow.seq, FileRow.path, ChunkRow.text, ChunkRow.heading,
                        ChunkRow.page, ChunkRow.char_start, ChunkRow.char_end)
                 .join(FileRow, FileRow.id == ChunkRow.file_id).where(ChunkRow.id.in_(ids)))
        with self._session(False) as session:
            return {row[0]: ChunkRecord(*row) for row in session.execute(query)}

    def chunk_count(self, collection_ids: Sequence[int]) -> int:
        ids = ",".join(str(int(i)) for i in collection_ids) or "NULL"
        with self._session(False) as session:
            return int(session.scalar(text(
                "SELECT count(*) FROM doc_chunks c JOIN doc_files f ON f.id = c.file_id "
                f"JOIN doc_sources s ON s.id = f.source_id WHERE s.collection_id IN ({ids})")) or 0)

    def revisions(self, collection_ids: Sequence[int]) -> dict[int, int]:
        with self._session(False) as session:
            rows = session.execute(select(CollectionRow.id, CollectionRow.revision)
                                   .where(CollectionRow.id.in_(list(collection_ids))))
            return {row[0]: row[1] for row in rows}

    def vectors(self, collection_id: int) -> tuple[list[int], list[bytes]]:
        """Every chunk id of the collection and its vector, in one read."""
        with self._session(False) as session:
            rows = session.execute(text(
                "SELECT c.id, c.vector FROM doc_chunks c JOIN doc_files f ON f.id = c.file_id "
                "JOIN doc_sources s ON s.id = f.source_id WHERE s.collection_id = :id ORDER BY c.id"),
                {"id": collection_id}).all()
        return [row[0] for row in rows], [row[1] for row in rows]

    def keyword_search(self, fts_query: str, terms: Sequence[str], collection_ids: Sequence[int],
                       limit: int) -> list[tuple[int, float]]:
        """Chunks matching the query's words, best first: FTS5 where there is FTS5, else a scan for `terms`."""
        if not collection_ids:
            return []
        with self._session(False) as session:
            if self.has_fts:
                return keyword_index.search(session, fts_query, collection_ids, limit) if fts_query else []
            return keyword_index.scan(session, terms, collection_ids, limit)

    # -- chat ------------------------------------------------------------------------------

    def set_conversation_collections(self, conversation_id: int, collection_ids: Sequence[int]) -> None:
        with self._session(True) as session:
            session.execute(delete(ConversationCollectionRow)
                            .where(ConversationCollectionRow.conversation_id == conversation_id))
            session.add_all([ConversationCollectionRow(conversation_id=conversation_id, collection_id=c)
                             for c in dict.fromkeys(collection_ids)])

    def conversation_collections(self, conversation_id: int) -> list[int]:
        with self._session(False) as session:
            return list(session.scalars(select(ConversationCollectionRow.collection_id)
                                        .where(ConversationCollectionRow.conversation_id == conversation_id)
                                        .order_by(ConversationCollectionRow.collection_id)))

    def save_citations(self, message_id: int, citations: Sequence[CitationRecord]) -> None:
        """The sources listed under an answer, as they were when it was written."""
        with self._session(True) as session:
            session.execute(delete(CitationRow).where(CitationRow.message_id == message_id))
            if citations:
                session.execute(insert(CitationRow), [
                    dict(message_id=message_id, number=c.number, path=c.path, heading=c.heading, page=c.page,
                         char_start=c.char_start, char_end=c.char_end, text=c.text) for c in citations])

    def citations(self, message_ids: Sequence[int]) -> dict[int, list[CitationRecord]]:
        if not message_ids:
            return {}
        return self._citations(CitationRow.message_id.in_(list(message_ids)))

    def conversation_citations(self, conversation_id: int) -> dict[int, list[CitationRecord]]:
        """The citations under every answer of a conversation, by message id (one query, however long it is)."""
        messages = select(Message.id).where(Message.conversation_id == conversation_id)
        return self._citations(CitationRow.message_id.in_(messages))

    def _citations(self, condition) -> dict[int, list[CitationRecord]]:  # noqa: ANN001 - a SQL condition
        out: dict[int, list[CitationRecord]] = {}
        query = select(CitationRow).where(condition).order_by(CitationRow.message_id, CitationRow.number)
        with self._session(False) as session:
            for row in session.scalars(query):
                out.setdefault(row.message_id, []).append(CitationRecord(
                    row.message_id, row.number, row.path, row.heading, row.page, row.char_start, row.char_end, row.text))
        return out


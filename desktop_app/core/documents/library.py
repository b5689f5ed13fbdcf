"""The Documents workspace's core, wired once: store, shared embedding model, retriever and worker.

The window and the CLI both build one DocumentLibrary over the app's Store. Adding or removing
a source is a short database write on the caller's thread; walking folders, reading files and
embedding happen on the worker's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.documents.embedding import SharedEmbedder, catalogue_prefixes
from desktop_app.core.documents.keywords import keyword_text
from desktop_app.core.documents.retrieval import Passage, Retriever
from desktop_app.core.documents.worker import DocumentsWorker, IndexProgress
from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.embedding_starter import EMBEDDING_STARTER_KEY
from desktop_app.core.store import Store
from desktop_app.core.store.document_schema import CollectionRecord, FileRecord, SourceRecord
from desktop_app.core.store.documents import DocumentStore

DEFAULT_COLLECTION = "Documents"


@dataclass(frozen=True)
class SourceStatus:
    """What the sources list shows for one source."""

    state: str  # "queued", "indexing", "ready", "failed"
    files: int
    files_ready: int
    files_failed: int
    chunks: int
    indexing_file: FileRecord | None  # the file in progress, with its chunk counts
    reason: str | None  # why it failed: the source's own problem, or the first failed file's

    @property
    def failures(self) -> list[str]:
        return [self.reason] if self.reason else []


def source_status(source: SourceRecord, files: Sequence[FileRecord]) -> SourceStatus:
    ready = [f for f in files if f.state == "ready"]
    failed = [f for f in files if f.state == "failed"]
    indexing = next((f for f in files if f.state == "indexing"), None)
    chunks = sum(f.chunks_total for f in ready)
    if source.error:
        state, reason = "failed", source.error
    elif not source.scanned:
        state, reason = "queued", None
    elif indexing is not None:
        state, reason = "indexing", None
    elif any(f.state == "queued" for f in files):
        state, reason = "queued", None
    elif files and len(failed) == len(files):
        state, reason = "failed", f"{Path(failed[0].path).name}: {failed[0].error}"
    else:
        state = "ready"
        reason = f"{Path(failed[0].path).name}: {failed[0].error}" if failed else None
    return SourceStatus(state, len(files), len(ready), len(failed), chunks, indexing, reason)


class DocumentLibrary:
    """`retriever`: the one the chat searches with, so both share the embedding model and the vectors in memory."""

    def __init__(self, store: Store, embedder: SharedEmbedder | None = None,
                 on_progress: Callable[[IndexProgress], Any] = lambda p: None,
                 on_file_done: Callable[[int], Any] = lambda file_id: None,
                 retriever: Retriever | None = None) -> None:
        if retriever is None:
            retriever = Retriever(DocumentStore(store, keyword_text), embedder or SharedEmbedder())
        self.docs = retriever.docs
        self.embedder = retriever.embedder
        self.retriever = retriever
        self.worker = DocumentsWorker(self.docs, self.embedder, on_progress, on_file_done)

    def start(self) -> None:
        self.worker.start()

    def close(self, timeout: float = 5.0) -> bool:
        stopped = self.worker.stop(timeout)
        if stopped:
            self.embedder.close()
        return stopped

    def collection(self, name: str = DEFAULT_COLLECTION, embedding_model: str | None = None,
                   query_prefix: str = "", document_prefix: str = "") -> CollectionRecord:
        """The collection called `name` (made if new); a different embedding model re-indexes it. A recommended
        model's query and passage prefixes are found in the catalogue when none are given."""
        if embedding_model and not (query_prefix or document_prefix):
            query_prefix, document_prefix = catalogue_prefixes(embedding_model)
        existing = self.docs.collection(name)
        if existing is None:
            return self.docs.ensure_collection(name, embedding_model or EMBEDDING_STARTER_KEY,
                                               query_prefix, document_prefix)
        if embedding_model and embedding_model != existing.embedding_model:
            self.docs.set_embedding_model(existing.id, embedding_model, query_prefix, document_prefix)
            return self.docs.collection(existing.id)  # type: ignore[return-value]
        return existing

    def add(self, paths: Sequence[str | Path], collection: CollectionRecord, include: Sequence[str] = (),
            exclude: Sequence[str] = ()) -> list[SourceRecord]:
        """Add files or folders (they are scanned and indexed on the worker's thread)."""
        added = []
        for raw in paths:
            path = Path(raw).expanduser().resolve()
            if not path.exists():
                raise InkstoneError(f"There is no file or folder {path}.")
            added.append(self.docs.add_source(collection.id, str(path), include, exclude))
        self.worker.rescan()
        return added

    def remove_source(self, source_id: int) -> None:
        self.docs.remove_source(source_id)

    def reindex(self, collection_id: int | None = None, source_id: int | None = None) -> None:
        self.docs.requeue(collection_id, source_id)
        self.worker.rescan()

    def statuses(self, collection_id: int | None = None) -> list[tuple[SourceRecord, SourceStatus]]:
        files: dict[int, list[FileRecord]] = {}
        for record in self.docs.files(collection_id=collection_id):
            files.setdefault(record.source_id, []).append(record)
        return [(s, source_status(s, files.get(s.id, []))) for s in self.docs.sources(collection_id)]

    def search(self, query: str, collection_ids: Sequence[int] | None = None, limit: int = 5) -> list[Passage]:
        ids = list(collection_ids) if collection_ids is not None else [c.id for c in self.docs.collections()]
        return self.retriever.search(query, ids, limit)

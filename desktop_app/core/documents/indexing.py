"""Indexing one file: hash, extract, chunk, embed chunk by chunk, then replace its chunks at once.

A file indexed again because it changed keeps the vectors of the passages it still has word for
word: an edit on one page of a long PDF embeds that page's passages only. (Re-index on demand,
which clears the file's hash, and a new embedding model embed everything.)

The file is marked "indexing" first and its progress is saved in short transactions; its new
chunks replace the old ones in one transaction at the end. A kill in between leaves the file
"indexing" with its old chunks intact, and the next run starts that file again: at most one
file's work is redone. A file that cannot be read is marked failed with the reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.documents.chunking import chunk
from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.documents.extract import ExtractionError, extract
from desktop_app.core.documents.keywords import keyword_text
from desktop_app.core.documents.sources import content_hash
from desktop_app.core.store.document_schema import CollectionRecord, FileRecord, NewChunk
from desktop_app.core.store.documents import DocumentStore

log = logging.getLogger(__name__)

SAVE_PROGRESS_EVERY = 1.0  # seconds between progress writes of a file being indexed


class Interrupted(Exception):
    """Indexing stopped mid-file (the app is closing): the file stays "indexing" and is redone later."""


@dataclass(frozen=True)
class FileOutcome:
    file_id: int
    state: str  # "ready", "failed", or "gone" (removed from the collection meanwhile)
    chunks: int
    error: str | None = None


def index_file(
    docs: DocumentStore,
    embedder: SharedEmbedder,
    collection: CollectionRecord,
    record: FileRecord,
    checkpoint: Callable[[int, int], None] = lambda done, total: None,
) -> FileOutcome:
    """Index `record`; `checkpoint(done, total)` runs before each chunk (it waits while paused, and
    raises Interrupted to stop). Errors of the embedding model itself propagate: they are not the file's."""
    docs.start_file(record.id)
    path = Path(record.path)
    digest: str | None = None
    try:
        digest = content_hash(path)
        extracted = extract(path)
    except FileNotFoundError:
        docs.fail_file(record.id, None, "the file no longer exists")
        return FileOutcome(record.id, "failed", 0, "the file no longer exists")
    except (ExtractionError, OSError) as exc:
        reason = str(exc) if isinstance(exc, ExtractionError) else f"cannot be read: {exc.strerror or exc}"
        docs.fail_file(record.id, digest, reason)
        return FileOutcome(record.id, "failed", 0, reason)
    pieces = chunk(extracted)
    reusable = docs.file_vectors(record.id) if record.content_hash is not None else {}
    docs.file_progress(record.id, 0, len(pieces))
    new_chunks: list[NewChunk] = []
    saved_at = time.monotonic()
    for done, piece in enumerate(pieces):
        checkpoint(done, len(pieces))
        vector = reusable.get((piece.heading, piece.text))
        if vector is None:
            embedded = embedder.embed(collection.embedding_model, [piece.embedding_text], collection.document_prefix)
            vector = embedded[0].astype("<f4").tobytes()
        new_chunks.append(NewChunk(piece.text, piece.heading, piece.page, piece.start, piece.end, vector,
                                   keyword_text(piece.heading, piece.text)))
        if time.monotonic() - saved_at >= SAVE_PROGRESS_EVERY:
            docs.file_progress(record.id, done + 1, len(pieces))
            saved_at = time.monotonic()
    checkpoint(len(pieces), len(pieces))
    if not docs.finish_file(record.id, digest, extracted.pages, new_chunks):
        return FileOutcome(record.id, "gone", 0)
    return FileOutcome(record.id, "ready", len(new_chunks))

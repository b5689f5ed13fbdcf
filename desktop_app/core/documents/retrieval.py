"""Hybrid search: keyword ranking (FTS5 BM25) and vector ranking (exact cosine), fused by reciprocal rank.

Vectors are read from SQLite once per collection and kept in memory as one float32 matrix;
a query is one matrix-vector product (a few milliseconds at 100,000 chunks of 384 numbers).
The matrix is read again only when the collection's revision changed (a file was indexed or
removed). The keyword side finds exact names, numbers and Chinese words that a small or
English-only embedding model misses; the vector side finds paraphrases. Reciprocal rank fusion
(score = sum of 1 / (60 + rank)) needs no calibration between the two scores.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.documents.keywords import fts_query, query_terms
from desktop_app.core.store.document_schema import CollectionRecord
from desktop_app.core.store.documents import DocumentStore

RRF_K = 60
CANDIDATES = 50  # taken from each ranking before fusion
# A passage counts as relevant when its cosine similarity reaches this (all-MiniLM-L6-v2 scores
# unrelated English text below 0.2), or when the keyword search matched it.
MIN_COSINE = 0.3


@dataclass(frozen=True)
class Passage:
    chunk_id: int
    path: str
    heading: str
    page: int | None
    start: int
    end: int
    text: str
    score: float  # fused score, higher is better
    cosine: float | None  # similarity to the query (None: not among the vector candidates)
    keyword_rank: int | None  # rank in the keyword search, from 1 (None: no keyword matched)

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    @property
    def relevant(self) -> bool:
        return self.keyword_rank is not None or (self.cosine is not None and self.cosine >= MIN_COSINE)

    @property
    def location(self) -> str:
        return location_of(self.page, self.heading)


def location_of(page: int | None, heading: str) -> str:
    """Where a passage is, for a reader: "p. 3 · Payment terms" (page and heading, as known)."""
    parts = [f"p. {page}"] if page else []
    if heading:
        parts.append(heading)
    return " · ".join(parts)


class _Matrix:
    def __init__(self, revision: int, ids: Any, matrix: Any) -> None:
        self.revision, self.ids, self.matrix = revision, ids, matrix


class Retriever:
    """Searches collections; safe to call from several threads."""

    def __init__(self, docs: DocumentStore, embedder: SharedEmbedder) -> None:
        self.docs = docs
        self.embedder = embedder
        self._matrices: dict[int, _Matrix] = {}
        self._lock = threading.Lock()

    def search(self, query: str, collection_ids: Sequence[int], limit: int = 5) -> list[Passage]:
        collections = [c for c in (self.docs.collection(i) for i in dict.fromkeys(collection_ids)) if c]
        if not collections or not query.strip():
            return []
        vector_ranked, cosines = self._vector_ranking(query, collections)
        terms = query_terms(query)
        keyword_ranked = [cid for cid, _ in self.docs.keyword_search(
            fts_query(terms), terms, [c.id for c in collections], CANDIDATES)]
        scores: dict[int, float] = {}
        for rank, chunk_id in enumerate(vector_ranked, 1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
        for rank, chunk_id in enumerate(keyword_ranked, 1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(scores, key=lambda cid: (-scores[cid], cid))[:limit]
        records = self.docs.chunks(best)
        keyword_ranks = {cid: rank for rank, cid in enumerate(keyword_ranked, 1)}
        return [
            Passage(cid, r.path, r.heading, r.page, r.char_start, r.char_end, r.text, scores[cid],
                    cosines.get(cid), keyword_ranks.get(cid))
            for cid in best if (r := records.get(cid)) is not None
        ]

    def _vector_ranking(self, query: str, collections: list[CollectionRecord]) -> tuple[list[int], dict[int, float]]:
        import numpy as np

        ranked: list[tuple[float, int]] = []
        by_model: dict[tuple[str, str], list[CollectionRecord]] = {}
        for collection in collections:
            by_model.setdefault((collection.embedding_model, collection.query_prefix), []).append(collection)
        for (model, prefix), group in by_model.items():
            matrices = [m for m in (self._matrix(c) for c in group) if m.ids.size]
            if not matrices:
                continue
            query_vector = self.embedder.embed(model, [query], prefix)[0]
            for m in matrices:
                if m.matrix.shape[1] != query_vector.shape[0]:
                    continue  # indexed with another model: its files are being indexed again
                similarities = m.matrix @ query_vector
                top = np.argpartition(-similarities, min(CANDIDATES, similarities.size - 1))[:CANDIDATES]
                ranked.extend((float(similarities[i]), int(m.ids[i])) for i in top)
        ranked.sort(key=lambda pair: -pair[0])
        top = ranked[:CANDIDATES]
        return [chunk_id for _, chunk_id in top], {chunk_id: score for score, chunk_id in top}

    def _matrix(self, collection: CollectionRecord) -> _Matrix:
        import numpy as np

        with self._lock:
            cached = self._matrices.get(collection.id)
            if cached is not None and cached.revision == collection.revision:
                return cached
        ids, blobs = self.docs.vectors(collection.id)
        if ids:
            matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(ids), -1)
        else:
            matrix = np.zeros((0, 0), dtype=np.float32)
        fresh = _Matrix(collection.revision, np.asarray(ids, dtype=np.int64), matrix)
        with self._lock:
            self._matrices[collection.id] = fresh
        return fresh

"""One embedding model for the whole app, loaded on first use and shared by the threads that need it.

The indexer embeds chunk after chunk on its own thread; a search or a chat turn embeds its query
from another. One lock makes them take turns, one text at a time, so a query waits for at most
one chunk. A collection names its model by path, or by EMBEDDING_STARTER_KEY for the starter
(prepared from its PyPI package on first use).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.engine.embedder import Embedder, EmbedderInfo
from desktop_app.core.models.embedding_starter import EMBEDDING_STARTER_KEY, embedding_starter_path

if TYPE_CHECKING:
    import numpy as np


def model_path(spec: str) -> Path:
    """The GGUF a collection's embedding model spec names (the starter is written on first use)."""
    return embedding_starter_path() if spec == EMBEDDING_STARTER_KEY else Path(spec).expanduser()


def model_label(spec: str) -> str:
    return "all-MiniLM-L6-v2" if spec == EMBEDDING_STARTER_KEY else Path(spec).name


def catalogue_prefixes(spec: str) -> tuple[str, str]:
    """(query prefix, document prefix) that a recommended embedding model expects, found by its file name."""
    from desktop_app.core.models.catalogue import CatalogueError, load_catalogue

    name = Path(spec).name
    try:
        entries = load_catalogue()
    except CatalogueError:
        return "", ""
    for entry in entries:
        if entry.is_embedding and entry.filename == name:
            return entry.query_prefix, entry.document_prefix
    return "", ""


class SharedEmbedder:
    """Thread-safe: every call takes the lock; the model for `spec` is loaded (or swapped) inside it."""

    def __init__(self, factory: Callable[[], Embedder] | None = None) -> None:
        if factory is None:
            from desktop_app.core.engine.embedder import LlamaEmbedder

            factory = LlamaEmbedder
        self._factory = factory
        self._embedder: Embedder | None = None
        self._spec: str | None = None
        self._lock = threading.Lock()

    def embed(self, spec: str, texts: list[str], prefix: str = "") -> np.ndarray:
        with self._lock:
            embedder = self._loaded(spec)
            return embedder.embed([prefix + text for text in texts])

    def info(self, spec: str) -> EmbedderInfo:
        with self._lock:
            info = self._loaded(spec).info
            assert info is not None
            return info

    def close(self) -> None:
        with self._lock:
            if self._embedder is not None:
                self._embedder.unload()
            self._embedder, self._spec = None, None

    def _loaded(self, spec: str) -> Embedder:
        if self._embedder is None:
            self._embedder = self._factory()
        if self._spec != spec or self._embedder.info is None:
            self._spec = None
            self._embedder.load(model_path(spec))
            self._spec = spec
        return self._embedder

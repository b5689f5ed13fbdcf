"""Chats that answer from document collections: which ones a conversation uses, what a turn finds, what it cites.

A conversation uses the collections chosen for it (the conversation_collections table). Each turn
rewrites the question into a standalone query, searches those collections and hands the numbered
passages to ChatService, which puts them in the new user turn only (core/documents/answering.py),
after the stable part of the prompt. The citations of the answer are stored with it, so the sources
are listed again when the conversation is reopened.

The documents tables are opened on first use (opening them is a write), from whichever thread
comes first: the window when it lists collections, or the engine thread when a turn searches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window makes one at launch: the documents modules are imported when first used
    from desktop_app.core.documents.answering import DocumentContext
    from desktop_app.core.documents.embedding import SharedEmbedder
    from desktop_app.core.documents.retrieval import Retriever
    from desktop_app.core.engine.base import Engine
    from desktop_app.core.prompts import ChatTurn
    from desktop_app.core.store import Store
    from desktop_app.core.store.document_schema import CitationRecord, CollectionRecord
    from desktop_app.core.store.documents import DocumentStore


class ChatDocuments:
    """Thread-safe: the retriever is built once, under a lock; the rest are short store calls."""

    def __init__(self, make_retriever: Callable[[], Retriever]) -> None:
        self._make_retriever = make_retriever
        self._retriever: Retriever | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_store(cls, store: Store, embedder: SharedEmbedder | None = None) -> ChatDocuments:
        """Over the app's store, with its own embedding model (loaded the first time a query is embedded)."""

        def make() -> Retriever:
            from desktop_app.core.documents.embedding import SharedEmbedder
            from desktop_app.core.documents.keywords import keyword_text
            from desktop_app.core.documents.retrieval import Retriever
            from desktop_app.core.store.documents import DocumentStore

            return Retriever(DocumentStore(store, keyword_text), embedder or SharedEmbedder())

        return cls(make)

    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                self._retriever = self._make_retriever()
            return self._retriever

    @property
    def docs(self) -> DocumentStore:
        return self.retriever.docs

    def close(self) -> None:
        """Free the embedding model, if a query loaded it."""
        with self._lock:
            retriever = self._retriever
        if retriever is not None:
            retriever.embedder.close()

    # -- which collections a conversation uses ------------------------------------------------

    def collections(self) -> list[CollectionRecord]:
        return self.docs.collections()

    def chosen(self, conversation_id: int) -> list[int]:
        return self.docs.conversation_collections(conversation_id)

    def choose(self, conversation_id: int, collection_ids: Sequence[int]) -> None:
        self.docs.set_conversation_collections(conversation_id, collection_ids)

    # -- one turn ----------------------------------------------------------------------------

    def context_for(self, conversation_id: int, question: str, history: Sequence[ChatTurn], engine: Engine,
                    cancel: threading.Event | None = None) -> DocumentContext | None:
        """The passages for this turn's question (None: the conversation uses no collection).

        `history` is what came before the question: a follow-up is rewritten with it before the search."""
        from desktop_app.core.documents.answering import prepare_context

        collection_ids = self.chosen(conversation_id)
        if not collection_ids:
            return None
        return prepare_context(self.retriever, collection_ids, question, history, engine, cancel=cancel)

    def save_citations(self, message_id: int, context: DocumentContext | None, answer: str) -> list[CitationRecord]:
        """Store what the answer cites (replacing what an earlier version of it cited) and return it."""
        citations = context.citations(message_id, answer) if context is not None and context.found and answer else []
        self.docs.save_citations(message_id, citations)
        return citations

    def citations(self, conversation_id: int) -> dict[int, list[CitationRecord]]:
        """The sources under each answer of the conversation, by message id."""
        return self.docs.conversation_citations(conversation_id)

"""Search all history (chats, translations, drafts): a page of hits with a snippet each."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.search.query import parse_query
from desktop_app.core.search.snippet import Snippet, make_snippet
from desktop_app.core.store import ConversationRecord, MessageRecord, Store

PAGE_SIZE = 20


@dataclass(frozen=True)
class SearchHit:
    conversation: ConversationRecord
    message: MessageRecord
    snippet: Snippet


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[SearchHit]
    next_before: int | None  # pass as `before` for the next page; None: this was the last page


class HistorySearch:
    def __init__(self, store: Store) -> None:
        self.store = store

    def search(self, query: str, limit: int = PAGE_SIZE, *, before: int | None = None,
               kind: str | None = None) -> SearchPage:
        """Messages holding every term of `query`, newest first; `before` continues a previous page."""
        terms = parse_query(query).terms
        found = self.store.search_messages(query, limit, before=before, kind=kind) if terms else []
        hits = [SearchHit(conversation, message, make_snippet(message.content, terms))
                for conversation, message in found]
        next_before = hits[-1].message.id if len(hits) == limit else None
        return SearchPage(query, hits, next_before)

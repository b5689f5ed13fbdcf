"""Finding messages, newest first, through the search index (search_index.py) or, without one, by a scan.

One query per page. The index that can serve the query's terms drives it in descending rowid
order, so a first page stops after `limit` matches however many messages match in all; every
term is checked on those rows only (the trigram index finds rows that hold a term's pieces,
not necessarily side by side). Every term of 3 or more characters, and every shorter one but a
few (grams.gram_token: "ß#", whose case folds to 3 characters), has an index; a query made of
those few only, and a database without the index, scan the messages newest first.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.core.search.cjk import is_cjk
from desktop_app.core.search.grams import gram_token
from desktop_app.core.search.query import SearchQuery, fts_match, trigrams
from desktop_app.core.store.database import CASEFOLD_FUNCTION
from desktop_app.core.store.search_index import GRAMS_TABLE, TRIGRAM_TABLE

_LIKE_SPECIAL = re.compile(r"[\\%_]")


def matching_ids(
    session: Session, query: SearchQuery, limit: int, before: int | None, kind: str | None, indexed: bool
) -> list[int]:
    """Ids of the messages that contain every term, highest (newest) first, below `before` if given."""
    params: dict[str, Any] = {"limit": limit}
    where: list[str] = []
    joins = ["JOIN conversations AS c ON c.id = m.conversation_id"] if kind is not None else []
    if kind is not None:
        where.append("c.kind = :kind")
        params["kind"] = kind
    if indexed and query.trigram_terms:
        pieces = tuple(dict.fromkeys(piece for term in query.trigram_terms for piece in trigrams(term)))
        source, order = _index_source(TRIGRAM_TABLE, fts_match(pieces), where, params)
        checked = query.trigram_terms + query.gram_terms + query.filter_terms
    elif indexed and query.gram_terms:
        tokens = tuple(dict.fromkeys(str(gram_token(term)) for term in query.gram_terms))
        source, order = _index_source(GRAMS_TABLE, fts_match(tokens), where, params)
        # A CJK gram is exact; a word token is folded further than Python folds case ("é" is "e");
        # a symbol gram is folded as Python folds, but LIKE folds ASCII only.
        checked = tuple(term for term in query.gram_terms if not is_cjk(term)) + query.filter_terms
    else:
        source, order = "messages AS m", "m.id"
        where.append("m.status != 'streaming'")  # as in the index: an answer is found once written
        checked = query.terms
    if before is not None:
        where.append(f"{order} < :before")
        params["before"] = before
    for number, term in enumerate(checked):
        if term.isascii():  # SQLite's LIKE folds ASCII case in C: ten times faster than calling Python
            where.append(f"m.content LIKE :term{number} ESCAPE '\\'")
            params[f"term{number}"] = "%" + _LIKE_SPECIAL.sub(r"\\\g<0>", term) + "%"
        else:
            where.append(f"instr({CASEFOLD_FUNCTION}(m.content), :term{number}) > 0")
            params[f"term{number}"] = term.casefold()
    sql = (
        f"SELECT m.id FROM {source} {' '.join(joins)}"
        f" WHERE {' AND '.join(where) or '1'} ORDER BY {order} DESC LIMIT :limit"
    )
    return [row[0] for row in session.execute(text(sql), params)]


def _index_source(table: str, match: str, where: list[str], params: dict[str, Any]) -> tuple[str, str]:
    where.insert(0, f"s.{table} MATCH :match")
    params["match"] = match
    return f"{table} AS s JOIN messages AS m ON m.id = s.rowid", "s.rowid"

"""The keyword index of the chunks: an FTS5 table where SQLite has FTS5, else plain LIKE scans.

FTS5 is optional in SQLite builds, so the table is made at run time, not by a migration, and
filled from the chunks when it is new. Its one column holds each chunk's keyword text, which
core/documents prepares (Chinese and Japanese runs cut into overlapping character pairs, which
`unicode61` then reads as words); its rowid is the chunk's id. Without FTS5 a keyword search
scans the chunks with instr(), slower but the same answers for the common case.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

TABLE = "doc_chunks_fts"
_CREATE = f"CREATE VIRTUAL TABLE {TABLE} USING fts5(keywords, tokenize = 'unicode61 remove_diacritics 2')"
_SCOPE = (
    "JOIN doc_files f ON f.id = c.file_id JOIN doc_sources s ON s.id = f.source_id "
    "WHERE s.collection_id IN ({ids})"
)


def fts5_available() -> bool:
    """Whether this Python's SQLite can make FTS5 tables (checked on a throwaway database)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


def ensure_table(conn: Connection, keywords_of: Callable[[str, str], str]) -> bool:
    """Make the FTS5 table if it is missing and fill it from the chunks; False when FTS5 is missing."""
    if not fts5_available():
        log.warning("SQLite has no FTS5 here: keyword search in documents scans the chunks instead")
        return False
    exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": TABLE}).first()
    if exists:
        return True
    conn.exec_driver_sql(_CREATE)
    rows = conn.execute(text("SELECT id, heading, text FROM doc_chunks")).all()
    if rows:
        conn.execute(text(f"INSERT INTO {TABLE} (rowid, keywords) VALUES (:id, :keywords)"),
                     [{"id": row[0], "keywords": keywords_of(row[1], row[2])} for row in rows])
    return True


def add(session: Session, rows: Iterable[tuple[int, str]]) -> None:
    values = [{"id": chunk_id, "keywords": keywords} for chunk_id, keywords in rows]
    if values:
        session.execute(text(f"INSERT INTO {TABLE} (rowid, keywords) VALUES (:id, :keywords)"), values)


def remove_files(session: Session, file_ids: Sequence[int]) -> None:
    if file_ids:
        marks = ",".join(str(int(i)) for i in file_ids)
        session.execute(text(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM doc_chunks WHERE file_id IN ({marks}))"))


def search(session: Session, query: str, collection_ids: Sequence[int], limit: int) -> list[tuple[int, float]]:
    """(chunk id, bm25 score, higher is better) for an FTS5 query, best first."""
    ids = ",".join(str(int(i)) for i in collection_ids)
    statement = text(
        f"SELECT c.id, -bm25({TABLE}) AS score FROM {TABLE} JOIN doc_chunks c ON c.id = {TABLE}.rowid "
        f"{_SCOPE.format(ids=ids)} AND {TABLE} MATCH :query ORDER BY bm25({TABLE}) LIMIT :limit"
    )
    try:
        return [(row[0], float(row[1])) for row in session.execute(statement, {"query": query, "limit": limit})]
    except Exception:  # a query FTS5 cannot parse: no keyword results rather than no answer
        log.warning("FTS5 refused a keyword query", exc_info=True)
        return []


def scan(session: Session, terms: Sequence[str], collection_ids: Sequence[int], limit: int) -> list[tuple[int, float]]:
    """Without FTS5: chunks containing the most of `terms` (case-folded), best first."""
    if not terms:
        return []
    ids = ",".join(str(int(i)) for i in collection_ids)
    hits = " + ".join(f"(instr(lower(c.heading || ' ' || c.text), :t{i}) > 0)" for i in range(len(terms)))
    statement = text(
        f"SELECT id, score FROM (SELECT c.id AS id, {hits} AS score FROM doc_chunks c {_SCOPE.format(ids=ids)}) "
        "WHERE score > 0 ORDER BY score DESC, id LIMIT :limit"
    )
    values = {f"t{i}": term.lower() for i, term in enumerate(terms)}
    return [(row[0], float(row[1])) for row in session.execute(statement, {**values, "limit": limit})]

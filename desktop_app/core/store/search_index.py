"""The full-text index of messages: its tables, the triggers that keep it in step, and filling it.

Two FTS5 tables over messages.content (created by migrations.m006_message_search):
- message_search: the trigram tokenizer (SQLite 3.34+), external content (the text stays in
  messages only). It finds the messages that hold every 3-character piece of a term, in any
  script, ignoring case; the query then checks the term itself on those (message_search.py).
- message_grams: contentless, word tokens over search_grams(content) (core/search/grams.py):
  CJK characters and pairs, words of 1 or 2 characters, and the symbols with their neighbours
  ("#", "c#", "0%"), for the terms of 1 or 2 characters that trigrams cannot serve. When
  search_grams changes, a migration rebuilds this table alone (rebuild_grams_statements).
Both keep rowids only (detail=none): positions would make the trigram index four times larger
(444 MB instead of 119 MB for a million synthetic messages) and slower to fill, and a query
needs none, as it checks the term on the rows found.

Answers are indexed once written: a message is in the index while its status is not
"streaming", so the saves of a streaming answer (every half second) cost no index work, and
the index gets the answer when it is finished, stopped or recovered. SQLite without FTS5 or
the trigram tokenizer gets neither table; search then scans the messages (core/store/message_search.py).
Statements are plain SQL strings, run by migrations (SQLAlchemy) and by the synthetic store (sqlite3).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import text
from sqlalchemy.engine import Connection

from desktop_app.core.store.database import SEARCH_GRAMS_FUNCTION

TRIGRAM_TABLE = "message_search"
GRAMS_TABLE = "message_grams"
TRIGGERS = ("messages_search_insert", "messages_search_delete", "messages_search_update")
_TABLES = (TRIGRAM_TABLE, GRAMS_TABLE)
_AUTOMERGE_DEFAULT = 4
# On a subquery, keeps SQLite from copying its columns into the outer WHERE: without it, the
# grams of each message were computed twice, once for `WHERE g != ''` and once for the row.
_ONCE = "LIMIT -1"
_CREATE = {
    TRIGRAM_TABLE: f"CREATE VIRTUAL TABLE {TRIGRAM_TABLE} USING fts5("
    "content, content='messages', content_rowid='id', tokenize='trigram', detail=none)",
    GRAMS_TABLE: f"CREATE VIRTUAL TABLE {GRAMS_TABLE} USING fts5(grams, content='', tokenize='unicode61', detail=none)",
}
_FILL = {
    TRIGRAM_TABLE: f"INSERT INTO {TRIGRAM_TABLE} (rowid, content)"
    " SELECT id, content FROM messages WHERE status != 'streaming'",
    GRAMS_TABLE: f"INSERT INTO {GRAMS_TABLE} (rowid, grams) SELECT id, g FROM"
    f" (SELECT id, {SEARCH_GRAMS_FUNCTION}(content) AS g FROM messages WHERE status != 'streaming'"
    f" {_ONCE}) WHERE g != ''",
}

_UNINDEX_OLD = f"""
    INSERT INTO {TRIGRAM_TABLE} ({TRIGRAM_TABLE}, rowid, content)
        SELECT 'delete', old.id, old.content WHERE old.status != 'streaming';
    INSERT INTO {GRAMS_TABLE} ({GRAMS_TABLE}, rowid, grams)
        SELECT 'delete', old.id, g FROM (SELECT {SEARCH_GRAMS_FUNCTION}(
            CASE WHEN old.status != 'streaming' THEN old.content ELSE '' END) AS g {_ONCE}) WHERE g != '';
"""
_INDEX_NEW = f"""
    INSERT INTO {TRIGRAM_TABLE} (rowid, content) SELECT new.id, new.content WHERE new.status != 'streaming';
    INSERT INTO {GRAMS_TABLE} (rowid, grams)
        SELECT new.id, g FROM (SELECT {SEARCH_GRAMS_FUNCTION}(
            CASE WHEN new.status != 'streaming' THEN new.content ELSE '' END) AS g {_ONCE}) WHERE g != '';
"""


def supported() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def table_statements() -> list[str]:
    return [_CREATE[TRIGRAM_TABLE], _CREATE[GRAMS_TABLE]]


def present(conn: Connection) -> bool:
    """Whether this database has the search index and this SQLite can use it."""
    found = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = :name"), {"name": TRIGRAM_TABLE})
    return bool(found.scalar_one()) and supported()


def rebuild_grams_statements() -> list[str]:
    """Make message_grams again from every written message, after search_grams changed (a migration)."""
    return [
        *drop_trigger_statements(),
        f"DROP TABLE {GRAMS_TABLE}",
        _CREATE[GRAMS_TABLE],
        *trigger_statements(),
        *fill_statements((GRAMS_TABLE,)),
    ]


def trigger_statements() -> list[str]:
    # One trigger per event, deletes before inserts: FTS5 applies them in order, and an update
    # must take the old text out before it puts the new one in.
    return [
        f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN"
        f"{_INDEX_NEW}END",
        f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN"
        f"{_UNINDEX_OLD}END",
        f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF content, status ON messages"
        f" WHEN old.status != 'streaming' OR new.status != 'streaming' BEGIN{_UNINDEX_OLD}{_INDEX_NEW}END",
    ]


def drop_trigger_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


def fill_statements(tables: tuple[str, ...] = _TABLES) -> list[str]:
    """Index every written message at once, in `tables` (just created, or emptied).

    Merging segments as they are written (FTS5's automerge) is off while filling and one
    merge ('optimize') follows: a million messages index in 13 s instead of 23 s.
    """
    statements = [f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)" for table in tables]
    statements += [_FILL[table] for table in tables]
    for table in tables:
        statements.append(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        statements.append(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {_AUTOMERGE_DEFAULT})")
    return statements

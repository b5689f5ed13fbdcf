"""The SQLite engine: WAL, foreign keys and a busy timeout on every connection, shared across threads.

Each thread checks its own connection out of a QueuePool, so the GUI thread can read while a
worker writes (WAL lets readers and one writer run at once). SQLAlchemy, not the sqlite3
module, emits BEGIN, so DDL is transactional and writers can take the lock up front.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection

from desktop_app.core.search.grams import search_grams

BUSY_TIMEOUT_SECONDS = 10.0
BEGIN_MODE = "inkstone_begin_mode"
CASEFOLD_FUNCTION = "inkstone_casefold"
SEARCH_GRAMS_FUNCTION = "inkstone_search_grams"  # the search index's triggers call it (migrations.m006_message_search)


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def register_functions(dbapi_connection: sqlite3.Connection) -> None:
    """The SQL functions Inkstone's queries and triggers use; every connection that writes messages needs them."""
    dbapi_connection.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)
    dbapi_connection.create_function(SEARCH_GRAMS_FUNCTION, 1, search_grams, deterministic=True)


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on the SQLite file at path; nothing is opened until first use."""
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, in _begin
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across app crashes
        finally:
            cursor.close()
        register_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) but beginning with BEGIN IMMEDIATE.

    A writer that takes the write lock at BEGIN waits politely for the busy timeout;
    one that upgrades a read transaction later can fail at once with "database is locked".
    """
    return engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})

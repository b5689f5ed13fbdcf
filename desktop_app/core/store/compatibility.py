"""Refuse a database Inkstone must not write to, before anything is written to it.

A damaged file, another program's database and a database from a newer Inkstone (a higher
`user_version`, or migrations this version does not know) are refused with DatabaseRefused.
The check reads through SQLite's read-only mode, so a refused file stays byte for byte as it
was; `set_aside` then moves it (with its WAL) out of the way for a fresh database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from desktop_app.core.store.database import BUSY_TIMEOUT_SECONDS
from desktop_app.core.store.errors import StoreError, describe_database_error

MIGRATIONS_TABLE = "_migrations"
_DAMAGED = ("not a database", "malformed", "encrypted", "corrupt")
_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database, named after it


class DatabaseRefused(StoreError):
    """The file is a database Inkstone will not open; it was left untouched."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def check_compatible(path: Path, known_migrations: Collection[str]) -> None:
    """Raise DatabaseRefused unless `path` is missing, empty, or an Inkstone database this version can open."""
    try:
        if path.stat().st_size == 0:
            return  # a new database: SQLite will write its header
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(describe_database_error(path, str(exc))) from exc
    try:
        tables, version, applied = _read_versions(path)
    except sqlite3.DatabaseError as exc:
        detail = str(exc)
        if any(word in detail.lower() for word in _DAMAGED):
            raise DatabaseRefused(describe_database_error(path, detail), path) from exc
        raise StoreError(describe_database_error(path, detail)) from exc
    except sqlite3.Error as exc:
        raise StoreError(describe_database_error(path, str(exc))) from exc
    unknown = sorted(set(applied) - set(known_migrations))
    if version > len(known_migrations) or unknown:
        changes = f" (schema changes {', '.join(unknown)})" if unknown else f" (schema version {version})"
        raise DatabaseRefused(
            f"The database {path} was made by a newer version of Inkstone{changes}; "
            "update Inkstone to open it.",
            path,
        )
    if tables and MIGRATIONS_TABLE not in tables:
        raise DatabaseRefused(
            f"{path} is a database of another program, not Inkstone's; Inkstone will not change it.", path
        )


def _read_versions(path: Path) -> tuple[set[str], int, list[str]]:
    """(user tables, user_version, applied migrations), read without writing."""
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
    )
    try:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        }
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        applied = []
        if MIGRATIONS_TABLE in tables:
            applied = [name for (name,) in connection.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")]
        return tables, version, applied
    finally:
        connection.close()


def aside_name(path: Path, now: datetime | None = None) -> Path:
    """A free name beside `path` for keeping it: inkstone-set-aside-20261112-101500.sqlite3."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}-set-aside-{stamp}{path.suffix}")
    counter = 1
    while kept.exists():
        counter += 1
        kept = path.with_name(f"{path.stem}-set-aside-{stamp}-{counter}{path.suffix}")
    return kept


def set_aside(path: Path, kept: Path | None = None) -> Path:
    """Rename a refused database (and its WAL) to `kept` (default: aside_name) so a fresh one can
    take its place. The contents are not touched; returns the new name of the database file."""
    kept = kept or aside_name(path)
    moves = [(Path(f"{path}{suffix}"), Path(f"{kept}{suffix}")) for suffix in _COMPANIONS]
    moves = [(source, target) for source, target in moves if source.exists()] + [(path, kept)]
    done: list[tuple[Path, Path]] = []
    try:
        for source, target in moves:
            source.rename(target)
            done.append((source, target))
    except OSError as exc:
        for source, target in reversed(done):  # a database never parts from its WAL
            target.rename(source)
        raise StoreError(f"Inkstone cannot move {path} aside: {exc.strerror or exc}.") from exc
    return kept

"""Connection settings every Store connection gets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.store import Store


def test_database_uses_write_ahead_logging(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()

    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()

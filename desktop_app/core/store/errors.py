"""The store's user-facing error, and how SQLite's terse messages become readable ones."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.errors import InkstoneError


class StoreError(InkstoneError):
    """The conversation database cannot be opened, read or written."""


def describe_database_error(path: Path, detail: str) -> str:
    """One line for the user, naming the file and what they can do about it."""
    lowered = detail.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return (
            f"{path} is not a readable Inkstone database (it may be damaged or another kind of file); "
            "move it aside and restart Inkstone."
        )
    if "unable to open" in lowered:
        return f"Inkstone cannot open its database {path}; check that the folder exists and is writable."
    if "locked" in lowered or "busy" in lowered:
        return f"The database {path} is busy in another program; close other Inkstone windows and try again."
    if "readonly" in lowered or "read-only" in lowered or "disk" in lowered or "full" in lowered:
        return f"Inkstone cannot write to its database {path}: {detail}."
    return f"Database error in {path}: {detail}."

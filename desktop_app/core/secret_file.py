"""Small secrets (the server's API token, a remote server's API key) in files only their owner can read.

Written with mode 0600 from the start (never readable by others, even for an instant) and
replaced atomically. Their content is never logged.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MAX_SECRET_BYTES = 4096


def read_secret(path: Path) -> str:
    """The secret in `path`, or "" when there is none (a missing, unreadable or oversized file)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SECRET_BYTES + 1)
    except OSError:
        return ""
    if len(data) > MAX_SECRET_BYTES:
        return ""
    return data.decode("utf-8", "replace").strip()


def write_secret(path: Path, value: str) -> None:
    """Replace `path` with `value`, readable and writable by the owner only ("" removes the file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not value:
        path.unlink(missing_ok=True)
        return
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(value.encode("utf-8"))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

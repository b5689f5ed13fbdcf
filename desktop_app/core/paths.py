"""Where Inkstone keeps its files: one place, so tests and portable installs can move it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

from desktop_app.core.errors import DataDirError

APP_NAME = "Inkstone"
DATA_DIR_ENV = "INKSTONE_DATA_DIR"


def data_dir() -> Path:
    """The user data dir, or INKSTONE_DATA_DIR when set (tests, portable installs)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path() -> Path:
    return data_dir() / "inkstone.sqlite3"


def settings_path() -> Path:
    # Kept beside the data so INKSTONE_DATA_DIR moves everything at once.
    return data_dir() / "settings.json"


def models_dir() -> Path:
    return data_dir() / "models"


def ensure_data_dir() -> Path:
    """Create the data dir and prove it is writable, or raise DataDirError with a plain message."""
    path = data_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
        # A probe of its own (O_EXCL, a fresh name): processes starting together never share one.
        handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        try:
            os.write(handle, b"ok")
        finally:
            os.close(handle)
            os.unlink(probe)
    except OSError as exc:
        raise DataDirError(
            f"Inkstone cannot write to its data folder {path}: {exc.strerror or exc}. "
            f"Check its permissions or set {DATA_DIR_ENV} to a writable folder."
        ) from exc
    return path

"""The API token every request to Inkstone's server must carry (Authorization: Bearer ...).

Made at random on first use and kept in the data folder, readable by its owner only; shown in
the window (Models › Serve) with Copy and Regenerate, and by `inkstone serve --print-token`.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.secret_file import read_secret, write_secret

TOKEN_PREFIX = "ink-"
TOKEN_FILE = "server-token"


def token_path() -> Path:
    return paths.data_dir() / TOKEN_FILE


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def stored_token() -> str:
    """The stored token, made and stored now if there is none yet."""
    path = token_path()
    token = read_secret(path)
    if not token:
        token = new_token()
        write_secret(path, token)
    return token


def regenerate_token() -> str:
    """A new stored token: the old one stops working at once on a running server that reads ApiToken."""
    token = new_token()
    write_secret(token_path(), token)
    return token


class ApiToken:
    """The token a running server checks; `value` can be changed while it runs (Regenerate)."""

    def __init__(self, value: str) -> None:
        if not value:
            raise ValueError("the API token must not be empty")
        self._value = value
        self._lock = threading.Lock()

    @property
    def value(self) -> str:
        with self._lock:
            return self._value

    @value.setter
    def value(self, token: str) -> None:
        if not token:
            raise ValueError("the API token must not be empty")
        with self._lock:
            self._value = token

    def accepts(self, authorization: str | None) -> bool:
        """Whether an Authorization header carries the token (compared in constant time)."""
        if not authorization:
            return False
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode("utf-8"), self.value.encode("utf-8"))

    def __repr__(self) -> str:
        return "ApiToken(…)"

"""Which engine the window runs on, remembered: this computer, or an OpenAI-compatible server.

The server's address, model and context size live in Settings; its API key is a secret, kept
in a file of its own that only its owner can read (never in settings.json, never logged).
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.engine.remote import RemoteSettings
from desktop_app.core.secret_file import read_secret, write_secret
from desktop_app.core.settings import Settings

API_KEY_FILE = "remote-api-key"


def api_key_path() -> Path:
    return paths.data_dir() / API_KEY_FILE


def uses_remote(settings: Settings) -> bool:
    return settings.engine == "remote" and bool(settings.remote_url.strip())


def saved_remote(settings: Settings) -> RemoteSettings:
    """The server last chosen (its address may be empty), with its key."""
    return RemoteSettings(settings.remote_url, read_secret(api_key_path()), settings.remote_model,
                          max(0, settings.remote_context))


def remember_remote(settings: Settings, remote: RemoteSettings) -> None:
    """Keep the server as the engine: its address in `settings` (the caller saves them), its key now."""
    settings.engine = "remote"
    settings.remote_url = remote.url
    settings.remote_model = remote.model
    settings.remote_context = remote.n_ctx
    write_secret(api_key_path(), remote.api_key)


def remember_local(settings: Settings) -> None:
    """This computer is the engine again; the server's details stay for next time."""
    settings.engine = "local"

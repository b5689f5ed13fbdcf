"""What a server listens on and what it accepts: safe by default.

Loopback only unless the caller says otherwise explicitly; no web origin may call it unless
listed (and never "*"); bodies, answers and the queue of waiting requests are bounded.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from desktop_app.core.errors import InkstoneError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8401
MAX_BODY_BYTES = 4 * 1024 * 1024  # a prompt as long as the engine takes (1,000,000 characters) fits
MAX_ANSWER_TOKENS = 8192  # max_tokens above this is lowered to it (the context window caps it too)
MAX_WAITING = 16  # requests queued behind the one being answered; more get 503
MAX_STOPS = 16
MAX_STOP_CHARS = 200


class ServeConfigError(InkstoneError):
    """The server cannot start as asked (an unsafe address without the flag, a bad origin, ...)."""


@dataclass(frozen=True)
class ServeConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allowed_origins: tuple[str, ...] = ()  # web pages that may call the server from a browser
    max_body_bytes: int = MAX_BODY_BYTES
    max_answer_tokens: int = MAX_ANSWER_TOKENS
    max_waiting: int = MAX_WAITING

    @property
    def address(self) -> str:
        """The API's base address, as a client is configured with it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"


def checked_config(config: ServeConfig, *, allow_remote: bool = False) -> ServeConfig:
    """Refuse what is unsafe: a non-loopback address without `allow_remote`, "*" or malformed origins."""
    if not 0 <= config.port <= 65535:
        raise ServeConfigError(f"{config.port} is not a port number (0 to 65535).")
    if not is_loopback(config.host) and not allow_remote:
        raise ServeConfigError(
            f"{config.host} is reachable from other computers. To serve on it, add --allow-remote "
            "(every request still needs the API token; use it only on a network you trust)."
        )
    for origin in config.allowed_origins:
        if origin == "*" or "*" in origin:
            raise ServeConfigError("List the web origins that may call the server one by one; \"*\" is not allowed.")
        if not origin.startswith(("http://", "https://")) or origin.rstrip("/") != origin or origin.count("/") != 2:
            raise ServeConfigError(f"{origin} is not a web origin; one looks like http://localhost:3000.")
    return config


def is_loopback(host: str) -> bool:
    """True for addresses only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

"""--engine-url and friends: run a command on a model served by an OpenAI-compatible server."""

from __future__ import annotations

import argparse
import os

from desktop_app.core.engine.remote import RemoteSettings
from desktop_app.core.errors import InkstoneError

API_KEY_ENV = "INKSTONE_API_KEY"


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("a model on a server (vLLM, llama-server, Ollama, LM Studio, Inkstone)")
    group.add_argument("--engine-url", metavar="URL", default=None,
                       help="the server's OpenAI API address, e.g. http://gpu-box:8000/v1, instead of a local model")
    group.add_argument("--api-key", metavar="KEY", default=None,
                       help=f"the server's API key (default: ${API_KEY_ENV}, which other users cannot see)")
    group.add_argument("--remote-model", metavar="NAME", default=None,
                       help="the server's model to use (default: the first it lists)")
    group.add_argument("--remote-context", metavar="TOKENS", type=int, default=None,
                       help="the model's context size, for a server that does not report it")


def remote_settings(args: argparse.Namespace) -> RemoteSettings | None:
    """The server a command should use, or None for a local model."""
    url = getattr(args, "engine_url", None)
    if not url:
        for flag in ("api_key", "remote_model", "remote_context"):
            if getattr(args, flag, None):
                raise InkstoneError(f"--{flag.replace('_', '-')} goes with --engine-url.")
        return None
    if getattr(args, "model", None):
        raise InkstoneError("Use either --model (a file on this computer) or --engine-url (a server), not both.")
    context = getattr(args, "remote_context", None) or 0
    if context < 0:
        raise InkstoneError("--remote-context must be a number of tokens.")
    key = getattr(args, "api_key", None) or os.environ.get(API_KEY_ENV, "")
    return RemoteSettings(url, key, getattr(args, "remote_model", None) or "", context)

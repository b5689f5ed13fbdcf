"""`inkstone serve`: the model on this computer, served to other programs over the OpenAI API.

Safe by default: it listens on 127.0.0.1 only, every request needs the API token, no web page
may call it unless its origin is listed. One model in memory, one thread running it: requests
are answered in turn.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from desktop_app.core.engine.base import Engine

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    from desktop_app.core.serve.config import DEFAULT_HOST, DEFAULT_PORT

    serve = subparsers.add_parser("serve", help="serve the model to other programs over the OpenAI API")
    serve.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS,
                       help="GGUF model file (default: the last model used, else the starter)")
    serve.add_argument("--host", default=DEFAULT_HOST, metavar="H",
                       help=f"address to listen on (default: {DEFAULT_HOST}, this computer only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N", help=f"port (default: {DEFAULT_PORT})")
    serve.add_argument("--token", metavar="T", default=None,
                       help="the API token clients must send (default: the stored one, made on first use)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow --host to be an address other computers can reach")
    serve.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                       help="a web origin (e.g. http://localhost:3000) whose pages may call the server; repeatable")
    tokens = serve.add_mutually_exclusive_group()
    tokens.add_argument("--print-token", action="store_true", help="print the stored API token and exit")
    tokens.add_argument("--regenerate-token", action="store_true",
                        help="replace the stored API token by a new one, print it and exit")
    serve.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from desktop_app.core.serve.config import ServeConfig, checked_config, is_loopback
    from desktop_app.core.serve.token import ApiToken, regenerate_token, stored_token, token_path

    if args.print_token or args.regenerate_token:
        print(regenerate_token() if args.regenerate_token else stored_token())
        return 0
    # Refuse an unsafe address or origin before the model is loaded.
    config = checked_config(ServeConfig(args.host, args.port, tuple(args.allow_origin)), allow_remote=args.allow_remote)
    if not is_loopback(config.host):
        print(f"inkstone: warning: serving on {config.host}: other computers that can reach this one can use the "
              "model. Every request still needs the API token; use this only on a network you trust.",
              file=sys.stderr)
    token = args.token or stored_token()
    engine = _load_engine(getattr(args, "model", None))
    from desktop_app.core.serve.gate import EngineWorker
    from desktop_app.core.serve.server import ServerThread

    worker = EngineWorker(engine)
    server = ServerThread(worker, ApiToken(token), config, allow_remote=args.allow_remote)
    _print_requests()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        model = engine.model
        assert model is not None
        print(f"Serving {model.name} at {server.address} (OpenAI API). Stop with Ctrl+C.", flush=True)
        if args.token:
            print("API token: the one given with --token.", flush=True)
        else:
            print(f"API token: stored in {token_path()}; `inkstone serve --print-token` prints it "
                  "(the window shows it in Models › Serve).", flush=True)
        while not server.wait(0.5):
            pass
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        worker.close()
        engine.unload()


def _load_engine(model: str | None) -> Engine:
    from desktop_app.cli.chat_commands import model_choice
    from desktop_app.core.engine.llama import LlamaEngine
    from desktop_app.core.models.load_guard import GuardedEngine

    path, model_settings = model_choice(model)
    engine = GuardedEngine(LlamaEngine())  # a crash in llama.cpp is remembered, not repeated
    engine.load(path, model_settings.to_load_options())
    return engine


def _print_requests() -> None:
    """Each request's log line (never its content) on the terminal too."""
    from desktop_app.core.serve.request_log import log as access_log

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


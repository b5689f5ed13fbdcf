"""`inkstone`: with no command it opens the window; commands run headless over the same core."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from desktop_app import __version__
from desktop_app.core.errors import InkstoneError

# Each module adds its sub-commands with register(subparsers); a command's handler is
# stored as `func` and returns an exit code.
_COMMAND_MODULES = (
    "desktop_app.cli.chat_commands",
    "desktop_app.cli.model_commands",
    "desktop_app.cli.writing_commands",
    "desktop_app.cli.bench_commands",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="inkstone",
        description="Inkstone: a private chat and writing assistant on a local model. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"inkstone {__version__}")
    parser.add_argument("--model", metavar="PATH", help="GGUF model file to use")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from desktop_app.app import run_gui

        return run_gui(model_path=args.model)
    try:
        return int(args.func(args) or 0)
    except InkstoneError as exc:
        from desktop_app.core.safe_text import safe_text

        # One line, no terminal escapes: messages can quote a model file or llama.cpp's log.
        print(f"inkstone: error: {safe_text(exc, 1000)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("inkstone: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`inkstone history | head`): stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141

"""`inkstone`: with no command it opens the window; commands run headless over the same core."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from desktop_app import __version__
from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)

# Each module adds its sub-commands with register(subparsers); a command's handler is
# stored as `func` and returns an exit code.
_COMMAND_MODULES = (
    "desktop_app.cli.chat_commands",
    "desktop_app.cli.transfer_commands",
    "desktop_app.cli.model_commands",
    "desktop_app.cli.writing_commands",
    "desktop_app.cli.serve_commands",
    "desktop_app.cli.docs_commands",
    "desktop_app.cli.bench_commands",
    "desktop_app.cli.diagnostics_commands",
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
    from desktop_app.core.diagnostics import remove_crash_handler

    try:
        _start_diagnostics(args.command)
        return int(args.func(args) or 0)
    except InkstoneError as exc:
        from desktop_app.core.safe_text import safe_text

        log.warning("inkstone %s failed", args.command, exc_info=True)
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
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("inkstone %s failed unexpectedly", args.command)
        print(f"inkstone: error: unexpected {type(exc).__name__}: {exc} (details in {_log_file()})", file=sys.stderr)
        return 1
    finally:
        remove_crash_handler()


def _start_diagnostics(command: str) -> None:
    """Log to the data folder's log and crash files; mention once a crash of an earlier run."""
    from desktop_app.core.diagnostics import mark_seen, start_diagnostics
    from desktop_app.core.paths import ensure_data_dir

    crash = start_diagnostics(ensure_data_dir(), f"inkstone {command}")
    if crash is not None:
        print(
            f"inkstone: Inkstone stopped unexpectedly on {crash.when:%Y-%m-%d %H:%M}; its crash report is "
            f"{crash.path} (`inkstone diagnostics` prints everything a bug report needs).",
            file=sys.stderr,
        )
        mark_seen(crash)


def _log_file() -> str:
    from desktop_app.core.diagnostics import log_path
    from desktop_app.core.paths import data_dir

    return str(log_path(data_dir()))

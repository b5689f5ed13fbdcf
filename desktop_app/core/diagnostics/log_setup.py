"""Inkstone's log: a rotating file in the data dir with start-up facts and every failure's traceback.

What is logged is about the program (versions, model files, backends, errors), never what the user
wrote or the model answered: log calls pass ids and sizes, not text.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Mapping
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from desktop_app.core.diagnostics.facts import software_versions

LOG_FOLDER = "logs"
LOG_NAME = "inkstone.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s [%(process)d %(threadName)s] %(levelname)s %(name)s: %(message)s"
APP_LOGGER = "desktop_app"  # our modules log under their __name__, below this one
_HANDLER_NAME = "inkstone-log-file"

log = logging.getLogger(__name__)


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_FOLDER / LOG_NAME


def configure_logging(data_dir: Path) -> Path | None:
    """Send our INFO and everyone's WARNING and above to the log file; idempotent per data dir.

    Returns the log file, or None when it cannot be opened (Inkstone runs on without a log).
    """
    path = log_path(data_dir)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path.absolute():
                return path
            root.removeHandler(handler)  # tests move the data dir between runs in one process
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        print(f"inkstone: warning: no log file ({exc.strerror or exc}): {path}", file=sys.stderr)
        return None
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)  # other libraries: warnings and errors only
    app_logger = logging.getLogger(APP_LOGGER)
    if app_logger.level == logging.NOTSET or app_logger.level > logging.INFO:
        app_logger.setLevel(logging.INFO)
    _log_uncaught_exceptions()
    return path


def log_startup(what: str, extra: Mapping[str, str] | None = None) -> None:
    """One line of facts a bug report needs: what started, and on which versions."""
    facts = {**software_versions(), **(extra or {})}
    log.info("Starting %s: %s", what, "; ".join(f"{key} {value}" for key, value in facts.items()))


def _log_uncaught_exceptions() -> None:
    """Uncaught exceptions (main thread, other threads, Qt slots) reach the log before the default hook."""
    if not getattr(sys.excepthook, "_inkstone_logs", False):
        previous = sys.excepthook

        def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
            if not issubclass(kind, KeyboardInterrupt):
                logging.getLogger(APP_LOGGER).critical("Uncaught exception", exc_info=(kind, value, tb))
            previous(kind, value, tb)

        excepthook._inkstone_logs = True  # type: ignore[attr-defined]
        sys.excepthook = excepthook
    if not getattr(threading.excepthook, "_inkstone_logs", False):
        previous_thread_hook = threading.excepthook

        def thread_excepthook(args: threading.ExceptHookArgs) -> None:
            if args.exc_type is not SystemExit:
                name = args.thread.name if args.thread is not None else "?"
                logging.getLogger(APP_LOGGER).critical(
                    "Uncaught exception in thread %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
                )
            previous_thread_hook(args)

        thread_excepthook._inkstone_logs = True  # type: ignore[attr-defined]
        threading.excepthook = thread_excepthook

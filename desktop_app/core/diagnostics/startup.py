"""What every entry point (the window, each CLI command) does first, in one call."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from desktop_app.core.diagnostics.crash_files import CrashReport, install_crash_handler, pending_crash
from desktop_app.core.diagnostics.log_setup import configure_logging, log_startup

log = logging.getLogger(__name__)


def start_diagnostics(data_dir: Path, what: str, extra: Mapping[str, str] | None = None) -> CrashReport | None:
    """Open the log and this process's crash file, log the start-up facts, and return the crash
    of an earlier run that has not been reported yet (the caller offers it, then `mark_seen`)."""
    configure_logging(data_dir)
    install_crash_handler(data_dir)
    log_startup(what, extra)
    crash = pending_crash(data_dir)
    if crash is not None:
        log.warning("An earlier run crashed; its report is %s", crash.path)
    return crash

"""What a bug report needs: a log file, crash files for native crashes, and a plain-text report."""

from desktop_app.core.diagnostics.crash_files import (
    CrashReport,
    install_crash_handler,
    last_crash,
    mark_seen,
    pending_crash,
    remove_crash_handler,
)
from desktop_app.core.diagnostics.log_setup import configure_logging, log_path, log_startup
from desktop_app.core.diagnostics.report import diagnostics_report
from desktop_app.core.diagnostics.startup import start_diagnostics

__all__ = [
    "CrashReport",
    "configure_logging",
    "diagnostics_report",
    "install_crash_handler",
    "last_crash",
    "log_path",
    "log_startup",
    "mark_seen",
    "pending_crash",
    "remove_crash_handler",
    "start_diagnostics",
]

"""The diagnostics report: plain text a user can paste into a bug report.

Versions, hardware, what the app is running on, the last lines of the log and the last crash.
It holds no conversation text, because the log never does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from desktop_app.core.diagnostics.crash_files import last_crash
from desktop_app.core.diagnostics.facts import hardware_facts, software_versions
from desktop_app.core.diagnostics.log_setup import log_path

LOG_LINES = 200


def diagnostics_report(data_dir: Path, running: Mapping[str, str] | None = None) -> str:
    """The whole report; `running` adds what the caller knows (the model and backend in use)."""
    sections = [
        f"Inkstone diagnostics, {datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}",
        _section("Software", software_versions()),
        _section("Hardware", hardware_facts()),
        _section("Running", {**(running or {}), "Data folder": str(data_dir)}),
        _heading("Last log lines") + (last_log_lines(data_dir) or "(the log is empty)"),
        _heading("Last crash") + _crash_text(data_dir),
    ]
    return "\n\n".join(sections).rstrip() + "\n"


def last_log_lines(data_dir: Path, count: int = LOG_LINES) -> str:
    try:
        with open(log_path(data_dir), encoding="utf-8", errors="replace") as log_file:
            return "".join(deque(log_file, maxlen=count)).rstrip()
    except OSError:
        return ""


def _crash_text(data_dir: Path) -> str:
    crash = last_crash(data_dir)
    if crash is None:
        return "(none recorded)"
    return f"{crash.when:%Y-%m-%d %H:%M:%S} ({crash.path.name})\n{crash.text.rstrip()}"


def _heading(title: str) -> str:
    return f"== {title} ==\n"


def _section(title: str, facts: Mapping[str, str]) -> str:
    return _heading(title) + "\n".join(f"{key}: {value}" for key, value in facts.items())

"""Native crashes (llama.cpp aborts, segfaults) written to a file, and found again at the next start.

Each process opens its own empty file in crashes/ named after its pid and start time, and
`faulthandler` writes every thread's Python stack there if the process dies of a fatal signal.
A clean exit removes the file. At the next start, a non-empty file whose process is gone is a
crash not yet reported; once shown it is renamed `.seen`, and the newest few are kept for reports.
"""

from __future__ import annotations

import atexit
import faulthandler
import logging
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from desktop_app.core.processes import ProcessIdentity, current_process, is_running

CRASH_FOLDER = "crashes"
KEEP = 5  # crash reports kept for later bug reports
_NAME = re.compile(r"crash-(?P<pid>\d+)-(?P<started_ms>\d+)(?P<seen>\.seen)?\.log")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrashReport:
    path: Path
    when: datetime  # local time the report was written
    text: str


@dataclass
class _Handler:
    path: Path
    file: IO[str]
    faulthandler_was_enabled: bool


_installed: _Handler | None = None


def crash_folder(data_dir: Path) -> Path:
    return data_dir / CRASH_FOLDER


def install_crash_handler(data_dir: Path) -> Path | None:
    """Have a fatal signal in this process write its stacks to a crash file in data_dir.

    Idempotent per data dir; returns the file, or None when it cannot be created.
    """
    global _installed
    folder = crash_folder(data_dir)
    me = current_process()
    path = folder / f"crash-{me.pid}-{int(me.started * 1000)}.log"
    if _installed is not None:
        if _installed.path == path:
            return path
        remove_crash_handler()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the life of the process
    except OSError as exc:
        log.warning("No crash file: %s", exc)
        return None
    was_enabled = faulthandler.is_enabled()
    faulthandler.enable(file, all_threads=True)
    _installed = _Handler(path, file, was_enabled)
    return path


def remove_crash_handler() -> None:
    """A clean exit: stop writing crash stacks to our file and delete it."""
    global _installed
    handler, _installed = _installed, None
    if handler is None:
        return
    faulthandler.disable()
    handler.file.close()
    handler.path.unlink(missing_ok=True)  # even if written: the process lived on, so it was no crash
    if handler.faulthandler_was_enabled and sys.__stderr__ is not None:
        try:
            faulthandler.enable(sys.__stderr__, all_threads=True)
        except (ValueError, OSError):  # no usable standard error (a windowed app)
            pass


atexit.register(remove_crash_handler)


def pending_crash(data_dir: Path) -> CrashReport | None:
    """The newest crash not yet reported, if a process died of one since."""
    unseen = [path for path in _crash_files(data_dir) if not _NAME.fullmatch(path.name)["seen"]]
    return _read(unseen[-1]) if unseen else None


def mark_seen(report: CrashReport) -> None:
    """Do not offer this crash again; it stays available to the diagnostics report."""
    if _NAME.fullmatch(report.path.name)["seen"]:
        return
    try:
        report.path.rename(report.path.with_suffix(".seen.log"))
    except OSError:  # another Inkstone starting at the same time got there first
        pass


def last_crash(data_dir: Path) -> CrashReport | None:
    """The newest crash on record, reported or not."""
    files = _crash_files(data_dir)
    return _read(files[-1]) if files else None


def _crash_files(data_dir: Path) -> list[Path]:
    """Crash reports of processes that are gone, oldest first; tidies the folder on the way.

    Empty files of processes that are gone (killed, or exited without cleaning up) are deleted,
    and only the newest KEEP reports are kept.
    """
    folder = crash_folder(data_dir)
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    reports: list[tuple[float, Path]] = []
    for path in entries:
        match = _NAME.fullmatch(path.name)
        if match is None:
            continue
        owner = ProcessIdentity(int(match["pid"]), int(match["started_ms"]) / 1000)
        try:
            if not match["seen"] and is_running(owner):
                continue  # a live process's file: empty, or it is dying right now
            stat = path.stat()
            if stat.st_size == 0:
                path.unlink(missing_ok=True)
                continue
        except OSError:
            continue
        reports.append((stat.st_mtime, path))
    reports.sort()
    for _, old in reports[:-KEEP]:
        old.unlink(missing_ok=True)
    return [path for _, path in reports[-KEEP:]]


def _read(path: Path) -> CrashReport | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        when = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None
    return CrashReport(path, when, text)

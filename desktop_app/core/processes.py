"""Which process is which: a pid plus its start time, so a reused pid is never taken for a live one.

The store records the process that writes a streaming answer, and crash files are named after
the process that may write them; both ask `is_running` later, from another process.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import psutil

# Start times are read from the OS at clock-tick resolution; the same process always gives the
# same value, and no OS hands out a pid again within a second of its last owner starting.
START_TIME_TOLERANCE_SECONDS = 1.0


@dataclass(frozen=True)
class ProcessIdentity:
    pid: int
    started: float  # seconds since the epoch, as the OS reports the process's creation


def started_at(pid: int) -> float | None:
    """When process `pid` started, or None when there is no such process (or we may not see it)."""
    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, ValueError):
        return None


@functools.lru_cache(maxsize=None)
def _identity_of(pid: int) -> ProcessIdentity:
    started = started_at(pid)
    return ProcessIdentity(pid, started if started is not None else 0.0)


def current_process() -> ProcessIdentity:
    """This process (looked up once per pid, so a fork gets its own)."""
    return _identity_of(os.getpid())


def is_running(identity: ProcessIdentity) -> bool:
    """True while the process that had this identity is alive (a zombie counts as gone)."""
    try:
        process = psutil.Process(identity.pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        started = process.create_time()
    except (psutil.NoSuchProcess, psutil.ZombieProcess, ValueError):
        return False
    except psutil.AccessDenied:
        return False  # a process we may not inspect belongs to someone else: our writer is gone
    return abs(started - identity.started) <= START_TIME_TOLERANCE_SECONDS

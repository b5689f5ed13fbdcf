"""Timestamps that never repeat or run backwards within one process.

Conversations are ordered by their last activity; on clocks with coarse ticks (Windows,
~15 ms) two writes in a row could otherwise share a timestamp and sort arbitrarily.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

_STEP = timedelta(microseconds=1)


class UTCClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: datetime | None = None

    def now(self) -> datetime:
        with self._lock:
            now = datetime.now(timezone.utc)
            if self._last is not None and now <= self._last:
                now = self._last + _STEP
            self._last = now
            return now

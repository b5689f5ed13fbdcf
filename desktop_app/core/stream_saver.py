"""Saving text while it streams: a crash loses at most the last interval, and the disk is not hammered."""

from __future__ import annotations

import time
from typing import Callable

SAVE_INTERVAL_SECONDS = 0.5


class StreamSaver:
    """Collects streamed pieces and hands the whole text so far to `save` at most every `interval` s.

    Every job that streams into the history (a chat answer, a translation, a draft) saves
    through one of these, on the thread that runs the job, so closing the window or a crash
    mid-job loses at most the last interval of text.
    """

    def __init__(self, save: Callable[[str], None], interval: float | None = None, initial: str = "") -> None:
        """`initial`: text already saved that the pieces continue (an answer that goes on)."""
        self._save = save
        self._interval = SAVE_INTERVAL_SECONDS if interval is None else interval
        self._pieces: list[str] = [initial] if initial else []
        self._last_save = time.monotonic()
        self._saved_len = len(initial)

    @property
    def empty(self) -> bool:
        return not self._pieces

    @property
    def text(self) -> str:
        return "".join(self._pieces)

    def add(self, piece: str) -> None:
        if not piece:
            return
        self._pieces.append(piece)
        if time.monotonic() - self._last_save >= self._interval:
            self.save_now()

    def save_now(self) -> None:
        """Save at once if anything arrived since the last save (at a segment's end, say)."""
        text = self.text
        if len(text) != self._saved_len:
            self._save(text)
            self._saved_len = len(text)
        self._last_save = time.monotonic()

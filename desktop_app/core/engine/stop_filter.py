"""Cutting a text stream at the first stop string, across piece boundaries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StopFilter:
    """Cuts the stream at the first stop string, holding back text that may be the start of one."""

    stops: tuple[str, ...]
    held: str = ""
    triggered: bool = False

    def __post_init__(self) -> None:
        self.stops = tuple(s for s in self.stops if s)

    def feed(self, piece: str) -> tuple[str, bool]:
        """Returns (text safe to show, whether a stop string was reached)."""
        if not self.stops:
            return piece, False
        text = self.held + piece
        cut = min((i for i in (text.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            self.held, self.triggered = "", True
            return text[:cut], True
        keep = max((_overlap(text, s) for s in self.stops), default=0)
        self.held = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep], False

    def flush(self) -> str:
        rest, self.held = self.held, ""
        return rest


def _overlap(text: str, stop: str) -> int:
    """Length of the longest end of `text` that is a proper beginning of `stop`."""
    for k in range(min(len(stop) - 1, len(text)), 0, -1):
        if text.endswith(stop[:k]):
            return k
    return 0

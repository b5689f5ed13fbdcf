"""One line of the window benchmark's table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    target: str = ""
    met: bool | None = None  # None: a figure with no target

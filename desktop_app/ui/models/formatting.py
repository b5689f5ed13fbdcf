"""Numbers as the Models page shows them: sizes, parameter counts, speeds and time left."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.core.models.fit import describe_bytes

__all__ = ["describe_bytes", "describe_duration", "describe_parameters", "describe_speed"]


def describe_parameters(count: int) -> str:
    if count <= 0:
        return "?"
    if count >= 1e9:
        return f"{count / 1e9:.1f}B"
    return f"{count / 1e6:.0f}M"


def describe_speed(bytes_per_second: float) -> str:
    return f"{describe_bytes(int(bytes_per_second))}/s" if bytes_per_second > 0 else "–"


def describe_duration(seconds: float | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("Downloads", "time left unknown")
    seconds = int(round(seconds))
    if seconds < 60:
        return QCoreApplication.translate("Downloads", "{0} s left").format(seconds)
    if seconds < 3600:
        return QCoreApplication.translate("Downloads", "{0} min {1} s left").format(seconds // 60, seconds % 60)
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    return QCoreApplication.translate("Downloads", "{0} h {1} min left").format(hours, minutes)

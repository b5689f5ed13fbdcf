"""A small turning arc, drawn as a pixmap per step, for "still working" marks in lists."""

from __future__ import annotations

import functools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap

from desktop_app.ui import theme

SPINNER_STEPS = 12  # positions in one turn
SPINNER_SIZE = 16


def spinner_pixmap(phase: int, size: int = SPINNER_SIZE) -> QPixmap:
    """The spinner at step `phase`, in the theme's accent colour."""
    return _draw(phase % SPINNER_STEPS, size, theme.current().accent)


@functools.lru_cache(maxsize=4 * SPINNER_STEPS)
def _draw(phase: int, size: int, colour: str) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour))
    pen.setWidthF(max(1.5, size / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    margin = pen.widthF()
    painter.drawArc(QRectF(margin, margin, size - 2 * margin, size - 2 * margin),
                    -phase * (360 // SPINNER_STEPS) * 16, 270 * 16)
    painter.end()
    return pixmap

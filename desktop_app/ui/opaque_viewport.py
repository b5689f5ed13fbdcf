"""Keep a scroll area's viewport opaque, so Qt repaints it alone.

A stylesheet that gives a QTextBrowser or a QListView its background leaves the viewport
transparent after every polish; then each update of the viewport (every frame of a streaming
answer, every turn of the sidebar's spinner) has Qt paint the page, the splitter and the window
under it first. Filling the viewport with its palette's Base (the theme's surface, as the
stylesheet says) makes it opaque and keeps those repaints to the viewport.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea

_AFTER_POLISH = (QEvent.Type.Show, QEvent.Type.StyleChange)  # a theme switch polishes again, then says so


class _OpaqueViewport(QObject):
    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self._area = area
        area.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _AFTER_POLISH:
            self._area.viewport().setAutoFillBackground(True)
        return False


def keep_viewport_opaque(area: QAbstractScrollArea) -> None:
    _OpaqueViewport(area)

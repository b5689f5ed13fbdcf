"""Dropping files on a widget: only local files, only the kinds it can use; the callback does the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def dropped_files(event: QDragEnterEvent | QDropEvent, suffixes: Iterable[str]) -> list[Path]:
    wanted = {s.lower() for s in suffixes}
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [f for f in files if f.suffix.lower() in wanted or not wanted]


class FileDrop(QObject):
    """Makes `widgets` accept drops of files with `suffixes`; `on_files(paths)` gets them, in order."""

    def __init__(self, widgets: Iterable[QWidget], suffixes: Iterable[str],
                 on_files: Callable[[list[Path]], object]) -> None:
        widgets = list(widgets)
        super().__init__(widgets[0])
        self.suffixes = tuple(suffixes)
        self.on_files = on_files
        for widget in widgets:
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)
            viewport = getattr(widget, "viewport", None)
            if callable(viewport):  # text editors take drops on their viewport
                viewport().setAcceptDrops(True)
                viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_files(event, self.suffixes):  # type: ignore[arg-type]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
            if dropped_files(event, ()):  # files of a kind this place can't use: no drop (a text editor
                event.ignore()  # would otherwise paste their file:// addresses)
                return True
            return False
        if kind == QEvent.Type.Drop:
            files = dropped_files(event, self.suffixes)  # type: ignore[arg-type]
            if files:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.on_files(files)
                return True
        return False

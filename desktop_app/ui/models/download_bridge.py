"""The download queue's callbacks, turned into a Qt signal delivered on the GUI thread.

DownloadQueue calls on_change from its own worker thread; emitting a signal of this QObject
(which lives on the GUI thread) from there queues the call to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.core.models.download_queue import DownloadItem, DownloadQueue


class DownloadBridge(QObject):
    changed = Signal(object)  # DownloadItem, a snapshot

    def __init__(
        self,
        models_root: Path,
        *,
        token: str | None = None,
        download: Callable[..., Path] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        options = {"download": download} if download is not None else {}
        self.queue = DownloadQueue(models_root, on_change=self._on_change, token=token, **options)
        self._closed = False

    def add(self, repo_id: str, filename: str, revision: str = "main") -> int:
        return self.queue.add(repo_id, filename, revision)

    def cancel(self, item_id: int) -> None:
        self.queue.cancel(item_id)

    def items(self) -> list[DownloadItem]:
        return self.queue.items()

    def close(self, timeout: float = 10.0) -> None:
        """Pause what runs (its .part stays for the next start) and stop the worker thread."""
        if self._closed:
            return
        self._closed = True
        self.queue.close(timeout)

    def _on_change(self, item: DownloadItem) -> None:
        try:
            self.changed.emit(item)
        except RuntimeError:  # the bridge was deleted while the worker thread still reported
            pass

"""Several downloads queued and run one after another on a background thread (no Qt; the GUI wraps it).

Every change of an item (queued, progress, done, failed, cancelled) is reported through one
callback, called on the worker thread with a snapshot the receiver may keep.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.download import DownloadCancelled, DownloadProgress, download_model, repo_dir

log = logging.getLogger(__name__)


class DownloadStatus(enum.Enum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (DownloadStatus.DONE, DownloadStatus.FAILED, DownloadStatus.CANCELLED)


@dataclass(frozen=True)
class DownloadItem:
    id: int
    repo_id: str
    filename: str
    revision: str = "main"
    status: DownloadStatus = DownloadStatus.QUEUED
    progress: DownloadProgress | None = None
    path: Path | None = None  # set when DONE
    error: str | None = None  # one-line message when FAILED (or why it was CANCELLED)


ChangeCallback = Callable[[DownloadItem], None]
DownloadFunction = Callable[..., Path]


class DownloadQueue:
    """Downloads into models_root/owner/name/, first in first out; cancel a queued or running item by id."""

    def __init__(
        self,
        models_root: Path,
        *,
        on_change: ChangeCallback | None = None,
        token: str | None = None,
        download: DownloadFunction = download_model,
    ) -> None:
        self.models_root = Path(models_root)
        self._on_change = on_change
        self._token = token
        self._download = download
        self._ids = itertools.count(1)
        self._items: dict[int, DownloadItem] = {}
        self._waiting: deque[int] = deque()
        self._cancels: dict[int, threading.Event] = {}
        self._condition = threading.Condition()
        self._closed = False
        self._worker: threading.Thread | None = None

    def add(self, repo_id: str, filename: str, revision: str = "main") -> int:
        """Queue a download and return its id; the worker starts on the first call."""
        with self._condition:
            if self._closed:
                raise InkstoneError("The download queue is closed.")
            item = DownloadItem(next(self._ids), repo_id, filename, revision)
            self._items[item.id] = item
            self._cancels[item.id] = threading.Event()
            self._waiting.append(item.id)
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="model-downloads", daemon=True)
                self._worker.start()
            self._condition.notify_all()
        self._emit(item)
        return item.id

    def cancel(self, item_id: int) -> None:
        """Stop a running download (its .part stays for a later resume) or drop a queued one."""
        with self._condition:
            item = self._items.get(item_id)
            if item is None or item.status.finished:
                return
            self._cancels[item_id].set()
            if item.status is DownloadStatus.QUEUED:
                self._waiting.remove(item_id)
                item = self._set(item_id, status=DownloadStatus.CANCELLED)
            else:
                return  # the worker reports CANCELLED when the download stops
        self._emit(item)

    def items(self) -> list[DownloadItem]:
        with self._condition:
            return list(self._items.values())

    def get(self, item_id: int) -> DownloadItem | None:
        with self._condition:
            return self._items.get(item_id)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or running; False if the timeout passed first."""
        with self._condition:
            return self._condition.wait_for(self._idle, timeout=timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Cancel everything and stop the worker thread."""
        with self._condition:
            self._closed = True
            pending = [i for i, item in self._items.items() if not item.status.finished]
        for item_id in pending:
            self.cancel(item_id)
        with self._condition:
            self._condition.notify_all()
            worker = self._worker
        if worker is not None:
            worker.join(timeout)

    # -- worker ------------------------------------------------------------------------------
    def _idle(self) -> bool:
        return not any(not item.status.finished for item in self._items.values())

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting or self._closed)
                if not self._waiting:
                    return
                item_id = self._waiting.popleft()
                item = self._set(item_id, status=DownloadStatus.DOWNLOADING)
                cancel = self._cancels[item_id]
            self._emit(item)
            self._emit(self._download_one(item, cancel))

    def _download_one(self, item: DownloadItem, cancel: threading.Event) -> DownloadItem:
        def on_progress(progress: DownloadProgress) -> None:
            with self._condition:
                updated = self._set(item.id, progress=progress)
            self._emit(updated)

        try:
            path = self._download(
                item.repo_id,
                item.filename,
                repo_dir(self.models_root, item.repo_id),
                revision=item.revision,
                token=self._token,
                progress=on_progress,
                cancel=cancel,
            )
        except DownloadCancelled as exc:
            outcome = {"status": DownloadStatus.CANCELLED, "error": str(exc)}
        except InkstoneError as exc:
            log.warning("Download of %s from %s failed", item.filename, item.repo_id, exc_info=True)
            outcome = {"status": DownloadStatus.FAILED, "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the worker and strand the queue
            log.exception("Download of %s from %s failed unexpectedly", item.filename, item.repo_id)
            outcome = {"status": DownloadStatus.FAILED, "error": f"Unexpected error: {exc}"}
        else:
            outcome = {"status": DownloadStatus.DONE, "path": path}
        with self._condition:
            finished = self._set(item.id, **outcome)
            self._condition.notify_all()
        return finished

    def _set(self, item_id: int, **changes) -> DownloadItem:
        item = replace(self._items[item_id], **changes)
        self._items[item_id] = item
        if item.status.finished:
            self._condition.notify_all()
        return item

    def _emit(self, item: DownloadItem) -> None:
        if self._on_change is not None:
            self._on_change(item)

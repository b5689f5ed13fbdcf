"""The Documents thread: it scans sources, indexes the queue file by file, and runs searches.

Plain Python (a threading.Thread), so the window and the CLI drive it alike. Indexing can be
held for several reasons at once ("user" for Pause, "chat" while the chat model generates):
it stops between two chunks and goes on when no reason is left. Searches and other short
tasks (`submit`) jump the queue between two chunks, so a search never waits for a file.
Progress goes to `on_progress` from this thread, at most a few times a second.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.documents.indexing import Interrupted, index_file
from desktop_app.core.documents.sources import sync_source
from desktop_app.core.errors import InkstoneError
from desktop_app.core.store.documents import DocumentStore

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.25


@dataclass(frozen=True)
class IndexProgress:
    state: str  # "idle", "scanning", "indexing", "paused", "stopped", "error"
    held_by: tuple[str, ...] = ()  # why it is paused: "user", "chat"
    file_path: str | None = None  # the file being indexed
    file_done: int = 0  # its chunks embedded so far
    file_total: int = 0
    files_done: int = 0  # files finished since the queue last emptied
    files_left: int = 0  # files waiting, the current one included
    chunks_done: int = 0  # chunks embedded since the queue last emptied
    rate: float = 0.0  # chunks per second while working
    seconds_left: float | None = None
    error: str | None = None  # why indexing stopped (the embedding model cannot be loaded, ...)


class DocumentsWorker:
    def __init__(self, docs: DocumentStore, embedder: SharedEmbedder,
                 on_progress: Callable[[IndexProgress], Any] = lambda p: None,
                 on_file_done: Callable[[int], Any] = lambda file_id: None) -> None:
        self.docs = docs
        self.embedder = embedder
        self._on_progress = on_progress
        self._on_file_done = on_file_done
        self._wake = threading.Condition()
        self._tasks: deque[tuple[Callable[[], Any], Future]] = deque()
        self._holds: set[str] = set()
        self._stopping = False
        self._progress = IndexProgress("idle")
        self._last_emit = 0.0
        self._active_seconds = 0.0
        self._bytes_per_chunk = 1500.0
        self._thread = threading.Thread(target=self._run, name="inkstone-documents", daemon=True)

    # -- from any thread ------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread; its first job is a scan (files may have changed while Inkstone was closed)."""
        self.rescan()
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop after the current chunk (the file in progress is redone next time); True when it ended."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def hold(self, reason: str) -> None:
        with self._wake:
            self._holds.add(reason)
            self._wake.notify_all()

    def release(self, reason: str) -> None:
        with self._wake:
            self._holds.discard(reason)
            self._wake.notify_all()

    def rescan(self) -> Future:
        """Look at every source again (after adding one, or on Re-index); done when the Future is."""
        return self.submit(self._scan)

    def submit(self, task: Callable[[], Any]) -> Future:
        """Run `task` on this thread as soon as the current chunk is done; its result comes in the Future."""
        future: Future = Future()
        with self._wake:
            self._tasks.append((task, future))
            self._wake.notify_all()
        return future

    @property
    def progress(self) -> IndexProgress:
        return self._progress

    # -- on the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._wake:
                while not (self._stopping or self._tasks or self._has_work()):
                    if self._progress.state != "error":
                        waiting = bool(self._holds) and self.docs.next_file() is not None
                        self._emit(IndexProgress("paused" if waiting else "idle", tuple(sorted(self._holds)),
                                                 files_left=self.docs.pending_counts()[0] if waiting else 0),
                                   force=True)
                    self._wake.wait()
                if self._stopping:
                    break
            try:
                self._run_tasks()
                self._index_next()
            except Interrupted:
                break
            except Exception:  # a bug must not end the thread silently
                log.exception("The documents worker failed")
                with self._wake:
                    self._wake.wait(1.0)
        self._emit(replace(self._progress, state="stopped"), force=True)

    def _has_work(self) -> bool:
        if self._holds or self._progress.state == "error":
            return False
        return self.docs.next_file() is not None

    def _run_tasks(self) -> None:
        while True:
            with self._wake:
                if not self._tasks:
                    return
                task, future = self._tasks.popleft()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(task())
                except BaseException as exc:  # handed to the caller, who shows it
                    future.set_exception(exc)

    def _scan(self) -> None:
        self._emit(replace(self._progress, state="scanning", error=None), force=True)
        for source in self.docs.sources():
            sync_source(self.docs, source)

    def _index_next(self) -> None:
        if self.docs.next_file() is not None:
            self._wait_while_held()  # only "paused" when there is something to index
        record = self.docs.next_file()
        if record is None:
            self._progress = IndexProgress("idle")
            return
        source = self.docs.source(record.source_id)
        collection = self.docs.collection(source.collection_id) if source else None
        if collection is None:
            return
        files_left, bytes_left = self.docs.pending_counts()
        started = time.monotonic()
        base = self._progress

        def checkpoint(done: int, total: int) -> None:
            self._run_tasks()
            self._wait_while_held()
            elapsed = self._active_seconds + (time.monotonic() - started)
            chunks = base.chunks_done + done
            rate = chunks / elapsed if elapsed > 0 and chunks else 0.0
            remaining = (total - done) + max(0.0, (bytes_left - record.size) / self._bytes_per_chunk)
            self._emit(IndexProgress("indexing", (), record.path, done, total, base.files_done, files_left,
                                     chunks, rate, remaining / rate if rate else None), force=done == 0)

        try:
            outcome = index_file(self.docs, self.embedder, collection, record, checkpoint)
        except Interrupted:
            raise
        except InkstoneError as exc:  # the embedding model: every file would fail the same way
            log.warning("Indexing stopped: %s", exc, exc_info=True)
            self._emit(replace(self._progress, state="error", error=str(exc)), force=True)
            return
        self._active_seconds += time.monotonic() - started
        if outcome.chunks and record.size:
            self._bytes_per_chunk = 0.7 * self._bytes_per_chunk + 0.3 * (record.size / outcome.chunks)
        self._progress = replace(self._progress, files_done=base.files_done + 1,
                                 chunks_done=base.chunks_done + outcome.chunks, file_done=outcome.chunks)
        self._on_file_done(record.id)
        if self.docs.next_file() is None:  # the queue is empty: the next batch counts from zero
            self._active_seconds = 0.0
            self._progress = IndexProgress("idle")

    def _wait_while_held(self) -> None:
        with self._wake:
            while self._holds and not self._stopping:
                self._emit(replace(self._progress, state="paused", held_by=tuple(sorted(self._holds))), force=True)
                self._wake.wait(0.5)
                if self._tasks:
                    break
            stopping = self._stopping
        if self._tasks:
            self._run_tasks()
            self._wait_while_held()
        if stopping:
            raise Interrupted()

    def _emit(self, progress: IndexProgress, force: bool = False) -> None:
        self._progress = progress
        now = time.monotonic()
        if force or now - self._last_emit >= PROGRESS_INTERVAL:
            self._last_emit = now
            try:
                self._on_progress(progress)
            except Exception:  # a listener's bug must not stop indexing
                log.exception("A documents progress listener failed")


def wait_until_indexed(worker: DocumentsWorker, docs: DocumentStore, timeout: float | None = None,
                       collection_ids: Sequence[int] | None = None) -> bool:
    """Block until no file of the collections waits (the CLI's `docs add`); False on timeout."""
    deadline = None if timeout is None else time.monotonic() + timeout
    worker.rescan().result(timeout)
    while docs.next_file(collection_ids) is not None:
        if worker.progress.state in ("error", "stopped"):
            return False
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True

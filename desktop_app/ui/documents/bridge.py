"""Hands the Documents worker's callbacks (made on its own thread) to the GUI thread as signals."""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal


class DocumentsBridge(QObject):
    progress = Signal(object)  # IndexProgress
    fileDone = Signal(int)  # file id
    searchDone = Signal(int, object)  # request id, list[Passage]
    searchFailed = Signal(int, str)  # request id, message

    def watch_search(self, request_id: int, future: Future) -> None:
        """Emit the search's result (or failure) when the worker has it; safe from any thread."""

        def done(finished: Future) -> None:
            error = finished.exception()
            if error is None:
                self.searchDone.emit(request_id, finished.result())
            else:
                self.searchFailed.emit(request_id, str(error))

        future.add_done_callback(done)

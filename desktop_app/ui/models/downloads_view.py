"""The Downloads tab: the queue with progress, speed and time left, and the downloads to resume.

Rows are keyed by (repo_id, filename): resuming a download left by an earlier run, or one the
user paused, turns the same row back into a running download.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.download import part_path, repo_dir
from desktop_app.core.models.download_queue import DownloadItem, DownloadStatus
from desktop_app.core.models.incomplete_downloads import IncompleteDownload
from desktop_app.ui import theme
from desktop_app.ui.models.download_bridge import DownloadBridge
from desktop_app.ui.models.formatting import describe_bytes, describe_duration, describe_speed

Key = tuple[str, str]  # (repo_id, filename)
PROGRESS_STEPS = 1000
INCOMPLETE = "incomplete"  # a row for a part file found on disk, not (yet) in the queue


class DownloadRow(QFrame):
    """One download: its name, a progress bar, the figures or the error, and its buttons."""

    def __init__(self, key: Key, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key = key
        self.revision = "main"
        self.item_id: int | None = None
        self.status: DownloadStatus | str = DownloadStatus.QUEUED
        self.bytes_done = 0
        self.bytes_total: int | None = None
        self.path: Path | None = None

        repo_id, filename = key
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self._show_title(theme.current())
        theme.when_changed(self._show_title)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(True)
        self.detail = QLabel()
        self.detail.setObjectName("downloadDetail")
        self.error = QLabel()
        self.error.setObjectName("downloadError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setProperty("tone", "danger")  # the theme's style sheet colours it
        self.error.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the download; what has arrived is kept, so it can resume later"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setToolTip(self.tr("Delete the part downloaded so far"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Remove this line from the list"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.detail, 1)
        for button in (self.cancel_button, self.resume_button, self.discard_button, self.clear_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def show_buttons(self, *, cancel: bool, resume: bool, discard: bool, clear: bool) -> None:
        self.cancel_button.setVisible(cancel)
        self.resume_button.setVisible(resume)
        self.discard_button.setVisible(discard)
        self.clear_button.setVisible(clear)

    def _show_title(self, colours: theme.Colours) -> None:
        repo_id, filename = self.key
        self.title.setText(
            f"<b>{_escape(Path(filename).name)}</b>  <span style='color:{colours.muted}'>{_escape(repo_id)}</span>"
        )

    def set_bytes(self, done: int, total: int | None) -> None:
        self.bytes_done, self.bytes_total = done, total
        if total:
            self.progress.setRange(0, PROGRESS_STEPS)
            self.progress.setValue(int(PROGRESS_STEPS * min(done, total) / total))
        else:
            self.progress.setRange(0, 0)  # busy indicator until the size is known

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class DownloadsView(QWidget):
    finished = Signal(object)  # Path of a verified, finished model
    statesChanged = Signal()  # the status of some download changed (for the catalogue's Status column)

    def __init__(
        self,
        models_root: Path,
        *,
        token: str | None = None,
        download: Callable[..., Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("downloadsView")
        self.models_root = Path(models_root)
        self.bridge = DownloadBridge(self.models_root, token=token, download=download, parent=self)
        self.bridge.changed.connect(self._on_item)
        self._rows: dict[Key, DownloadRow] = {}

        self.empty = QLabel(self.tr("No downloads. Choose a model in the Catalogue or Search the Hub tab."))
        self.empty.setObjectName("downloadsEmpty")
        self.empty.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear &Finished"))
        self.clear_button.setObjectName("clearFinishedButton")
        self.clear_button.clicked.connect(self.clear_finished)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        top = QHBoxLayout()
        top.addWidget(self.empty, 1)
        top.addStretch(0)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._update_header()

    # -- API --------------------------------------------------------------------------------
    def add(self, repo_id: str, filename: str, revision: str = "main") -> None:
        """Queue a download, or resume the paused one of the same file; a running one is left alone."""
        row = self._rows.get((repo_id, filename))
        if row is not None and row.status in (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING):
            return
        if row is not None and row.status == INCOMPLETE:
            revision = row.revision
        self.bridge.add(repo_id, filename, revision)

    def show_incomplete(self, found: list[IncompleteDownload]) -> None:
        """List part files an earlier run left, unless they are already rows here."""
        for item in found:
            key = (item.repo_id, item.filename)
            if key in self._rows:
                continue
            row = self._row(key)
            row.status = INCOMPLETE
            row.revision = item.revision
            row.set_bytes(item.bytes_done, item.size)
            row.detail.setText(
                self.tr("Incomplete: {0} of {1}, left by an earlier session").format(
                    describe_bytes(item.bytes_done), describe_bytes(item.size) if item.size else "?"
                )
            )
            row.show_buttons(cancel=False, resume=True, discard=True, clear=False)
        self._update_header()
        self.statesChanged.emit()

    def row(self, repo_id: str, filename: str) -> DownloadRow | None:
        return self._rows.get((repo_id, filename))

    def rows(self) -> list[DownloadRow]:
        return list(self._rows.values())

    def states(self) -> dict[Key, str]:
        """A short status per file that is queued, running, paused or interrupted."""
        states = {}
        for key, row in self._rows.items():
            if row.status == DownloadStatus.QUEUED:
                states[key] = self.tr("Queued")
            elif row.status == DownloadStatus.DOWNLOADING:
                percent = int(100 * row.bytes_done / row.bytes_total) if row.bytes_total else 0
                states[key] = self.tr("Downloading {0}%").format(percent)
            elif row.status in (INCOMPLETE, DownloadStatus.CANCELLED) or (
                row.status == DownloadStatus.FAILED and self._has_part(key)
            ):
                states[key] = self.tr("Paused")
        return states

    def active_count(self) -> int:
        return sum(1 for r in self._rows.values() if r.status in (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING))

    def clear_finished(self) -> None:
        for key, row in list(self._rows.items()):
            if row.status in (DownloadStatus.DONE, DownloadStatus.FAILED) and not self._has_part(key):
                self._drop(key)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Pause running downloads (they resume on the next start) and stop the download thread."""
        self.bridge.close(timeout)

    # -- queue events -------------------------------------------------------------------------
    def _on_item(self, item: DownloadItem) -> None:
        key = (item.repo_id, item.filename)
        row = self._row(key)
        if row.item_id is not None and item.id < row.item_id:
            return  # a late report from an earlier attempt at the same file
        row.item_id = item.id
        row.revision = item.revision
        row.status = item.status
        row.set_error(None)
        progress = item.progress
        if progress is not None:
            row.set_bytes(progress.bytes_done, progress.bytes_total)
        if item.status is DownloadStatus.QUEUED:
            row.detail.setText(self.tr("Waiting for the downloads before it…"))
            row.show_buttons(cancel=True, resume=False, discard=False, clear=False)
        elif item.status is DownloadStatus.DOWNLOADING:
            row.detail.setText(self._progress_text(item) if progress is not None else self.tr("Connecting…"))
            row.show_buttons(cancel=True, resume=False, discard=False, clear=False)
        elif item.status is DownloadStatus.DONE:
            row.path = item.path
            size = row.bytes_total or (progress.bytes_total if progress else None)
            row.set_bytes(size or 1, size or 1)
            row.detail.setText(
                self.tr("Downloaded and verified ({0})").format(describe_bytes(size)) if size
                else self.tr("Downloaded and verified")
            )
            row.show_buttons(cancel=False, resume=False, discard=False, clear=True)
        else:
            has_part = self._has_part(key)
            if item.status is DownloadStatus.CANCELLED:
                row.detail.setText(
                    self.tr("Paused at {0} of {1}").format(
                        describe_bytes(row.bytes_done), describe_bytes(row.bytes_total) if row.bytes_total else "?"
                    )
                    if has_part
                    else self.tr("Cancelled")
                )
            else:
                row.detail.setText(self.tr("Failed"))
                row.set_error(item.error)
            row.resume_button.setText(self.tr("Resume") if has_part else self.tr("Retry"))
            row.show_buttons(cancel=False, resume=True, discard=has_part, clear=not has_part)
        self._update_header()
        self.statesChanged.emit()
        if item.status is DownloadStatus.DONE and item.path is not None:
            self.finished.emit(item.path)

    def _progress_text(self, item: DownloadItem) -> str:
        progress = item.progress
        assert progress is not None
        total = describe_bytes(progress.bytes_total) if progress.bytes_total else "?"
        parts = [
            self.tr("{0} of {1}").format(describe_bytes(progress.bytes_done), total),
            describe_speed(progress.speed),
            describe_duration(progress.eta),
        ]
        if progress.resumed_from:
            parts.append(self.tr("resumed at {0}").format(describe_bytes(progress.resumed_from)))
        return " · ".join(parts)

    # -- rows ---------------------------------------------------------------------------------
    def _row(self, key: Key) -> DownloadRow:
        row = self._rows.get(key)
        if row is not None:
            return row
        row = DownloadRow(key)
        row.cancel_button.clicked.connect(lambda: self._cancel(key))
        row.resume_button.clicked.connect(lambda: self._resume(key))
        row.discard_button.clicked.connect(lambda: self._discard(key))
        row.clear_button.clicked.connect(lambda: self._drop(key))
        self._rows[key] = row
        self.list_layout.insertWidget(self.list_layout.count() - 1, row)
        return row

    def _cancel(self, key: Key) -> None:
        row = self._rows.get(key)
        if row is not None and row.item_id is not None:
            self.bridge.cancel(row.item_id)

    def _resume(self, key: Key) -> None:
        row = self._rows.get(key)
        if row is None or row.status in (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING):
            return
        row.set_error(None)
        self.bridge.add(key[0], key[1], row.revision)

    def _discard(self, key: Key) -> None:
        row = self._rows.get(key)
        if row is None or row.status in (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING):
            return
        part = self._part(key)
        for path in (part, part.with_name(part.name + ".json")):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                row.set_error(self.tr("Could not delete {0}: {1}").format(path.name, exc.strerror or exc))
                return
        self._drop(key)

    def _drop(self, key: Key) -> None:
        row = self._rows.pop(key, None)
        if row is None:
            return
        self.list_layout.removeWidget(row)
        row.deleteLater()
        self._update_header()
        self.statesChanged.emit()

    def _part(self, key: Key) -> Path:
        return part_path(repo_dir(self.models_root, key[0]), key[1])

    def _has_part(self, key: Key) -> bool:
        try:
            return self._part(key).exists()
        except InkstoneError:  # a repo id the queue rejected has no part file
            return False

    def _update_header(self) -> None:
        self.empty.setVisible(not self._rows)
        self.clear_button.setVisible(
            any(r.status in (DownloadStatus.DONE, DownloadStatus.FAILED) for r in self._rows.values())
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The download queue runs items one after another on its own thread and reports every change."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.models.download_queue import DownloadQueue, DownloadStatus
from tests.support.fake_hub import serving, write_tiny_gguf


@pytest.fixture
def hub(monkeypatch, tmp_path):
    with serving(monkeypatch) as hub:
        hub.add_file("alice/A-GGUF", "a-Q4_K_M.gguf", write_tiny_gguf(tmp_path / "a.gguf", name="A"))
        hub.add_file("bob/B-GGUF", "b-Q4_K_M.gguf", write_tiny_gguf(tmp_path / "b.gguf", name="B"))
        yield hub


class Recorder:
    def __init__(self) -> None:
        self.changes = []
        self.lock = threading.Lock()

    def __call__(self, item) -> None:
        with self.lock:
            self.changes.append(item)

    def statuses(self, item_id):
        with self.lock:
            seen = [c.status for c in self.changes if c.id == item_id]
        return [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]


def test_queued_downloads_run_in_order_and_report_their_status(hub, tmp_path):
    recorder = Recorder()
    queue = DownloadQueue(tmp_path / "models", on_change=recorder)
    try:
        first = queue.add("alice/A-GGUF", "a-Q4_K_M.gguf")
        second = queue.add("bob/B-GGUF", "b-Q4_K_M.gguf")
        assert queue.wait_idle(timeout=30)
    finally:
        queue.close()

    done = [queue.get(first), queue.get(second)]
    assert [item.status for item in done] == [DownloadStatus.DONE, DownloadStatus.DONE]
    assert [item.path for item in done] == [
        tmp_path / "models" / "alice" / "A-GGUF" / "a-Q4_K_M.gguf",
        tmp_path / "models" / "bob" / "B-GGUF" / "b-Q4_K_M.gguf",
    ]
    assert all(item.path.exists() for item in done)
    expected = [DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING, DownloadStatus.DONE]
    assert recorder.statuses(first) == expected and recorder.statuses(second) == expected
    assert [r.path.split("/")[1] for r in hub.file_requests()] == ["alice", "bob"]
    assert any(c.progress is not None and c.progress.bytes_done > 0 for c in recorder.changes)


def test_a_failed_item_carries_its_message_and_the_queue_goes_on(hub, tmp_path):
    queue = DownloadQueue(tmp_path / "models")
    try:
        bad = queue.add("alice/A-GGUF", "missing.gguf")
        good = queue.add("bob/B-GGUF", "b-Q4_K_M.gguf")
        assert queue.wait_idle(timeout=30)
    finally:
        queue.close()

    assert queue.get(bad).status is DownloadStatus.FAILED
    assert "has no file missing.gguf" in queue.get(bad).error
    assert queue.get(good).status is DownloadStatus.DONE


def test_cancelling_stops_the_running_item_and_drops_the_queued_one(hub, tmp_path):
    hub.throttle = 512 * 1024
    started = threading.Event()

    def on_change(item):
        if item.progress is not None and item.progress.bytes_done > 0:
            started.set()

    queue = DownloadQueue(tmp_path / "models", on_change=on_change)
    try:
        running = queue.add("alice/A-GGUF", "a-Q4_K_M.gguf")
        waiting = queue.add("bob/B-GGUF", "b-Q4_K_M.gguf")
        assert started.wait(timeout=30)
        queue.cancel(waiting)
        queue.cancel(running)
        assert queue.wait_idle(timeout=30)
    finally:
        queue.close()

    assert queue.get(running).status is DownloadStatus.CANCELLED
    assert queue.get(waiting).status is DownloadStatus.CANCELLED
    assert (tmp_path / "models" / "alice" / "A-GGUF" / "a-Q4_K_M.gguf.part").exists()
    assert all("/bob/" not in r.path for r in hub.file_requests())

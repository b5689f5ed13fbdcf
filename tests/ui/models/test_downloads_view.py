"""Downloads on the Models page: cut off, paused, resumed after a restart, corrupted, refused."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.models.download import part_path, repo_dir
from desktop_app.core.models.download_queue import DownloadStatus
from desktop_app.ui.models.downloads_view import INCOMPLETE
from tests.ui.models.conftest import FILE, REPO, sha256_of


def start_download(qtbot, page, entry):
    assert page.catalogue.select(entry.id)
    qtbot.mouseClick(page.catalogue.download_button, Qt.MouseButton.LeftButton)
    return page.downloads.row(REPO, FILE)


def test_a_download_cut_off_is_resumed_by_the_next_session_and_verified(
    qtbot, hub, hosted, entry, make_page, models_dir
):
    hub.cut_after = hosted.size // 2
    page = make_page(catalogue=lambda: [entry])

    row = start_download(qtbot, page, entry)
    qtbot.waitUntil(lambda: row.status is DownloadStatus.FAILED, timeout=20_000)

    assert "start it again to resume" in row.error.text()
    assert row.resume_button.isVisibleTo(page) and row.resume_button.text() == "Resume"
    assert page.catalogue.table.item(0, 8).text() == "Paused"
    kept = part_path(repo_dir(models_dir, REPO), FILE).stat().st_size
    assert kept == hosted.size // 2
    page.shutdown()

    restarted = make_page(catalogue=lambda: [entry])  # as after closing and opening the app
    row = restarted.downloads.row(REPO, FILE)
    assert row is not None and row.status == INCOMPLETE
    assert "Incomplete" in row.detail.text() and "earlier session" in row.detail.text()
    assert row.progress.value() == 500
    assert not restarted.catalogue.download_button.isEnabled()  # resume it instead of starting over

    with qtbot.waitSignal(restarted.installedChanged, timeout=20_000):
        qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: row.status is DownloadStatus.DONE, timeout=20_000)

    resumed = hub.file_requests()[-1]
    assert resumed.range == f"bytes={kept}-" and resumed.status == 206
    assert resumed.body_bytes == hosted.size - kept
    path = models_dir / "alice" / "Tiny-GGUF" / FILE
    assert sha256_of(path) == hosted.sha256
    assert [m.path for m in restarted.installed.models()] == [path]


def test_cancel_pauses_and_resume_continues_where_it_stopped(qtbot, hub, hosted, entry, make_page, models_dir):
    hub.throttle = 500_000  # slow enough to cancel half-way
    page = make_page(catalogue=lambda: [entry])
    row = start_download(qtbot, page, entry)
    qtbot.waitUntil(lambda: row.bytes_done > 0 and row.status is DownloadStatus.DOWNLOADING, timeout=20_000)

    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.status is DownloadStatus.CANCELLED, timeout=20_000)

    assert row.detail.text().startswith("Paused at")
    assert row.resume_button.isVisibleTo(page) and row.discard_button.isVisibleTo(page)
    kept = part_path(repo_dir(models_dir, REPO), FILE).stat().st_size
    assert 0 < kept < hosted.size

    hub.throttle = None
    qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.status is DownloadStatus.DONE, timeout=20_000)

    assert hub.file_requests()[-1].range == f"bytes={kept}-"
    assert sha256_of(models_dir / "alice" / "Tiny-GGUF" / FILE) == hosted.sha256


def test_discard_deletes_an_incomplete_download(qtbot, hub, hosted, entry, make_page, models_dir):
    hub.cut_after = hosted.size // 3
    page = make_page(catalogue=lambda: [entry])
    row = start_download(qtbot, page, entry)
    qtbot.waitUntil(lambda: row.status is DownloadStatus.FAILED, timeout=20_000)
    part = part_path(repo_dir(models_dir, REPO), FILE)
    assert part.exists()

    qtbot.mouseClick(row.discard_button, Qt.MouseButton.LeftButton)

    assert not part.exists() and not part.with_name(part.name + ".json").exists()
    assert page.downloads.row(REPO, FILE) is None
    assert page.catalogue.download_button.isEnabled()


def test_a_corrupted_download_shows_a_checksum_error_and_is_not_installed(
    qtbot, hub, hosted, entry, make_page, models_dir
):
    hub.corrupt.add((REPO, FILE))
    page = make_page(catalogue=lambda: [entry])

    row = start_download(qtbot, page, entry)
    qtbot.waitUntil(lambda: row.status is DownloadStatus.FAILED, timeout=20_000)

    assert "damaged" in row.error.text() and "SHA-256" in row.error.text()
    assert row.resume_button.text() == "Retry"
    assert not (models_dir / "alice" / "Tiny-GGUF" / FILE).exists()
    page.refresh()
    qtbot.waitUntil(lambda: not page.serial.busy)
    assert page.installed.models() == []
    assert page.catalogue.download_button.isEnabled()  # it can be fetched again


def test_a_gated_model_explains_how_to_get_access(qtbot, hub, tiny_gguf, entry, make_page):
    hub.add_file("meta/Gated-GGUF", "gated-Q4_K_M.gguf", tiny_gguf, gated=True)
    page = make_page()

    page.downloads.add("meta/Gated-GGUF", "gated-Q4_K_M.gguf")
    row = page.downloads.row("meta/Gated-GGUF", "gated-Q4_K_M.gguf")
    qtbot.waitUntil(lambda: row.status is DownloadStatus.FAILED, timeout=20_000)

    assert "gated" in row.error.text() and "log in" in row.error.text()


def test_offline_mode_is_reported_on_the_item(qtbot, hub, hosted, entry, make_page, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    page = make_page(catalogue=lambda: [entry])

    row = start_download(qtbot, page, entry)
    qtbot.waitUntil(lambda: row.status is DownloadStatus.FAILED, timeout=20_000)

    assert "offline" in row.error.text()
    assert hub.file_requests() == []


def test_several_downloads_queue_one_after_another(qtbot, hub, hosted, tiny_gguf, make_page):
    hub.add_file("bob/Other-GGUF", "other-Q8_0.gguf", tiny_gguf)
    hub.throttle = 4_000_000
    page = make_page()

    page.downloads.add(REPO, FILE)
    page.downloads.add("bob/Other-GGUF", "other-Q8_0.gguf")
    second = page.downloads.row("bob/Other-GGUF", "other-Q8_0.gguf")

    assert second.status is DownloadStatus.QUEUED and "Waiting" in second.detail.text()
    assert page.tabs.tabText(page.tabs.indexOf(page.downloads)) == "Downloads (2)"
    qtbot.waitUntil(lambda: len(page.installed.models()) == 2, timeout=30_000)
    assert page.tabs.tabText(page.tabs.indexOf(page.downloads)) == "Downloads"


def test_closing_the_page_mid_download_pauses_it_for_the_next_start(qtbot, hub, hosted, entry, make_page, models_dir):
    hub.throttle = 500_000
    page = make_page(catalogue=lambda: [entry])
    row = start_download(qtbot, page, entry)
    qtbot.waitUntil(lambda: row.bytes_done > 0, timeout=20_000)

    page.shutdown()  # what the window does when it closes

    kept = part_path(repo_dir(models_dir, REPO), FILE).stat().st_size
    assert 0 < kept < hosted.size
    hub.throttle = None
    restarted = make_page(catalogue=lambda: [entry])
    row = restarted.downloads.row(REPO, FILE)
    assert row.status == INCOMPLETE
    with qtbot.waitSignal(restarted.downloads.finished, timeout=20_000) as finished:
        qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    assert hub.file_requests()[-1].range == f"bytes={kept}-"
    assert sha256_of(finished.args[0]) == hosted.sha256

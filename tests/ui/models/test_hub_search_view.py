"""Searching the (fake) Hub from the Models page: results, files with quantizations, download, errors."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.models.download_queue import DownloadStatus
from tests.ui.models.conftest import FILE, REPO


def test_enter_searches_and_choosing_a_repo_lists_its_gguf_files(qtbot, hub, tiny_gguf, make_page):
    hub.add_file(REPO, "tiny-Q4_K_M.gguf", tiny_gguf, downloads=50)
    hub.add_file(REPO, "tiny-Q8_0.gguf", tiny_gguf)
    hub.add_file(REPO, "mmproj-tiny-f16.gguf", tiny_gguf)
    hub.add_file("bob/Tiny-Other-GGUF", "other.gguf", tiny_gguf, downloads=5)
    hub.add_file("carol/Unrelated", "x.gguf", tiny_gguf)
    page = make_page()
    view = page.hub

    qtbot.keyClicks(view.query, "tiny")
    qtbot.keyClick(view.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.files.rowCount() == 3, timeout=20_000)

    repos = [view.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.results.count())]
    assert repos == [REPO, "bob/Tiny-Other-GGUF"]  # most downloaded first
    files = {view.files.item(r, 0).text(): (view.files.item(r, 1).text(), view.files.item(r, 3).text())
             for r in range(3)}
    assert files["tiny-Q4_K_M.gguf"][0] == "Q4_K_M" and "recommended" in files["tiny-Q4_K_M.gguf"][1]
    assert files["tiny-Q8_0.gguf"] == ("Q8_0", "")
    assert "projector" in files["mmproj-tiny-f16.gguf"][1]
    assert view.selected_file().filename == FILE  # the recommended file is preselected

    view.files.selectRow([view.files.item(r, 0).text() for r in range(3)].index("mmproj-tiny-f16.gguf"))
    assert not view.download_button.isEnabled()
    view.files.selectRow([view.files.item(r, 0).text() for r in range(3)].index(FILE))
    qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)

    row = page.downloads.row(REPO, FILE)
    assert page.tabs.currentWidget() is page.downloads
    qtbot.waitUntil(lambda: row.status is DownloadStatus.DONE, timeout=20_000)


def test_a_search_with_no_match_says_so(qtbot, hub, make_page):
    page = make_page()

    page.hub.query.setText("nothing-like-this")
    page.hub.search()
    qtbot.waitUntil(lambda: "No GGUF models" in page.hub.status.text(), timeout=20_000)


def test_offline_mode_is_explained_instead_of_searching(qtbot, hub, make_page, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    page = make_page()

    page.hub.query.setText("tiny")
    page.hub.search()

    qtbot.waitUntil(lambda: "offline" in page.hub.status.text(), timeout=20_000)
    assert hub.requests == []


def test_an_unreachable_hub_is_reported(qtbot, make_page, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    page = make_page()

    page.hub.query.setText("tiny")
    page.hub.search()

    qtbot.waitUntil(lambda: "Cannot reach the Hugging Face Hub" in page.hub.status.text(), timeout=30_000)


def test_an_answer_to_an_older_search_is_dropped(qtbot, hub, tiny_gguf, make_page):
    from desktop_app.core.models.hub import HubModel

    page = make_page()
    view = page.hub
    view.query.setText("first")
    view.search()
    stale_id = view._search_id
    view.query.setText("second")
    view.search()

    view.show_results(stale_id, [HubModel("old/Result")])

    assert view.results.count() == 0

"""The first run: an empty chat welcomes, suggests an instruct model while a base model is loaded,
and a loading model shows its size and the time so far."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.models import catalogue, system_memory
from desktop_app.core.models.catalogue import CatalogueEntry
from desktop_app.core.models.download_queue import DownloadStatus
from desktop_app.ui.load_progress import LoadProgress
from tests.support.fake_hub import serving, write_tiny_gguf

GB = 10**9
REPO, FILE = "alice/Tiny-GGUF", "tiny-instruct-Q4_K_M.gguf"
TEMPLATE = "{% for m in messages %}{{ m.content }}{% endfor %}"


def tiny_entry(size: int) -> CatalogueEntry:
    return CatalogueEntry(
        id="tiny-instruct", name="Tiny Instruct", repo_id=REPO, filename=FILE, size_bytes=size,
        size_approximate=False, quantization="Q4_K_M", parameters=500_000, license="apache-2.0",
        languages=("en",), tasks=("chat", "translate", "draft"), context_length=2048, gated=False,
    )


@pytest.fixture
def hosted_catalogue(monkeypatch, tmp_path: Path):
    """A fake Hub serving one small instruct model, the only entry of the catalogue; 8 GB of free RAM."""
    with serving(monkeypatch) as hub:
        (tmp_path / "served").mkdir()
        hosted = hub.add_file(REPO, FILE, write_tiny_gguf(tmp_path / "served" / "tiny.gguf"))
        monkeypatch.setattr(catalogue, "load_catalogue", lambda path=None: [tiny_entry(hosted.size)])
        monkeypatch.setattr(system_memory, "available_memory", lambda: 8 * GB)
        yield hub


def test_an_empty_chat_welcomes_and_a_sent_message_takes_its_place(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    page = window.chat_page
    assert page.welcome.isVisible() and not page.view.isVisible()
    assert "this computer" in page.welcome.intro.text()

    qtbot.mouseClick(page.welcome.example_buttons[0], Qt.MouseButton.LeftButton)
    assert page.composer.toPlainText().startswith("Explain how a rainbow forms")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert not page.welcome.isVisible() and page.view.isVisible()
    page.new_chat()
    assert page.welcome.isVisible()


def test_the_welcome_opens_translate_and_draft(qtbot, open_window) -> None:
    window = open_window(FakeEngine())

    qtbot.mouseClick(window.chat_page.welcome.translate_link, Qt.MouseButton.LeftButton)
    assert window.workspaces.current_page() is window.translate_page
    window.show_page("chat")
    qtbot.mouseClick(window.chat_page.welcome.draft_link, Qt.MouseButton.LeftButton)
    assert window.workspaces.current_page() is window.draft_page


def test_a_base_model_brings_one_button_that_downloads_the_recommended_model(
    qtbot, open_window, hosted_catalogue, data_dir: Path
) -> None:
    window = open_window(FakeEngine())  # the starter: a base model
    welcome = window.chat_page.welcome
    assert welcome.suggestion.isVisible()
    assert "Tiny Instruct" in welcome.suggested_model.text() and "MB" in welcome.suggested_model.text()
    assert welcome.fit_badge.text() == "fits"
    assert welcome.suggestion_text.text().endswith("is a base model: it continues text rather than following "
                                                   "instructions. For chat, translation and drafting, an instruct "
                                                   "model does much better.")  # opened by its path, not as the starter

    qtbot.mouseClick(welcome.download_button, Qt.MouseButton.LeftButton)

    models = window.models_page
    assert window.workspaces.current_page() is models and models.tabs.currentWidget() is models.downloads
    qtbot.waitUntil(lambda: models.downloads.row(REPO, FILE) is not None
                    and models.downloads.row(REPO, FILE).status is DownloadStatus.DONE, timeout=20_000)
    assert (data_dir / "models" / "alice" / "Tiny-GGUF" / FILE).is_file()


def test_the_starter_is_named_as_such(qtbot, open_window, hosted_catalogue) -> None:
    window = open_window(FakeEngine())

    with qtbot.waitSignal(window.modelReady, timeout=10_000):
        window.load_model(None)  # File › Use the Starter Model

    assert window.chat_page.welcome.suggestion_text.text().startswith("You are using the starter model")
    assert window.chat_page.welcome.suggestion.isVisible()


def test_an_instruct_model_brings_no_suggestion(qtbot, open_window, hosted_catalogue) -> None:
    window = open_window(FakeEngine(chat_template=TEMPLATE))

    assert window.chat_page.welcome.isVisible()
    assert not window.chat_page.welcome.suggestion.isVisible()


def test_loading_shows_the_model_size_and_the_seconds_so_far(qtbot, starter_model_path: Path) -> None:
    progress = LoadProgress()
    texts: list[str] = []
    progress.textChanged.connect(texts.append)

    progress.start(str(starter_model_path))
    first = texts[-1]
    qtbot.waitUntil(lambda: texts[-1] != first, timeout=3000)  # it ticks while the model loads

    assert starter_model_path.name in first and "MB" in first and "0 s" in first
    assert texts[-1].endswith("1 s")
    progress.stop()
    assert texts[-1] == "" and not progress.running


def test_the_window_shows_load_progress_in_the_status_bar_and_the_welcome(
    qtbot, open_window, starter_model_path: Path
) -> None:
    window = open_window(FakeEngine())
    welcome = window.chat_page.welcome

    window.jobs.loadStarted.emit(str(starter_model_path))  # what the engine thread says as a load begins

    assert window.model_status.text().startswith(f"Loading {starter_model_path.name} (")
    assert welcome.loading.isVisible() and welcome.loading.text() == window.model_status.text()
    with qtbot.waitSignal(window.modelReady, timeout=10_000):
        window.load_model(starter_model_path)
    assert not welcome.loading.isVisible() and "Loading" not in window.model_status.text()

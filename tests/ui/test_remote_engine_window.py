"""The window on a model served elsewhere: Models › Engine switches to an OpenAI-compatible server and back."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop_app.app import build_main_window
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.engine_choice import api_key_path
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from tests.support.servers import InProcessServer, free_port


@pytest.fixture
def far_server() -> Iterator[InProcessServer]:
    engine = FakeEngine(check_files=False)
    engine.load(Path("gpu-box-model.gguf"))
    server = InProcessServer(engine, token="far-key")
    yield server
    server.close()


def engine_view(window):  # type: ignore[no-untyped-def]
    page = window.models_page
    window.show_page("models")
    page.tabs.setCurrentWidget(page.engine_view)
    return page.engine_view


def connect(qtbot, window, url: str, key: str) -> None:  # type: ignore[no-untyped-def]
    view = engine_view(window)
    view.remote_choice.setChecked(True)
    view.url.setText(url)
    view.api_key.setText(key)
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)


def send(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.chat_page.composer, text)
    qtbot.keyClick(window.chat_page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.chat_page.active is None, timeout=10_000)


def test_switching_to_a_server_and_back(qtbot, open_window, far_server: InProcessServer) -> None:
    local = FakeEngine()
    window = open_window(local)

    with qtbot.waitSignal(window.modelReady, timeout=10_000):
        connect(qtbot, window, far_server.base_url, "far-key")

    assert window.model.server == far_server.base_url
    assert "gpu-box-model" in window.model_status.text()
    assert local.model is None  # the local model was freed
    far_server.engine.enqueue(["Answered", " far", " away."])
    send(qtbot, window, "Where are you?")
    assert "Answered far away." in window.chat_page.view.toPlainText()
    with Store() as store:
        [conversation] = store.list_conversations()
        assert store.messages(conversation.id)[-1].content == "Answered far away."
    assert "Where are you?" in far_server.engine.prompts[-1]
    saved = Settings.load()
    assert (saved.engine, saved.remote_url) == ("remote", far_server.base_url)
    assert api_key_path().read_text() == "far-key" and stat.S_IMODE(api_key_path().stat().st_mode) == 0o600

    view = engine_view(window)
    view.local_choice.setChecked(True)
    with qtbot.waitSignal(window.modelReady, timeout=10_000):
        qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)

    assert window.model.server == "" and local.model is not None
    assert Settings.load().engine == "local"
    local.enqueue(["Back", " home."])
    send(qtbot, window, "And now?")
    assert "Back home." in window.chat_page.view.toPlainText()


def test_a_wrong_key_is_shown_and_the_local_model_stays(qtbot, open_window, far_server: InProcessServer) -> None:
    local = FakeEngine()
    window = open_window(local)

    connect(qtbot, window, far_server.base_url, "wrong-key")
    qtbot.waitUntil(lambda: "refused the API key" in engine_view(window).status.text(), timeout=10_000)

    assert "refused the API key" in window.models_page.banner.text()  # where the user is looking
    assert window.model.server == "" and local.model is not None
    assert Settings.load().engine == "local"


def test_an_unreachable_server_is_named_in_the_engine_tab(qtbot, open_window) -> None:
    window = open_window(FakeEngine())

    connect(qtbot, window, f"http://127.0.0.1:{free_port()}/v1", "")

    qtbot.waitUntil(lambda: "Cannot reach the server" in engine_view(window).status.text(), timeout=10_000)
    assert "No model" not in window.model_status.text()  # the local model is still named there


def test_the_window_reconnects_to_the_server_it_used_last(qtbot, open_window, far_server: InProcessServer) -> None:
    first = open_window(FakeEngine())
    with qtbot.waitSignal(first.modelReady, timeout=10_000):
        connect(qtbot, first, far_server.base_url, "far-key")
    first.close()

    window, services = build_main_window(FakeEngine())
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.modelReady, timeout=10_000):
            window.start()  # no model given: the engine chosen last
        assert window.model.server == far_server.base_url
    finally:
        window.close()
        services.close()

"""Models › Serve in the window: the switch serves the loaded model, shows the address and the token."""

from __future__ import annotations

import socket

import httpx2
import openai
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.serve.token import token_path
from tests.support.servers import free_port


def open_serve_panel(qtbot, open_window, engine: FakeEngine | None = None):  # type: ignore[no-untyped-def]
    window = open_window(engine or FakeEngine())
    page = window.models_page
    window.show_page("models")
    page.tabs.setCurrentWidget(page.serve_panel)
    return window, page.serve_panel


def switch_on(qtbot, panel, port: int) -> None:  # type: ignore[no-untyped-def]
    panel.port.setValue(port)
    panel.switch.click()  # the box is as wide as the page; a click in its middle is outside its label
    qtbot.waitUntil(lambda: panel.server.running or bool(panel.server.error), timeout=10_000)


def test_the_switch_serves_the_windows_model_at_the_address_shown_with_the_token_shown(qtbot, open_window) -> None:
    engine = FakeEngine()
    engine.enqueue(["Served", " from", " the", " window."])
    window, panel = open_serve_panel(qtbot, open_window, engine)
    port = free_port()

    switch_on(qtbot, panel, port)

    assert panel.switch.isChecked()
    assert panel.address.text() == f"http://127.0.0.1:{port}/v1"
    assert panel.token.text() == token_path().read_text().strip()
    client = openai.OpenAI(base_url=panel.address.text(), api_key=panel.token.text(), max_retries=0)
    reply = client.chat.completions.create(model="any", messages=[{"role": "user", "content": "Hi"}])
    assert reply.choices[0].message.content == "Served from the window."
    assert engine.prompts  # the window's own engine answered, through its job queue

    panel.switch.click()  # the box is as wide as the page; a click in its middle is outside its label
    qtbot.waitUntil(lambda: _refused(port), timeout=10_000)
    assert not panel.switch.isChecked()


def _refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_copy_puts_the_token_on_the_clipboard(qtbot, open_window) -> None:
    _, panel = open_serve_panel(qtbot, open_window)

    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)

    assert QGuiApplication.clipboard().text() == panel.token.text() != ""


def test_regenerate_replaces_the_token_of_the_running_server(qtbot, open_window) -> None:
    _, panel = open_serve_panel(qtbot, open_window)
    switch_on(qtbot, panel, free_port())
    old = panel.token.text()

    qtbot.mouseClick(panel.regenerate_button, Qt.MouseButton.LeftButton)

    new = panel.token.text()
    assert new != old and token_path().read_text().strip() == new
    models = f"{panel.address.text()}/models"
    assert httpx2.get(models, headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert httpx2.get(models, headers={"Authorization": f"Bearer {new}"}).status_code == 200


def test_a_port_in_use_is_reported_and_the_switch_goes_back_off(qtbot, open_window) -> None:
    _, panel = open_serve_panel(qtbot, open_window)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)

        switch_on(qtbot, panel, taken.getsockname()[1])

        assert not panel.switch.isChecked()
        assert panel.banner.isVisible() and "Cannot serve" in panel.banner.text()


def test_closing_the_window_stops_the_server(qtbot, open_window) -> None:
    window, panel = open_serve_panel(qtbot, open_window)
    port = free_port()
    switch_on(qtbot, panel, port)

    window.close()

    assert _refused(port)

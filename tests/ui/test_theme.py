"""Light, dark, or the system's choice: every widget follows at once, and the HTML views redraw."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.settings import Settings
from desktop_app.ui import theme
from desktop_app.ui.theme import DARK, LIGHT, ThemeMode


@pytest.fixture
def window(qtbot, open_window):
    engine = FakeEngine()
    window = open_window(engine)
    window.fake_engine = engine
    yield window
    window.set_theme(ThemeMode.LIGHT)  # leave the shared QApplication as the other tests expect it


def base_colour(widget: QWidget) -> str:
    return widget.palette().color(QPalette.ColorRole.Base).name()


def test_switching_to_dark_recolours_every_widget_and_is_remembered(qtbot, window) -> None:
    window.set_theme(ThemeMode.DARK)

    widgets = [window.chat_page.composer, window.chat_page.sidebar.list,
               window.translate_page.source_edit, window.draft_page.editor]
    assert {base_colour(w) for w in widgets} == {DARK.surface}
    assert base_colour(window.chat_page.view) == DARK.window  # the cards stand on the window's colour
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    assert Settings.load().theme == "dark"

    window.set_theme(ThemeMode.LIGHT)
    assert {base_colour(w) for w in widgets} == {LIGHT.surface}
    assert base_colour(window.chat_page.view) == LIGHT.window


def test_the_conversation_and_the_list_paint_their_own_background_in_either_theme(qtbot, window) -> None:
    """Opaque viewports: a streamed frame or a spinner step repaints them alone, not the window under them."""
    page = window.chat_page
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    for mode, colours in ((ThemeMode.DARK, DARK), (ThemeMode.LIGHT, LIGHT)):
        window.set_theme(mode)
        for view, colour in ((page.view, colours.window), (page.sidebar.list, colours.surface)):
            assert view.viewport().autoFillBackground()
            assert view.viewport().grab().toImage().pixelColor(1, 1).name() == colour


def test_the_conversation_redraws_in_the_new_colours(qtbot, window) -> None:
    page = window.chat_page
    window.fake_engine.enqueue(["```python\nprint(1)\n```"])
    page.send("Show me code")
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)
    assert LIGHT.code_background in page.view.document().toHtml()

    window.set_theme(ThemeMode.DARK)

    html = page.view.document().toHtml()
    assert DARK.code_background in html and LIGHT.code_background not in html


def test_following_the_system_takes_its_colour_scheme(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    window.set_theme(ThemeMode.SYSTEM)
    assert theme.current() is DARK

    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    window.theme._system_changed(None)  # what QStyleHints.colorSchemeChanged calls
    assert theme.current() is LIGHT

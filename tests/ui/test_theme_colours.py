"""A switch between light and dark recolours what draws its own colours: badges, banners, code, formulas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.ui.theme import DARK, LIGHT, ThemeMode


@pytest.fixture
def window(qtbot, open_window):
    window = open_window(FakeEngine())
    window.set_theme(ThemeMode.LIGHT)
    yield window
    window.set_theme(ThemeMode.LIGHT)  # leave the shared QApplication as the other tests expect it


def badge_backgrounds(table) -> set[str]:
    return {
        table.item(row, column).background().color().name()
        for row in range(table.rowCount())
        for column in range(table.columnCount())
        if table.item(row, column) is not None and table.item(row, column).data(Qt.ItemDataRole.UserRole + 1)
    }


def test_fit_badges_take_the_new_themes_colours(qtbot, window) -> None:
    table = window.models_page.catalogue.table
    qtbot.waitUntil(lambda: bool(badge_backgrounds(table)), timeout=10_000)
    light = {LIGHT.success_soft, LIGHT.warning_soft, LIGHT.danger_soft, LIGHT.sunken}
    dark = {DARK.success_soft, DARK.warning_soft, DARK.danger_soft, DARK.sunken}
    assert badge_backgrounds(table) <= light

    window.set_theme(ThemeMode.DARK)
    assert badge_backgrounds(table) <= dark

    window.set_theme(ThemeMode.LIGHT)
    assert badge_backgrounds(table) <= light


def test_the_error_banner_is_drawn_in_the_themes_colours(qtbot, window) -> None:
    banner = window.chat_page.banner
    banner.show_message("Something went wrong.")
    qtbot.waitExposed(banner)

    def background() -> str:
        return banner.grab().toImage().pixelColor(banner.width() // 2, 2).name()

    assert background() == QColor(LIGHT.danger_soft).name()
    window.set_theme(ThemeMode.DARK)
    assert background() == QColor(DARK.danger_soft).name()


def test_the_draft_preview_redraws_code_in_the_new_colours(qtbot, window) -> None:
    page = window.draft_page
    page.editor.setPlainText("```python\nprint(1)\n```")
    page.refresh_preview()
    assert LIGHT.code_background in page.preview.document().toHtml()

    window.set_theme(ThemeMode.DARK)

    html = page.preview.document().toHtml()
    assert DARK.code_background in html and LIGHT.code_background not in html


def test_a_formula_in_the_draft_preview_is_a_picture_in_the_text_colour(qtbot, window) -> None:
    page = window.draft_page
    page.editor.setPlainText("Area: $\\pi r^2$")
    page.refresh_preview()
    window.set_theme(ThemeMode.DARK)

    html = page.preview.document().toHtml()
    assert f"inkstone-math:{DARK.text.lstrip('#')}/" in html
    assert page.preview.toPlainText() == "Area: \ufffc"

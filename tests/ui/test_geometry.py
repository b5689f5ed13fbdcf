"""Where the window opens: sized to the screen at first, as it was left afterwards, never off-screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_window_fits_the_screen_and_the_next_one_opens_as_it_was_left(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry())
    window.resize(760, 600)
    window.move(area.left() + 10, area.top() + 20)
    qtbot.waitUntil(lambda: window.width() == 760)
    window.close()

    reopened = open_window(FakeEngine())

    assert (reopened.width(), reopened.height()) == (760, 600)
    assert Settings.load().window_geometry  # it was kept in the settings


def test_at_200_percent_on_1920_by_1080_nothing_is_off_screen(tmp_path: Path, starter_model_path: Path) -> None:
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{"name": "main", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                                "logicalDpi": 96, "dpr": 1}]}), encoding="utf-8")
    script = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication
        from desktop_app.app import build_main_window
        from desktop_app.core.engine.fake import FakeEngine
        app = QApplication([])
        window, services = build_main_window(FakeEngine())
        window.show()
        app.processEvents()
        area, frame = window.screen().availableGeometry(), window.frameGeometry()
        composer = window.chat_page.composer
        bottom_left = composer.mapTo(window, composer.rect().bottomLeft())
        print(area.width(), area.height(), frame.x(), frame.y(), frame.width(), frame.height(),
              int(window.rect().contains(bottom_left)), int(composer.isVisible()))
        window.close()
        services.close()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "QT_SCALE_FACTOR": "2",
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)

    assert out.returncode == 0, out.stderr
    width, height, x, y, frame_width, frame_height, composer_inside, composer_shown = map(
        int, out.stdout.split()[-8:])
    assert (width, height) == (960, 540)  # 1920 × 1080 at 200 %
    assert x >= 0 and y >= 0 and x + frame_width <= width and y + frame_height <= height
    assert composer_inside and composer_shown  # the composer is on screen, not cut off below it

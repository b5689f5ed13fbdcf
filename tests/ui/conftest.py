"""Windows built the way app.py builds them, on a real SQLite file in the test's data dir."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from desktop_app.app import Services, build_main_window
from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.engine import Engine
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.ui.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def open_window(qtbot, starter_model_path: Path) -> Iterator[OpenWindow]:
    """Open a main window on an engine and wait until its model is loaded; closes everything after."""
    opened: list[tuple[MainWindow, Services]] = []

    def open_(engine: Engine | None = None, model_path: Path | None = starter_model_path,
              embedder: SharedEmbedder | None = None, *, titles: bool = False) -> MainWindow:
        """`titles`: let the model title a chat after its first answer; off by default, since that job
        would take the next answer a test queued on its FakeEngine."""
        window, services = build_main_window(engine if engine is not None else FakeEngine(), embedder)
        window.settings.chat_titles = titles
        opened.append((window, services))
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.modelReady, timeout=60_000):
            window.start(str(model_path))
        return window

    yield open_
    for window, services in opened:
        window.close()
        services.close()



"""A file whose encoding cannot be told: the user picks among the readings, or cancels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop_app.ui.writing.encoding_choice import read_text_file_asking


@pytest.fixture
def short_chinese(tmp_path: Path) -> Path:
    path = tmp_path / "short.txt"
    path.write_bytes("中文".encode("gb18030"))  # four bytes: as good Korean or Japanese as Chinese
    return path


def test_the_user_picks_the_reading_that_looks_right(qtbot, short_chinese: Path, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    offered: list[list[str]] = []

    def pick(parent, title, label, items, current, editable):
        offered.append(items)
        return next(item for item in items if item.endswith("中文")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)

    assert read_text_file_asking(parent, short_chinese) == "中文"
    assert len(offered[0]) >= 2 and offered[0][0] == "gb18030: 中文"


def test_cancelling_the_choice_opens_nothing(qtbot, short_chinese: Path, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: ("", False))

    assert read_text_file_asking(parent, short_chinese) is None


def test_an_unambiguous_file_opens_without_asking(qtbot, tmp_path: Path, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    path = tmp_path / "tokyo.txt"
    path.write_bytes("東京は日本の首都です。\n人口は約千四百万人です。\n".encode("shift_jis"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: pytest.fail("asked"))

    assert read_text_file_asking(parent, path) == "東京は日本の首都です。\n人口は約千四百万人です。\n"

"""The model picker in the chat header: lists the installed models and loads the one chosen."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Slot

from desktop_app.core.engine.fake import FakeEngine


class PickerWatcher(QObject):
    """Looks at the picker when the load begins, on the GUI thread, after the picker's own slot."""

    def __init__(self, picker) -> None:
        super().__init__()
        self.picker = picker
        self.seen: list[tuple[bool, str]] = []

    @Slot(str)
    def look(self, _what: str) -> None:
        self.seen.append((self.picker.busy.isVisibleTo(self.picker), self.picker.button.text()))


def linked_model(source: Path, folder: Path) -> Path:
    """The starter's file under another name in a folder of the user's (no 250 MB copy)."""
    folder.mkdir()
    target = folder / "my-model.gguf"
    try:
        os.link(source, target)
    except OSError:
        target.symlink_to(source)
    return target


def test_the_picker_shows_the_loaded_model_and_lists_the_installed_ones(qtbot, open_window, starter_model_path,
                                                                       tmp_path: Path) -> None:
    window = open_window(FakeEngine())
    picker = window.chat_page.header.model_picker
    mine = linked_model(starter_model_path, tmp_path / "models")
    window.settings.model_folders = [str(mine.parent)]

    assert picker.button.text() == window.model.name
    with qtbot.waitSignal(picker.listed, timeout=30_000):
        picker.menu.aboutToShow.emit()

    listed = [action.data() for action in picker.model_actions()]
    assert mine in listed
    assert None in listed  # the starter model
    texts = [action.text() for action in picker.menu.actions()]
    assert "Open Model File…" in texts and "Manage Models…" in texts


def test_choosing_a_model_loads_it_and_the_button_follows(qtbot, open_window, starter_model_path,
                                                         tmp_path: Path) -> None:
    window = open_window(FakeEngine())
    picker = window.chat_page.header.model_picker
    mine = linked_model(starter_model_path, tmp_path / "models")
    window.settings.model_folders = [str(mine.parent)]
    with qtbot.waitSignal(picker.listed, timeout=30_000):
        picker.refresh()
    [action] = [action for action in picker.model_actions() if action.data() == mine]

    watcher = PickerWatcher(picker)  # what the picker shows as the load begins
    window.jobs.loadStarted.connect(watcher.look)
    with qtbot.waitSignal(window.modelReady, timeout=60_000) as ready:
        action.trigger()

    assert watcher.seen == [(True, "Loading my-model.gguf…")]

    assert ready.args[0].path == mine
    assert not picker.busy.isVisibleTo(picker)
    assert picker.button.text() == ready.args[0].name
    assert window.chat_page.model_path == mine
    [checked] = [action for action in picker.model_actions() if action.isChecked()] or [None]
    assert checked is None or checked.data() == mine

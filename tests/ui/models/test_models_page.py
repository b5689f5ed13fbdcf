"""The Models page as a user meets it: download from the catalogue, see it installed, load, remove, tune."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.core.models.download_queue import DownloadStatus
from desktop_app.core.models.fit import Verdict, estimate_memory
from desktop_app.core.models.gguf import read_gguf_info
from desktop_app.core.settings import Settings
from desktop_app.ui.models.wont_fit_dialog import LoadDecision
from tests.support.fake_hub import write_tiny_gguf
from tests.ui.models.conftest import FILE, REPO, sha256_of

FIT_COLUMN = 7


def installed_paths(page) -> list[Path]:
    return [m.path for m in page.installed.models()]


def fit_text(page, path: Path) -> str:
    row = installed_paths(page).index(path)
    return page.installed.table.item(row, FIT_COLUMN).text()


def test_download_from_the_catalogue_shows_progress_then_the_model_is_installed_and_loads(
    qtbot, hub, hosted, entry, make_page, models_dir
):
    hub.throttle = 3_000_000  # bytes per second: long enough to show progress, short enough for a test
    page = make_page(catalogue=lambda: [entry])
    seen: list[tuple[int, str]] = []

    def record() -> None:
        row = page.downloads.row(REPO, FILE)
        if row is not None:
            seen.append((row.progress.value(), row.detail.text()))

    page.downloads.statesChanged.connect(record)
    assert page.catalogue.select(entry.id)

    with qtbot.waitSignal(page.installedChanged, timeout=20_000):
        qtbot.mouseClick(page.catalogue.download_button, Qt.MouseButton.LeftButton)
        assert page.tabs.currentWidget() is page.downloads
        qtbot.waitUntil(lambda: page.downloads.row(REPO, FILE).status is DownloadStatus.DONE, timeout=20_000)

    assert any(0 < value < 1000 and " of " in text and "/s" in text for value, text in seen)
    row = page.downloads.row(REPO, FILE)
    assert row.progress.value() == 1000 and "verified" in row.detail.text()
    path = models_dir / "alice" / "Tiny-GGUF" / FILE
    assert sha256_of(path) == hosted.sha256
    assert installed_paths(page) == [path]
    assert fit_text(page, path) == "fits"
    assert page.catalogue.table.item(0, 8).text() == "Installed"
    assert not page.catalogue.download_button.isEnabled()

    assert page.installed.selected().path == path
    with qtbot.waitSignal(page.loadRequested) as loaded:
        qtbot.mouseClick(page.installed.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [path]


def test_enter_on_a_row_loads_it_and_delete_asks_to_remove_it(qtbot, make_page, models_dir, tmp_path):
    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page()
    asked: list[str] = []
    page.confirm = lambda parent, title, text, ok: asked.append(text) or False
    page.installed.table.setFocus()

    with qtbot.waitSignal(page.loadRequested) as loaded:
        qtbot.keyClick(page.installed.table, Qt.Key.Key_Return)
    qtbot.keyClick(page.installed.table, Qt.Key.Key_Delete)

    assert loaded.args == [path]
    assert len(asked) == 1 and "deleted" in asked[0]
    assert path.exists()


def test_removing_a_model_inside_the_models_folder_deletes_the_file(qtbot, make_page, models_dir):
    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page()
    asked: list[str] = []
    page.confirm = lambda parent, title, text, ok: asked.append(text) or True

    with qtbot.waitSignal(page.installedChanged):
        page.remove(page.installed.models()[0])

    assert "will be deleted" in asked[0]
    assert not path.exists()
    assert page.installed.models() == []


def test_removing_a_model_outside_the_models_folder_only_forgets_it(qtbot, make_page, tmp_path):
    folder = tmp_path / "my-models"
    folder.mkdir()
    path = write_tiny_gguf(folder / "mine.gguf")
    settings = Settings(model_folders=[str(folder)])
    page = make_page(settings)
    assert installed_paths(page) == [path]
    asked: list[str] = []
    page.confirm = lambda parent, title, text, ok: asked.append(text) or True

    with qtbot.waitSignal(page.installedChanged):
        page.remove(page.installed.models()[0])

    assert "only forgotten" in asked[0] and str(path) in asked[0]
    assert path.exists()
    assert page.installed.models() == []
    assert Settings.load().forgotten_models == [str(path.resolve())]
    assert installed_paths(make_page()) == []  # still forgotten after a restart


def test_declining_the_removal_keeps_the_model(qtbot, make_page, models_dir):
    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page()
    page.confirm = lambda parent, title, text, ok: False

    page.remove(page.installed.models()[0])

    assert not page.serial.busy
    assert path.exists()


def test_add_folder_lists_its_models_and_is_remembered(qtbot, make_page, tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = write_tiny_gguf(folder / "found.gguf")
    page = make_page()
    page.choose_folder = lambda parent: folder

    with qtbot.waitSignal(page.installedChanged), qtbot.waitSignal(page.settingsChanged):
        qtbot.mouseClick(page.installed.add_folder_button, Qt.MouseButton.LeftButton)

    assert installed_paths(page) == [path]
    assert Settings.load().model_folders == [str(folder)]


def test_a_model_that_will_not_fit_asks_before_loading_and_can_use_a_smaller_context(qtbot, make_page, models_dir):
    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    info = read_gguf_info(path)
    ram = estimate_memory(info, 1024).total_bytes + 1  # room for 1024 tokens, not for the trained 2048
    page = make_page(ram_available=lambda: ram)
    assert fit_text(page, path) == "won't fit"
    asked = []

    def answer(parent, name, report):
        asked.append(report)
        return LoadDecision(n_ctx=report.largest_context)

    page.ask_wont_fit = answer
    with qtbot.waitSignal(page.loadRequested) as loaded:
        qtbot.mouseClick(page.installed.load_button, Qt.MouseButton.LeftButton)

    assert loaded.args == [path]
    assert asked[0].verdict is Verdict.WONT_FIT and asked[0].largest_context == 1024
    assert Settings.load().model_overrides[str(path)] == {"n_ctx": 1024}
    assert fit_text(page, path) != "won't fit"


def test_declining_a_model_that_will_not_fit_does_not_load_it(qtbot, make_page, models_dir):
    write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page(ram_available=lambda: 10_000_000)
    asked = []
    page.ask_wont_fit = lambda parent, name, report: asked.append(name) or None

    with qtbot.assertNotEmitted(page.loadRequested):
        qtbot.mouseClick(page.installed.load_button, Qt.MouseButton.LeftButton)

    assert asked == ["Tiny Test"]


def test_a_model_that_fits_loads_without_asking(qtbot, make_page, models_dir):
    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page()
    page.ask_wont_fit = lambda *args: (_ for _ in ()).throw(AssertionError("should not ask"))

    with qtbot.waitSignal(page.loadRequested) as loaded:
        qtbot.mouseClick(page.installed.load_button, Qt.MouseButton.LeftButton)

    assert loaded.args == [path]


def test_the_settings_dialog_saves_and_resets_per_model_values(qtbot, make_page, models_dir):
    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page()

    qtbot.mouseClick(page.installed.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.settings_dialog
    assert dialog.n_ctx.maximum() == 2048  # what the model was trained for
    dialog.temperature.setValue(0.3)
    dialog.n_ctx.setValue(1024)
    with qtbot.waitSignal(page.settingsChanged):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert Settings.load().model_overrides == {str(path): {"temperature": 0.3, "n_ctx": 1024}}

    qtbot.mouseClick(page.installed.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.settings_dialog
    assert dialog.temperature.value() == 0.3 and dialog.n_ctx.value() == 1024
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.temperature.value() == 0.7 and dialog.n_ctx.value() == 2048
    with qtbot.waitSignal(page.settingsChanged):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert Settings.load().model_overrides == {}


def test_the_starter_model_is_listed_and_loads_by_name(qtbot, make_page, starter_model_path):
    page = make_page(starter_path=lambda: starter_model_path)

    (starter,) = page.installed.models()
    assert starter.name == "Gemma 3 270M (starter)" and starter.info.architecture == "gemma3"
    assert not page.installed.remove_button.isEnabled()
    assert page.installed.table.item(0, 6).text() == "base"
    with qtbot.waitSignal(page.loadRequested) as loaded:
        qtbot.mouseClick(page.installed.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [None]


def test_a_damaged_file_is_shown_as_unusable_and_cannot_be_loaded(qtbot, make_page, models_dir):
    path = write_tiny_gguf(_inside(models_dir, "broken.gguf"))
    path.write_bytes(path.read_bytes()[:5000])
    page = make_page()

    (model,) = page.installed.models()
    assert not model.usable
    assert page.installed.table.item(0, FIT_COLUMN).text() == "unusable"
    assert "incomplete" in page.installed.table.item(0, 0).toolTip()
    assert not page.installed.load_button.isEnabled() and page.installed.remove_button.isEnabled()


def test_malformed_files_are_listed_unusable_beside_the_good_ones_with_clean_names(qtbot, make_page, models_dir):
    from tests.core.models.gguf_factory import llama_like

    write_tiny_gguf(_inside(models_dir, "good.gguf"), name="Good One")
    data = bytearray(llama_like("Overflow", vocab=300).build())
    at = data.index(b"tok99")
    data[at - 8 : at] = (2**63).to_bytes(8, "little")  # a string length past 2**63
    _inside(models_dir, "overflow.gguf").write_bytes(bytes(data))
    nan = llama_like("\x1b]0;owned\x07\x1b[2JNaN epsilon")
    nan.metadata["llama.attention.layer_norm_rms_epsilon"] = float("nan")
    nan.write(_inside(models_dir, "nan.gguf"))
    named = llama_like("\x1b[31m" + "N" * 14_700)
    named.write(_inside(models_dir, "long-name.gguf"))
    page = make_page()

    rows = {m.path.name: row for row, m in enumerate(page.installed.models())}
    names = [page.installed.table.item(row, 0).text() for row in rows.values()]
    fits = {name: page.installed.table.item(row, FIT_COLUMN).text() for name, row in rows.items()}

    assert fits["overflow.gguf"] == fits["nan.gguf"] == "unusable"
    assert fits["good.gguf"] != "unusable" and fits["long-name.gguf"] != "unusable"
    assert "layer_norm_rms_epsilon is not a finite number" in page.installed.table.item(rows["nan.gguf"], 0).toolTip()
    assert all("\x1b" not in name and len(name) < 100 for name in names)


def test_the_loaded_model_is_marked(qtbot, make_page, models_dir):
    from desktop_app.core.engine import ModelInfo

    path = write_tiny_gguf(_inside(models_dir, "tiny.gguf"))
    page = make_page()

    page.set_loaded_model(ModelInfo(path, "Tiny Test", "CPU", 2048, 2048, 0, 2))
    qtbot.waitUntil(lambda: "(loaded)" in page.installed.table.item(0, 0).text())


def test_enter_on_a_catalogue_row_queues_its_download(qtbot, hub, hosted, entry, make_page):
    page = make_page(catalogue=lambda: [entry])
    page.tabs.setCurrentWidget(page.catalogue)
    page.catalogue.table.setFocus()

    qtbot.keyClick(page.catalogue.table, Qt.Key.Key_Return)

    row = page.downloads.row(REPO, FILE)
    assert row is not None
    qtbot.waitUntil(lambda: row.status is DownloadStatus.DONE, timeout=20_000)


def _inside(models_dir: Path, name: str) -> Path:
    folder = models_dir / "alice" / "Tiny-GGUF"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name



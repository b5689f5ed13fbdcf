"""The Documents page: a folder added is indexed with visible progress, searched, asked about, and a cited
passage opens with the question's words highlighted; indexing waits while the model works."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.engine.embedder import FakeEmbedder
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store
from desktop_app.ui.documents import DocumentsPage
from desktop_app.ui.engine_runner import EngineThread


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    fake = FakeEngine()
    fake.load(starter_model_path)
    return fake


@pytest.fixture
def engine_thread(engine: FakeEngine):
    thread = EngineThread(engine)
    yield thread
    thread.stop()


@pytest.fixture
def page(qtbot, engine_thread, data_dir: Path):
    store = Store()
    page = DocumentsPage(store, engine_thread.runner, SharedEmbedder(lambda: FakeEmbedder(delay=0.02)))
    page.set_model(engine_thread.runner.engine.model)
    qtbot.addWidget(page)
    yield page
    page.shutdown()
    store.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garden.md").write_text("# Garden\n\nWater the tomatoes every evening in summer.\n", encoding="utf-8")
    (folder / "lease.md").write_text("# Lease\n\n" + "The deposit is two months of rent. " * 40, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    return folder


def _tree_rows(page: DocumentsPage) -> list[tuple[str, str]]:
    tree = page.sources.tree
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())]


def test_adding_a_folder_shows_progress_then_ready_with_the_failed_file(qtbot, page: DocumentsPage, folder: Path) -> None:
    seen: list[str] = []
    page.bridge.progress.connect(lambda p: seen.append(page.sources.describe(p)))

    page.add_paths([str(folder)])
    qtbot.waitUntil(lambda: _tree_rows(page) and _tree_rows(page)[0][1].startswith("ready"), timeout=30_000)

    assert any(line.startswith("Indexing file") and "passages/s" in line for line in seen), seen
    assert _tree_rows(page) == [(str(folder), "ready (1 failed)")]
    item = page.sources.tree.topLevelItem(0)
    children = {item.child(i).text(0): item.child(i).text(1) for i in range(item.childCount())}
    assert children["garden.md"] == "ready"
    assert children["scan.pdf"].startswith("failed:")


def test_search_lists_the_matching_passage_first(qtbot, page: DocumentsPage, folder: Path) -> None:
    page.add_paths([str(folder)])
    qtbot.waitUntil(lambda: _tree_rows(page) and _tree_rows(page)[0][1].startswith("ready"), timeout=30_000)

    page.search_box.setText("when to water tomatoes")
    page.search()
    qtbot.waitUntil(lambda: page.results.count() > 0, timeout=10_000)

    assert page.results.item(0).text().startswith("garden.md · Garden")


def test_a_cited_source_opens_its_passage_with_the_words_highlighted(qtbot, page: DocumentsPage, folder: Path,
                                                                      engine: FakeEngine) -> None:
    page.add_paths([str(folder / "garden.md")])
    qtbot.waitUntil(lambda: _tree_rows(page) and _tree_rows(page)[0][1] == "ready", timeout=30_000)
    engine.enqueue(["Water them every evening [1]."])
    page.question_box.setText("When should I water the tomatoes?")

    with qtbot.waitSignal(page.answerShown, timeout=30_000):
        page.ask()
    shown = page.answer_view.toPlainText()
    assert shown.startswith("Water them every evening [1].")
    assert "Sources:\n[1] garden.md, Garden" in shown

    with qtbot.waitSignal(page.passageOpened, timeout=5_000) as opened:
        page._open_source_link(QUrl("passage:1"))
    dialog = opened.args[0]
    assert "Water the tomatoes every evening" in dialog.view.toPlainText()
    assert [t.lower() for t in dialog.highlighted_texts()] == ["water", "tomatoes"]
    dialog.close()


def test_indexing_waits_while_a_model_job_runs(qtbot, page: DocumentsPage, folder: Path, engine_thread) -> None:
    import threading

    release = threading.Event()
    started = threading.Event()

    def chat_turn(engine, on_text, on_progress, cancel):  # noqa: ANN001, ANN202
        started.set()
        release.wait(20)
        return None

    job = engine_thread.runner.submit(chat_turn)
    qtbot.waitUntil(lambda: "chat" in page.library.worker._holds, timeout=10_000)
    page.add_paths([str(folder)])
    qtbot.waitUntil(lambda: page.library.worker.progress.state == "paused", timeout=10_000)
    assert all(f.state in ("queued", "indexing") for f in page.library.docs.files())

    release.set()
    qtbot.waitUntil(lambda: _tree_rows(page)[0][1].startswith("ready"), timeout=30_000)
    del job

"""Re-indexing touches only what changed: unchanged files keep their chunks, edited ones are replaced,
deleted ones disappear; a held worker waits; an unreadable file does not stop the others."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from desktop_app.core.documents.worker import wait_until_indexed


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "cats.md").write_text("# Cats\n\nCats sleep sixteen hours a day.\n", encoding="utf-8")
    (folder / "dogs.txt").write_text("Dogs need a walk twice a day.\n", encoding="utf-8")
    (folder / "birds.txt").write_text("Parrots can live for sixty years.\n", encoding="utf-8")
    return folder


def _index(library) -> dict[str, object]:  # noqa: ANN001
    assert wait_until_indexed(library.worker, library.docs, timeout=30)
    return {Path(f.path).name: f for f in library.docs.files()}


def test_edited_file_is_the_only_one_indexed_again_and_deleted_one_goes(fake_library, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    fake_library.start()
    fake_library.add([folder], fake_library.test_collection)
    before = _index(fake_library)
    embedded_before = fake_library.embedder._embedder.calls

    (folder / "dogs.txt").write_text("Dogs need a walk three times a day.\n", encoding="utf-8")
    os.utime(folder / "cats.md", (1, 1))  # touched, same content
    (folder / "birds.txt").unlink()
    fake_library.worker.rescan()
    after = _index(fake_library)

    assert set(after) == {"cats.md", "dogs.txt"}
    assert after["cats.md"].generation == before["cats.md"].generation
    assert after["dogs.txt"].generation == before["dogs.txt"].generation + 1
    assert fake_library.embedder._embedder.calls == embedded_before + 1  # one chunk: the edited file's
    texts = [p.text for p in fake_library.search("walk dogs", limit=5)]
    assert "Dogs need a walk three times a day." in texts[0]
    assert not any("Parrots" in t for t in fake_library.search("parrots sixty years", limit=5)
                   for t in [t.text])


def test_unreadable_file_fails_alone_with_its_reason(fake_library, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    fake_library.start()
    fake_library.add([folder], fake_library.test_collection)

    files = _index(fake_library)
    [(_, status)] = fake_library.statuses()

    assert files["broken.pdf"].state == "failed" and files["broken.pdf"].error
    assert {files[n].state for n in ("cats.md", "dogs.txt", "birds.txt")} == {"ready"}
    assert status.state == "ready" and status.files_failed == 1 and "broken.pdf" in status.reason


def test_include_and_exclude_patterns_choose_the_files(fake_library, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "drafts").mkdir()
    (folder / "drafts" / "old.txt").write_text("Old draft.", encoding="utf-8")
    fake_library.start()
    fake_library.add([folder], fake_library.test_collection, include=["*.txt"], exclude=["drafts/*"])

    assert set(_index(fake_library)) == {"dogs.txt", "birds.txt"}


def test_a_held_worker_indexes_nothing_until_released(fake_library, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    paused = threading.Event()
    fake_library.worker._on_progress = lambda p: paused.set() if p.state == "paused" else None
    fake_library.worker.hold("chat")
    fake_library.start()
    fake_library.add([folder], fake_library.test_collection)

    assert paused.wait(10)
    assert fake_library.docs.next_file() is not None
    assert all(f.state in ("queued", "indexing") for f in fake_library.docs.files())
    fake_library.worker.release("chat")
    assert {f.state for f in _index(fake_library).values()} == {"ready"}


def test_an_edit_embeds_only_the_passages_it_changed(fake_library, tmp_path: Path) -> None:
    from tests.support.documents import write_pdf

    folder = tmp_path / "pdfs"
    folder.mkdir()
    pages = [f"Page {n} says the shipment number {n} left the harbour on time." for n in range(10)]
    write_pdf(folder / "log.pdf", pages)
    fake_library.start()
    fake_library.add([folder], fake_library.test_collection)
    _index(fake_library)
    calls = fake_library.embedder._embedder.calls

    pages[4] = "Page 4 says the shipment number 4 was delayed by a storm."
    write_pdf(folder / "log.pdf", pages)
    fake_library.worker.rescan()
    [record] = _index(fake_library).values()

    assert fake_library.embedder._embedder.calls == calls + 1
    assert record.chunks_total == 10
    assert "delayed by a storm" in fake_library.search("shipment delayed storm", limit=1)[0].text

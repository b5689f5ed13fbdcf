"""Finding and discarding the part files an interrupted download leaves behind."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.models.download import DownloadInterrupted, download_model, part_path, repo_dir
from desktop_app.core.models.incomplete_downloads import discard, find_incomplete_downloads
from tests.support.fake_hub import serving, write_tiny_gguf

REPO = "alice/Tiny-GGUF"
FILE = "tiny-Q4_K_M.gguf"


def test_an_interrupted_download_is_found_with_its_progress(monkeypatch, tmp_path):
    root = tmp_path / "models"
    with serving(monkeypatch) as hub:
        hosted = hub.add_file(REPO, FILE, write_tiny_gguf(tmp_path / "tiny.gguf"))
        hub.cut_after = hosted.size // 3
        with pytest.raises(DownloadInterrupted):
            download_model(REPO, FILE, repo_dir(root, REPO))

    (found,) = find_incomplete_downloads(root)

    assert (found.repo_id, found.filename) == (REPO, FILE)
    assert found.revision == hub.repos[REPO].commit
    assert found.part == part_path(repo_dir(root, REPO), FILE)
    assert found.bytes_done == hosted.size // 3 and found.size == hosted.size


def test_part_files_without_a_usable_sidecar_are_not_listed(tmp_path):
    folder = tmp_path / "models" / "a" / "b"
    folder.mkdir(parents=True)
    (folder / "x.gguf.part").write_bytes(b"abc")
    (folder / "y.gguf.part").write_bytes(b"abc")
    (folder / "y.gguf.part.json").write_text("{broken", encoding="utf-8")
    (folder / "z.gguf.part.json").write_text(json.dumps({"repo_id": "a/b", "filename": "z.gguf"}), encoding="utf-8")

    assert find_incomplete_downloads(tmp_path / "models") == []
    assert find_incomplete_downloads(tmp_path / "missing") == []


def test_discard_deletes_the_part_and_its_sidecar(tmp_path):
    folder = tmp_path / "models" / "a" / "b"
    folder.mkdir(parents=True)
    (folder / "z.gguf.part").write_bytes(b"abc")
    (folder / "z.gguf.part.json").write_text(
        json.dumps({"repo_id": "a/b", "filename": "z.gguf", "size": 10, "commit": None}), encoding="utf-8"
    )
    (found,) = find_incomplete_downloads(tmp_path / "models")
    assert found.revision == "main" and found.fraction == pytest.approx(0.3)

    discard(found)

    assert list(folder.iterdir()) == []

"""The shipped catalogue: readable, consistent with its own file names, and strict about bad entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.models.catalogue import CatalogueError, find_entry, load_catalogue
from desktop_app.core.models.hub import quantization_from_filename


def test_shipped_catalogue_loads_with_unique_ids():
    entries = load_catalogue()

    assert len(entries) >= 10
    assert len({e.id for e in entries}) == len(entries)


def test_every_entry_names_a_gguf_whose_file_name_matches_its_quantization():
    for entry in load_catalogue():
        assert "/" in entry.repo_id
        assert quantization_from_filename(entry.filename) == entry.quantization, entry.id


def test_catalogue_stays_in_the_small_model_range_and_covers_chinese():
    entries = [e for e in load_catalogue() if not e.is_embedding]

    assert all(0.9e9 <= e.parameters <= 8.5e9 for e in entries)
    assert all(e.size_bytes < 6e9 for e in entries)
    assert sum(e.good_at("zh") for e in entries) >= 4
    assert {"chat", "translate", "draft"} <= {task for e in entries for task in e.tasks}


def test_embedding_models_are_recommended_for_english_and_chinese_documents():
    embedding = [e for e in load_catalogue() if e.is_embedding]

    assert {"en", "zh"} <= {language for e in embedding for language in e.languages}
    assert any(e.good_at("zh") and e.good_at("en") for e in embedding)  # a multilingual one
    assert all(e.tasks == ("embedding",) and e.size_bytes < 1e9 for e in embedding)
    assert find_entry("bge-small-en-v1.5-q8").query_prefix.startswith("Represent this sentence")


def test_find_entry_gives_a_pull_spec():
    entry = find_entry("qwen2.5-3b-instruct-q4km")

    assert entry is not None
    assert entry.pull_spec == "Qwen/Qwen2.5-3B-Instruct-GGUF:qwen2.5-3b-instruct-q4_k_m.gguf"
    assert find_entry("no-such-model") is None


def _write(tmp_path: Path, models: list[dict]) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"version": 1, "models": models}), encoding="utf-8")
    return path


def _valid(**changes) -> dict:
    entry = {
        "id": "x", "name": "X", "repo_id": "o/x-GGUF", "filename": "x-Q4_K_M.gguf",
        "size_bytes": 1, "size_approximate": True, "quantization": "Q4_K_M", "parameters": 1,
        "license": "mit", "languages": ["en"], "tasks": ["chat"], "context_length": 2048, "gated": False,
    }
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"size_bytes": "big"}, "'size_bytes' should be int"),
        ({"gated": 1}, "'gated' should be bool"),
        ({"filename": "x.bin"}, ".gguf"),
        ({"tasks": ["cooking"]}, "unknown tasks"),
    ],
)
def test_malformed_entry_is_rejected_with_its_id(tmp_path, changes, message):
    path = _write(tmp_path, [_valid(**changes)])

    with pytest.raises(CatalogueError, match=message) as caught:
        load_catalogue(path)
    assert "'x'" in str(caught.value)


def test_missing_field_and_duplicate_ids_are_rejected(tmp_path):
    entry = _valid()
    del entry["license"]
    with pytest.raises(CatalogueError, match="missing 'license'"):
        load_catalogue(_write(tmp_path, [entry]))
    with pytest.raises(CatalogueError, match="twice"):
        load_catalogue(_write(tmp_path, [_valid(), _valid()]))

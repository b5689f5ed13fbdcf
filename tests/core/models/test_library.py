from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app.core.models import library as library_module
from desktop_app.core.models.library import (
    SOURCE_FOLDER,
    SOURCE_HF_CACHE,
    SOURCE_INKSTONE,
    ModelLibrary,
    default_hf_cache_dir,
)
from tests.core.models.gguf_factory import llama_like


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    models, folder, hub = tmp_path / "models", tmp_path / "folder", tmp_path / "hub"
    for d in (models, folder, hub):
        d.mkdir()
    return models, folder, hub


def make_hf_repo(hub: Path, repo_id: str, files: dict[str, str], revisions: Sequence[str] = ("rev1",)) -> Path:
    """models--org--name/snapshots/<rev>/<file> -> ../../blobs/<sha>, like huggingface_hub lays it out."""
    repo = hub / ("models--" + repo_id.replace("/", "--"))
    (repo / "blobs").mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revisions[-1])
    for sha, model_name in files.items():
        llama_like(model_name).write(repo / "blobs" / sha)
    for rev in revisions:
        snap = repo / "snapshots" / rev
        snap.mkdir(parents=True)
        for i, sha in enumerate(files):
            (snap / f"model-{i}.Q4_K_M.gguf").symlink_to(Path("..", "..", "blobs", sha))
    return repo


def test_scan_finds_models_in_all_three_places(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    llama_like("Ours").write(models / "org" / "ours.gguf")
    llama_like("Mine").write(folder / "deep" / "er" / "mine.GGUF")
    make_hf_repo(hub, "someorg/Some-Model-GGUF", {"a1b2": "From Hub"})

    entries = ModelLibrary(models, [folder], hf_cache_dir=hub).scan()

    assert {(e.name, e.source) for e in entries} == {
        ("Ours", SOURCE_INKSTONE),
        ("Mine", SOURCE_FOLDER),
        ("From Hub", SOURCE_HF_CACHE),
    }
    hub_entry = next(e for e in entries if e.source == SOURCE_HF_CACHE)
    assert hub_entry.repo_id == "someorg/Some-Model-GGUF"
    assert hub_entry.path.name == "model-0.Q4_K_M.gguf"  # the snapshot name, not the blob sha
    assert hub_entry.size == hub_entry.info.file_size > 0


def test_hf_blob_shared_by_revisions_is_listed_once(dirs: tuple[Path, Path, Path]) -> None:
    models, _, hub = dirs
    make_hf_repo(hub, "org/model", {"sha1": "Shared"}, revisions=("old", "new"))

    entries = ModelLibrary(models, hf_cache_dir=hub).scan()

    assert [e.name for e in entries] == ["Shared"]
    assert entries[0].path.parent.name == "new"  # the revision refs/main points at


def test_same_file_through_two_folders_is_listed_once(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    llama_like("Once").write(folder / "m.gguf")

    entries = ModelLibrary(models, [folder, folder / "."], hf_cache_dir=hub).scan()

    assert [e.name for e in entries] == ["Once"]


def test_corrupt_file_is_listed_with_its_error(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    (folder / "broken.gguf").write_text("not a model")
    good = llama_like("Good").build()
    (folder / "half.gguf").write_bytes(good[: len(good) // 2])

    entries = {e.path.name: e for e in ModelLibrary(models, [folder], hf_cache_dir=hub).scan()}

    assert entries["broken.gguf"].info is None
    assert "not a GGUF model" in entries["broken.gguf"].error
    assert "incomplete" in entries["half.gguf"].error
    assert entries["half.gguf"].size == len(good) // 2
    assert entries["half.gguf"].name == "half"
    assert not entries["half.gguf"].usable


def test_dangling_hf_symlink_is_listed_with_an_error(dirs: tuple[Path, Path, Path]) -> None:
    models, _, hub = dirs
    repo = make_hf_repo(hub, "org/model", {"sha1": "Gone"})
    (repo / "blobs" / "sha1").unlink()

    (entry,) = ModelLibrary(models, hf_cache_dir=hub).scan()

    assert entry.info is None and "Cannot read" in entry.error


def test_missing_folders_are_skipped(tmp_path: Path) -> None:
    lib = ModelLibrary(tmp_path / "no-models", [tmp_path / "no-folder"], hf_cache_dir=tmp_path / "no-hub")

    assert lib.scan() == []


def test_split_shards_after_the_first_and_projectors_are_hidden(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    first = llama_like("Split")
    first.metadata.update({"split.no": 0, "split.count": 2})
    first.write(folder / "m-00001-of-00002.gguf")
    second = llama_like("Split")
    second.metadata.update({"split.no": 1, "split.count": 2})
    second.write(folder / "m-00002-of-00002.gguf")
    llama_like("Projector", arch="clip").write(folder / "mmproj.gguf")

    entries = ModelLibrary(models, [folder], hf_cache_dir=hub).scan()

    assert [e.path.name for e in entries] == ["m-00001-of-00002.gguf"]
    assert entries[0].info.split_count == 2


def test_rescan_reuses_headers_of_unchanged_files(
    dirs: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    models, folder, hub = dirs
    path = llama_like("A").write(folder / "a.gguf")
    lib = ModelLibrary(models, [folder], hf_cache_dir=hub)
    lib.scan()
    reads: list[Path] = []
    real_read = library_module.read_gguf_info
    monkeypatch.setattr(library_module, "read_gguf_info", lambda p: reads.append(p) or real_read(p))

    lib.scan()
    assert reads == []

    llama_like("A, retrained").write(path)
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse-clock file systems
    (entry,) = lib.scan()
    assert reads == [path]
    assert entry.name == "A, retrained"


def test_remove_deletes_our_own_model_and_its_empty_folders(dirs: tuple[Path, Path, Path]) -> None:
    models, _, hub = dirs
    path = llama_like("Ours").write(models / "org" / "repo" / "ours.gguf")
    lib = ModelLibrary(models, hf_cache_dir=hub)

    assert lib.remove(path) is True

    assert not path.exists()
    assert not (models / "org").exists()
    assert models.is_dir()
    assert lib.scan() == []
    assert lib.forgotten == frozenset()


def test_remove_outside_only_forgets(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    path = llama_like("Mine").write(folder / "mine.gguf")
    lib = ModelLibrary(models, [folder], hf_cache_dir=hub)

    assert lib.remove(path) is False

    assert path.exists()
    assert lib.scan() == []
    assert lib.forgotten == {str(path.resolve())}


def test_remove_from_hf_cache_forgets_the_blob_in_every_revision(dirs: tuple[Path, Path, Path]) -> None:
    models, _, hub = dirs
    make_hf_repo(hub, "org/model", {"sha1": "Hub"}, revisions=("old", "new"))
    lib = ModelLibrary(models, hf_cache_dir=hub)
    (entry,) = lib.scan()

    assert lib.remove(entry.path) is False

    assert entry.path.resolve().exists()
    assert lib.scan() == []


def test_forgotten_paths_from_settings_are_skipped(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    keep = llama_like("Keep").write(folder / "keep.gguf")
    hidden = llama_like("Hidden").write(folder / "hidden.gguf")

    entries = ModelLibrary(models, [folder], hf_cache_dir=hub, forgotten=[str(hidden)]).scan()

    assert [e.path for e in entries] == [keep]


def test_symlink_into_models_dir_from_outside_is_not_deleted_through(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    target = llama_like("Ours").write(models / "ours.gguf")
    link = folder / "link.gguf"
    link.symlink_to(target)
    lib = ModelLibrary(models, [folder], hf_cache_dir=hub)

    assert lib.remove(link) is False

    assert target.exists() and link.is_symlink()


def test_default_hf_cache_follows_huggingface_env_conventions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_hf_cache_dir() == Path.home() / ".cache" / "huggingface" / "hub"

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_hf_cache_dir() == tmp_path / "xdg" / "huggingface" / "hub"

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    assert default_hf_cache_dir() == tmp_path / "hf" / "hub"

    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hubcache"))
    assert default_hf_cache_dir() == tmp_path / "hubcache"




def test_default_hf_cache_matches_huggingface_hub_for_hf_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_", "XDG_"))}
    env["HF_HOME"] = str(tmp_path / "hf")
    code = "from huggingface_hub import constants; print(constants.HF_HUB_CACHE)"
    theirs = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    for var in [k for k in os.environ if k.startswith(("HF_", "HUGGINGFACE_", "XDG_"))]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("HF_HOME", env["HF_HOME"])

    assert default_hf_cache_dir() == Path(theirs.stdout.strip())


def _overflowing_model(path: Path) -> Path:
    """A model whose 100th vocabulary string claims 2**63 bytes: this used to raise OverflowError."""
    data = bytearray(llama_like("Overflow", vocab=300).build())
    at = data.index(b"tok99")
    data[at - 8 : at] = (2**63).to_bytes(8, "little")
    path.write_bytes(bytes(data))
    return path


def test_one_malformed_file_never_hides_the_others(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    llama_like("Good A").write(folder / "a.gguf")
    _overflowing_model(folder / "b-overflow.gguf")
    bad_epsilon = llama_like("NaN epsilon")
    bad_epsilon.metadata["llama.attention.layer_norm_rms_epsilon"] = float("nan")
    bad_epsilon.write(folder / "c-nan.gguf")
    llama_like("Good D").write(folder / "d.gguf")

    entries = {e.path.name: e for e in ModelLibrary(models, [folder], hf_cache_dir=hub).scan()}

    assert [n for n, e in sorted(entries.items()) if e.usable] == ["a.gguf", "d.gguf"]
    assert "b-overflow.gguf is incomplete or damaged" in (entries["b-overflow.gguf"].error or "")
    assert "layer_norm_rms_epsilon is not a finite number" in (entries["c-nan.gguf"].error or "")


def test_an_unforeseen_reader_error_costs_one_row_and_is_logged(
    dirs: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    models, folder, hub = dirs
    llama_like("Good").write(folder / "good.gguf")
    llama_like("Trips the reader").write(folder / "trips.gguf")
    real_read = library_module.read_gguf_info

    def read(path: Path):  # type: ignore[no-untyped-def]
        if Path(path).name == "trips.gguf":
            raise OverflowError("Python int too large to convert to C ssize_t")
        return real_read(path)

    monkeypatch.setattr(library_module, "read_gguf_info", read)

    entries = {e.path.name: e for e in ModelLibrary(models, [folder], hf_cache_dir=hub).scan()}

    assert entries["good.gguf"].usable
    assert entries["trips.gguf"].error == "trips.gguf could not be read (an error in Inkstone; see the log)"
    assert "OverflowError" in caplog.text


def test_a_name_with_terminal_escapes_is_listed_clean(dirs: tuple[Path, Path, Path]) -> None:
    models, folder, hub = dirs
    llama_like("\x1b]0;owned\x07\x1b[2JNice name").write(folder / "m.gguf")
    (folder / "\x1b[31mbroken.gguf").write_bytes(b"not a model")

    names = sorted(e.name for e in ModelLibrary(models, [folder], hf_cache_dir=hub).scan())

    assert names == ["Nice name", "broken"]

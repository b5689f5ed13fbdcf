"""`inkstone models ...` end to end through desktop_app.cli.main, against the fake Hub."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import desktop_app.cli as cli
from desktop_app.core.paths import models_dir
from desktop_app.core.settings import Settings
from tests.support.fake_hub import serving, write_tiny_gguf

REPO = "alice/Tiny-GGUF"


@pytest.fixture(autouse=True)
def own_hub_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))  # never scan the real cache


@pytest.fixture
def hub(monkeypatch, tmp_path):
    with serving(monkeypatch) as hub:
        for quant in ("Q4_K_M", "Q8_0"):
            hub.add_file(REPO, f"tiny-{quant}.gguf", write_tiny_gguf(tmp_path / f"{quant}.gguf", name=f"Tiny {quant}"))
        hub.add_file(REPO, "mmproj-tiny-f16.gguf", write_tiny_gguf(tmp_path / "proj.gguf", name="proj"))
        yield hub


def test_search_prints_matching_repos(hub, capsys):
    hub.add_repo("bob/Unrelated-GGUF")

    code = cli.main(["models", "search", "tiny"])

    out = capsys.readouterr().out
    assert code == 0
    assert REPO in out and "bob/Unrelated-GGUF" not in out


def test_pull_without_a_file_picks_q4_k_m_and_shows_progress(hub, capsys):
    code = cli.main(["models", "pull", REPO])

    captured = capsys.readouterr()
    target = models_dir() / REPO / "tiny-Q4_K_M.gguf"
    assert code == 0
    assert captured.out.strip() == str(target)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == hub.repos[REPO].files["tiny-Q4_K_M.gguf"].sha256
    assert "100.0%" in captured.err and "/s" in captured.err


def test_pull_by_quantization_tag(hub, capsys):
    assert cli.main(["models", "pull", f"{REPO}:q8_0"]) == 0

    assert (models_dir() / REPO / "tiny-Q8_0.gguf").exists()


def test_pull_resumes_after_an_interrupted_run(hub, capsys):
    hub.cut_after = 500_000
    assert cli.main(["models", "pull", f"{REPO}:tiny-Q8_0.gguf"]) == 1
    assert "start it again to resume" in capsys.readouterr().err

    code = cli.main(["models", "pull", f"{REPO}:tiny-Q8_0.gguf"])

    assert code == 0
    assert "Resuming" in capsys.readouterr().err
    assert hub.file_requests()[-1].range == "bytes=500000-"


def test_pull_lists_choices_when_the_repo_has_no_obvious_default(hub, capsys):
    hub.add_file("bob/Odd-GGUF", "odd-Q2_K.gguf", hub.repos[REPO].files["tiny-Q8_0.gguf"].path)
    hub.add_file("bob/Odd-GGUF", "odd-Q3_K_L.gguf", hub.repos[REPO].files["tiny-Q8_0.gguf"].path)

    code = cli.main(["models", "pull", "bob/Odd-GGUF"])

    out = capsys.readouterr().out
    assert code == 2
    assert "inkstone models pull bob/Odd-GGUF:odd-Q2_K.gguf" in out
    assert hub.file_requests() == []


def test_pull_of_an_unknown_repo_prints_one_clear_line(hub, capsys):
    code = cli.main(["models", "pull", "nobody/Nothing-GGUF"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "no model nobody/Nothing-GGUF" in err


def test_catalogue_lists_pullable_ids(capsys):
    assert cli.main(["models", "catalogue"]) == 0

    assert "qwen2.5-3b-instruct-q4km" in capsys.readouterr().out


def test_list_shows_pulled_models_and_rm_deletes_them(hub, capsys):
    assert cli.main(["models", "pull", REPO]) == 0
    capsys.readouterr()

    assert cli.main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Tiny Q4_K_M" in listing and "2048" in listing and "inkstone" in listing

    assert cli.main(["models", "rm", "Tiny Q4_K_M"]) == 0
    assert "Deleted" in capsys.readouterr().out
    assert not (models_dir() / REPO / "tiny-Q4_K_M.gguf").exists()
    assert not (models_dir() / "alice").exists()  # nothing left behind: no part, sidecar or lock file


def test_rm_of_a_model_in_a_user_folder_forgets_it_and_keeps_the_file(tmp_path, capsys):
    folder = tmp_path / "my-models"
    folder.mkdir()
    mine = write_tiny_gguf(folder / "mine.gguf", name="Mine")
    Settings(model_folders=[str(folder)]).save()

    assert cli.main(["models", "rm", "mine.gguf"]) == 0

    assert "Forgot" in capsys.readouterr().out
    assert mine.exists()
    assert Settings.load().forgotten_models == [str(mine.resolve())]
    assert cli.main(["models", "list"]) == 0
    assert "Mine" not in capsys.readouterr().out


def test_ctrl_c_pauses_a_pull_and_the_next_pull_resumes(hub, capsys):
    hub.throttle = 256 * 1024
    part = models_dir() / REPO / "tiny-Q8_0.gguf.part"
    script = (
        "import desktop_app.cli as cli; "
        f"raise SystemExit(cli.main(['models', 'pull', '{REPO}:tiny-Q8_0.gguf']))"
    )
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=root, env={**os.environ}, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 20
        while not (part.exists() and part.stat().st_size >= 200_000):
            assert time.monotonic() < deadline, "the pull never got going"
            time.sleep(0.02)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130
    assert "Paused. Run the same command again to resume." in err
    kept = part.stat().st_size
    hub.throttle = None

    assert cli.main(["models", "pull", f"{REPO}:tiny-Q8_0.gguf"]) == 0

    assert hub.file_requests()[-1].range == f"bytes={kept}-"
    assert hub.file_requests()[-1].body_bytes == hub.repos[REPO].files["tiny-Q8_0.gguf"].size - kept


def test_pull_of_a_file_already_in_the_hugging_face_cache_does_not_download_it(hub, tmp_path, capsys):
    snapshot = tmp_path / "hf-cache" / "models--alice--Tiny-GGUF" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    cached = write_tiny_gguf(snapshot / "tiny-Q4_K_M.gguf", name="Tiny cached")

    code = cli.main(["models", "pull", f"{REPO}:tiny-Q4_K_M.gguf"])

    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.strip() == str(cached)
    assert "already on this computer" in captured.err
    assert not (models_dir() / REPO / "tiny-Q4_K_M.gguf").exists()
    assert [r for r in hub.requests if "/resolve/" in r.path] == []


def test_list_with_malformed_files_still_lists_the_others_in_short_clean_lines(tmp_path, capsys):
    from tests.core.models.gguf_factory import llama_like

    folder = tmp_path / "my-models"
    folder.mkdir()
    write_tiny_gguf(folder / "good.gguf", name="Good One")
    data = bytearray(llama_like("Overflow", vocab=300).build())
    at = data.index(b"tok99")
    data[at - 8 : at] = (2**63).to_bytes(8, "little")  # a string length past 2**63: an OverflowError before
    (folder / "overflow.gguf").write_bytes(bytes(data))
    llama_like("\x1b]0;owned\x07\x1b[2J" + "N" * 14_700, layers=0).write(folder / "no-layers.gguf")
    Settings(model_folders=[str(folder)], model_path=str(folder / "good.gguf")).save()

    code = cli.main(["models", "list"])

    out = capsys.readouterr().out
    assert code == 0
    assert "Good One" in out and "folder, in use" in out
    assert "overflow.gguf is incomplete or damaged" in out
    assert "no-layers.gguf cannot be used: llama.block_count is 0" in out
    assert "\x1b" not in out and "Traceback" not in out
    assert max(len(line) for line in out.splitlines()) < 400


def test_list_shows_the_starter_model_in_use(capsys, starter_model_path):
    code = cli.main(["models", "list"])

    out = capsys.readouterr().out
    assert code == 0
    assert "No models yet" not in out
    [row] = [line for line in out.splitlines() if "Gemma 3 270M (starter)" in line]
    assert "Q4_K_M" in row and "32768" in row and row.endswith("starter, in use")


def test_list_shows_a_model_that_crashed_last_time(tmp_path, capsys):
    from desktop_app.core.models.load_guard import LoadGuard
    from desktop_app.core.paths import data_dir
    from tests.support import crashing_process

    folder = tmp_path / "my-models"
    folder.mkdir()
    model = write_tiny_gguf(folder / "fragile.gguf", name="Fragile")
    Settings(model_folders=[str(folder)]).save()
    crashing_process.run(data_dir(), model, "load", "abort")
    assert LoadGuard().crashed()

    assert cli.main(["models", "list"]) == 0

    assert "crashed: The model fragile.gguf crashed Inkstone last time" in capsys.readouterr().out

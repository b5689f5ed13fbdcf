"""Resumable, verified downloads against the fake Hub: drops, kills, corruption, cancel, auth, offline."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core.models.download import (
    DownloadBusyError,
    DownloadCancelled,
    DownloadError,
    DownloadInterrupted,
    DownloadVerificationError,
    download_model,
    part_path,
    repo_dir,
)
from desktop_app.core.models.hub import HubAuthError, HubNotFoundError, HubOfflineError
from tests.support.fake_hub import serving, write_tiny_gguf

REPO = "alice/Tiny-GGUF"
FILE = "tiny-Q4_K_M.gguf"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def hub(monkeypatch):
    with serving(monkeypatch) as hub:
        yield hub


@pytest.fixture
def hosted(hub, tmp_path):
    return hub.add_file(REPO, FILE, write_tiny_gguf(tmp_path / "tiny.gguf"))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def test_full_download_is_verified_and_moved_into_place(hub, hosted, tmp_path):
    reports = []
    dest = tmp_path / "models"

    path = download_model(REPO, FILE, dest, progress=reports.append)

    assert path == dest / FILE
    assert sha256_of(path) == hosted.sha256
    assert sorted(p.name for p in dest.iterdir() if not p.name.startswith(".")) == [FILE]
    assert reports[-1].bytes_done == reports[-1].bytes_total == hosted.size
    assert reports[-1].speed > 0
    assert [r.status for r in hub.file_requests()] == [200]


def test_download_cut_off_by_the_server_resumes_in_a_new_call(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    hub.cut_after = hosted.size // 2

    with pytest.raises(DownloadInterrupted, match="start it again to resume"):
        download_model(REPO, FILE, dest)
    part = part_path(dest, FILE)
    kept = part.stat().st_size
    assert kept == hosted.size // 2
    assert not (dest / FILE).exists()

    path = download_model(REPO, FILE, dest)  # as after a restart: nothing shared but the files

    first, second = hub.file_requests()
    assert first.body_bytes == kept
    assert second.range == f"bytes={kept}-" and second.status == 206
    assert second.body_bytes == hosted.size - kept
    assert sha256_of(path) == hosted.sha256
    assert not part.exists() and not part.with_name(part.name + ".json").exists()


def test_download_killed_mid_way_in_another_process_resumes(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    part = part_path(dest, FILE)
    hub.throttle = 256 * 1024  # bytes per second: slow enough to kill it half-way
    code = f"from desktop_app.core.models.download import download_model; download_model({REPO!r}, {FILE!r}, {str(dest)!r})"
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ})
    try:
        wait_until(lambda: part.exists() and part.stat().st_size >= 200_000)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    kept = part.stat().st_size
    assert 0 < kept < hosted.size
    hub.throttle = None

    path = download_model(REPO, FILE, dest)

    killed, resumed = hub.file_requests()
    assert killed.body_bytes >= kept  # what the killed process wrote is what it had received
    assert resumed.range == f"bytes={kept}-"
    assert resumed.body_bytes == hosted.size - kept
    assert sha256_of(path) == hosted.sha256


def test_sha256_comes_from_paths_info_when_the_headers_lack_it(hub, hosted, tmp_path):
    hub.sha256_in_headers = False
    hub.corrupt.add((REPO, FILE))

    with pytest.raises(DownloadVerificationError):
        download_model(REPO, FILE, tmp_path / "models")
    assert any("/paths-info/" in r.path for r in hub.requests)


def test_corrupted_download_is_rejected_and_deleted(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    hub.corrupt.add((REPO, FILE))

    with pytest.raises(DownloadVerificationError, match="damaged.*SHA-256"):
        download_model(REPO, FILE, dest)

    assert not (dest / FILE).exists()
    assert not part_path(dest, FILE).exists()


def test_cancel_keeps_the_part_for_a_later_resume(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    hub.throttle = 1024 * 1024
    cancel = threading.Event()

    def cancel_once_started(progress):
        if progress.bytes_done > 0:
            cancel.set()

    with pytest.raises(DownloadCancelled, match="paused"):
        download_model(REPO, FILE, dest, progress=cancel_once_started, cancel=cancel)
    part = part_path(dest, FILE)
    kept = part.stat().st_size
    assert 0 < kept < hosted.size
    sidecar = json.loads(part.with_name(part.name + ".json").read_text())
    assert sidecar["sha256"] == hosted.sha256 and sidecar["bytes_done"] == kept
    hub.throttle = None

    path = download_model(REPO, FILE, dest)

    assert hub.file_requests()[-1].range == f"bytes={kept}-"
    assert sha256_of(path) == hosted.sha256


def test_server_ignoring_range_makes_the_download_start_over(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    hub.cut_after = 300_000
    with pytest.raises(DownloadInterrupted):
        download_model(REPO, FILE, dest)
    hub.ignore_range = True

    path = download_model(REPO, FILE, dest)

    resumed = hub.file_requests()[-1]
    assert resumed.range == "bytes=300000-" and resumed.status == 200
    assert resumed.body_bytes == hosted.size
    assert sha256_of(path) == hosted.sha256


def test_part_of_a_different_remote_file_is_not_resumed(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    dest.mkdir()
    part = part_path(dest, FILE)
    part.write_bytes(b"x" * 1000)
    part.with_name(part.name + ".json").write_text(json.dumps({"size": hosted.size, "sha256": "0" * 64, "etag": "old"}))

    path = download_model(REPO, FILE, dest)

    assert hub.file_requests()[-1].range is None
    assert sha256_of(path) == hosted.sha256


def test_existing_identical_file_is_kept_without_downloading(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    dest.mkdir()
    (dest / FILE).write_bytes(hosted.path.read_bytes())

    assert download_model(REPO, FILE, dest) == dest / FILE
    assert hub.file_requests() == []


def test_existing_different_file_is_not_overwritten(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    dest.mkdir()
    (dest / FILE).write_bytes(b"mine")

    with pytest.raises(DownloadError, match="already exists and is a different file"):
        download_model(REPO, FILE, dest)
    assert (dest / FILE).read_bytes() == b"mine"


def test_offline_mode_refuses_without_touching_the_network(hub, hosted, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    with pytest.raises(HubOfflineError, match="offline.*HF_HUB_OFFLINE"):
        download_model(REPO, FILE, tmp_path / "models")
    assert hub.requests == []


def test_gated_repo_without_token_explains_how_to_get_access(hub, tmp_path):
    hub.add_file("meta/Gated-GGUF", FILE, write_tiny_gguf(tmp_path / "g.gguf"), gated=True)

    with pytest.raises(HubAuthError, match="gated.*accept its licence.*hf auth login") as caught:
        download_model("meta/Gated-GGUF", FILE, tmp_path / "models")
    assert "\n" not in str(caught.value)
    assert hub.requests[-1].status == 401

    path = download_model("meta/Gated-GGUF", FILE, tmp_path / "models", token=hub.token)
    assert path.exists()
    assert hub.file_requests()[-1].authorization == f"Bearer {hub.token}"


def test_token_from_the_environment_opens_a_gated_repo(hub, tmp_path, monkeypatch):
    hub.add_file("meta/Gated-GGUF", FILE, write_tiny_gguf(tmp_path / "g.gguf"), gated=True)
    monkeypatch.setenv("HF_TOKEN", hub.token)  # huggingface_hub's own lookup, as after `hf auth login`

    assert download_model("meta/Gated-GGUF", FILE, tmp_path / "models").exists()


def test_files_of_a_repo_go_under_owner_and_name_and_odd_ids_are_refused(tmp_path):
    assert repo_dir(tmp_path, "Qwen/Qwen2.5-3B-Instruct-GGUF") == tmp_path / "Qwen" / "Qwen2.5-3B-Instruct-GGUF"
    for bad in ("../etc", "a/../../b", "just-a-name", "a/b/c"):
        with pytest.raises(DownloadError, match="not a Hub repo id"):
            repo_dir(tmp_path, bad)


def test_missing_file_is_reported_by_name(hub, hosted, tmp_path):
    with pytest.raises(HubNotFoundError, match=f"{REPO} has no file nope.gguf"):
        download_model(REPO, "nope.gguf", tmp_path / "models")


def test_complete_part_left_before_the_rename_is_verified_without_downloading(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    hub.cut_after = 1000
    with pytest.raises(DownloadInterrupted):
        download_model(REPO, FILE, dest)
    part = part_path(dest, FILE)
    part.write_bytes(hosted.path.read_bytes())  # as if the process died between the last byte and the rename

    path = download_model(REPO, FILE, dest)

    assert len(hub.file_requests()) == 1
    assert sha256_of(path) == hosted.sha256


def test_a_second_download_of_the_same_file_at_once_is_refused(hub, hosted, tmp_path):
    dest = tmp_path / "models"
    hub.throttle = 512 * 1024
    started = threading.Event()
    first_result = []
    first = threading.Thread(
        target=lambda: first_result.append(
            download_model(REPO, FILE, dest, progress=lambda p: p.bytes_done and started.set())
        )
    )
    first.start()
    try:
        assert started.wait(timeout=20)
        with pytest.raises(DownloadBusyError, match="already being downloaded"):
            download_model(REPO, FILE, dest)
    finally:
        hub.throttle = None
        first.join(timeout=30)
    assert first_result == [dest / FILE]
    assert len(hub.file_requests()) == 1

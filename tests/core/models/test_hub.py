"""Hub search and file listing against the fake Hub, and the errors a user sees when it fails."""

from __future__ import annotations

import socket

import pytest

from desktop_app.core.models.hub import (
    HubConnectionError,
    HubFile,
    HubNotFoundError,
    HubOfflineError,
    list_gguf_files,
    pick_default_file,
    quantization_from_filename,
    search_gguf_models,
    split_part,
)
from tests.support.fake_hub import serving, write_tiny_gguf


@pytest.fixture
def hub(monkeypatch):
    with serving(monkeypatch) as hub:
        yield hub


@pytest.fixture
def tiny_gguf(tmp_path):
    return write_tiny_gguf(tmp_path / "tiny.gguf")


def test_search_finds_matching_gguf_repos_most_downloaded_first(hub, tiny_gguf):
    hub.add_file("alice/Tiny-Chat-GGUF", "tiny-Q4_K_M.gguf", tiny_gguf, downloads=10)
    hub.add_file("bob/Tiny-Writer-GGUF", "tiny-Q8_0.gguf", tiny_gguf, downloads=500, gated=True)
    hub.add_file("carol/Other-GGUF", "other-Q4_K_M.gguf", tiny_gguf, downloads=9999)

    found = search_gguf_models("tiny")

    assert [m.repo_id for m in found] == ["bob/Tiny-Writer-GGUF", "alice/Tiny-Chat-GGUF"]
    assert found[0].gated and found[0].downloads == 500


def test_search_asks_the_hub_for_gguf_repos_only(hub, tiny_gguf):
    hub.add_file("alice/Tiny-GGUF", "tiny-Q4_K_M.gguf", tiny_gguf)
    hub.repos["alice/Tiny-GGUF"].tags = ["safetensors"]

    assert search_gguf_models("tiny") == []


def test_listing_gives_each_gguf_with_size_sha256_and_quantization(hub, tiny_gguf, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("hello")
    hosted = hub.add_file("alice/Tiny-GGUF", "tiny-Q4_K_M.gguf", tiny_gguf)
    hub.add_file("alice/Tiny-GGUF", "README.md", readme)
    hub.add_file("alice/Tiny-GGUF", "mmproj-tiny-f16.gguf", tiny_gguf)

    files = list_gguf_files("alice/Tiny-GGUF")

    assert [f.filename for f in files] == ["mmproj-tiny-f16.gguf", "tiny-Q4_K_M.gguf"]
    model = files[1]
    assert (model.size, model.sha256, model.quantization) == (hosted.size, hosted.sha256, "Q4_K_M")
    assert files[0].is_projector and not model.is_projector


def test_listing_an_unknown_repo_says_so(hub):
    with pytest.raises(HubNotFoundError, match="no model nobody/Nothing-GGUF"):
        list_gguf_files("nobody/Nothing-GGUF")


def test_offline_mode_refuses_before_any_request(hub, tiny_gguf, monkeypatch):
    hub.add_file("alice/Tiny-GGUF", "tiny-Q4_K_M.gguf", tiny_gguf)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    with pytest.raises(HubOfflineError, match="offline"):
        list_gguf_files("alice/Tiny-GGUF")
    with pytest.raises(HubOfflineError):
        search_gguf_models("tiny")
    assert hub.requests == []


@pytest.mark.parametrize("ask", [lambda: list_gguf_files("alice/Tiny-GGUF"), lambda: search_gguf_models("tiny")])
def test_unreachable_hub_gives_a_connection_error(monkeypatch, ask):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    with pytest.raises(HubConnectionError, match="Cannot reach the Hugging Face Hub") as caught:
        ask()
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("filename", "quant"),
    [
        ("qwen2.5-3b-instruct-q4_k_m.gguf", "Q4_K_M"),
        ("Llama-3.2-3B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("mistral-7b-instruct-v0.2.Q5_K_S.gguf", "Q5_K_S"),
        ("Phi-3-mini-4k-instruct-q4.gguf", "Q4"),
        ("Qwen3-4B-UD-Q4_K_XL.gguf", "Q4_K_XL"),
        ("Qwen2.5-7B-Instruct-IQ4_XS.gguf", "IQ4_XS"),
        ("gemma-3-4b-it-f16.gguf", "F16"),
        ("model-BF16.gguf", "BF16"),
        ("Llama-3.2-3B-Instruct-Q4_0_4_4.gguf", "Q4_0_4_4"),
        ("qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf", "Q4_K_M"),
        ("Qwen3-8B.gguf", None),
    ],
)
def test_quantization_is_read_from_the_file_name(filename, quant):
    assert quantization_from_filename(filename) == quant


def _file(name: str) -> HubFile:
    return HubFile("o/r", name, 1, None, quantization_from_filename(name), split_part(name))


def test_default_file_prefers_q4_k_m_and_skips_projectors_and_split_models():
    files = [
        _file("m-Q8_0.gguf"),
        _file("m-Q4_K_M-00001-of-00002.gguf"),
        _file("m-Q4_K_S.gguf"),
        _file("mmproj-m-Q4_K_M.gguf"),
    ]
    assert pick_default_file(files).filename == "m-Q4_K_S.gguf"
    assert pick_default_file(files + [_file("m-Q4_K_M.gguf")]).filename == "m-Q4_K_M.gguf"
    assert pick_default_file([_file("m-Q2_K.gguf"), _file("m-Q3_K_L.gguf")]) is None
    assert pick_default_file([_file("m-Q2_K.gguf")]).filename == "m-Q2_K.gguf"
